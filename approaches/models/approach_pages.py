"""The approach library's pages: the index and the approach pages it lists."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from approaches import blocks, queries
from approaches.evidence import markers_in, strip_markers
from approaches.models.about import AboutInformationPage
from core.site.panels import ReadingLevelPanel

# Field defaults, in English; marked so the Spanish catalog (locale/es) holds their translation,
# which seeding gives a page's translation that kept the default (approaches.seeding_translations).
PACE_HEADING = gettext_noop("If this feels hard right now, that’s okay")
PACE_TEXT = gettext_noop(
    "Sometimes the best next step is choosing the right pace and support level first—then building from there."
)
QUESTIONS_INTRO = gettext_noop(
    "You don’t have to ask all of these—pick the ones that would help you feel confident and supported."
)

DECISION_HELP = (
    "The decision this page helps with, in one or two plain sentences, for example “Which kind of help to "
    "start with, and when.” Shown near the top (IPDAS: the decision is stated)."
)


class ApproachIndexPage(Page):
    intro = models.TextField(max_length=600, blank=True)
    decision = models.TextField("the decision", max_length=400, blank=True, help_text=DECISION_HELP)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("decision")]

    parent_page_types = ["approaches.HomePage"]
    subpage_types = ["approaches.ApproachPage"]
    max_count = 1

    @property
    def meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = queries.approach_listing(
            ApproachPage.objects.child_of(self), condition_slug=request.GET.get("condition")
        )
        context["listing"] = listing
        # Usually among the listed pages; a filtered listing may have left it out.
        listed = next((a for a in listing.approaches if a.is_not_now_option), None)
        context["not_now"] = listed or queries.not_now_page(ApproachPage.objects.all(), locale_id=self.locale_id)
        return context


class ApproachPage(Page):
    """One treatment approach, in the shared structure every approach page follows."""

    summary = models.TextField(
        max_length=300,
        help_text="What this approach is, in one or two sentences. Shown on cards and in search results.",
    )
    is_demo_content = models.BooleanField(
        default=False,
        verbose_name="Demo text",
        help_text="Sample text written by the portal team. Shows a notice that it is not clinically reviewed.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. A calm, relevant photo; avoid images of people in distress. Patients who can’t "
        "see it hear the image’s own description (Images → the image), the same wherever it is used.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "review every",
        choices=[(3, "3 months"), (6, "6 months"), (12, "12 months"), (24, "2 years"), (36, "3 years")],
        default=12,
        help_text="Medication and safety content: every 3 to 6 months. Other content: every 1 to 3 years.",
    )
    reading_grade = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, editable=False,
        help_text="Flesch–Kincaid grade of the patient-facing text, worked out on save.",
    )  # fmt: skip
    providers_note = models.TextField(
        "who provides it",
        max_length=400,
        help_text="Who typically provides this, in one sentence.",
    )
    training_note = models.TextField(
        max_length=600, help_text="What training the provider needs, and what a patient can ask about it."
    )
    session_items = StreamField([("point", blocks.ListItemBlock())], blank=True)
    good_fit_items = StreamField([("point", blocks.ListItemBlock())], blank=True)
    pace_heading = models.CharField(max_length=120, blank=True, default=PACE_HEADING)
    pace_text = models.TextField(max_length=400, blank=True, default=PACE_TEXT)
    not_fit_items = StreamField([("point", blocks.ListItemBlock())], blank=True)
    questions_intro = models.TextField(max_length=300, blank=True, default=QUESTIONS_INTRO)
    questions = StreamField([("question", blocks.QuestionBlock())], blank=True)
    safety_notes = StreamField([("safety_note", blocks.SafetyNoteBlock())], blank=True)
    access = StreamField([("access", blocks.AccessBlock())], blank=True, max_num=1, verbose_name="how to get it")
    # The decision-aid parts (docs/content-model.md#decision-aid; the checklist: decision_aid/rules.py).
    decision = models.TextField("the decision", max_length=400, blank=True, help_text=DECISION_HELP)
    is_not_now_option = models.BooleanField(
        "“not now” option",
        default=False,
        help_text="Tick on the one page about starting on your own or watching and waiting. Every other "
        "approach page links to it, so patients always see that not starting treatment yet is a choice too.",
    )
    outcomes = StreamField([("outcome", blocks.OutcomeBlock())], blank=True, verbose_name="what tends to happen")
    sources = StreamField(
        [("source", blocks.ReferenceBlock())],
        blank=True,
        help_text="Public guidance this page is based on. Write [1] in the text to point at the first source.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("decision"),
        FieldPanel("is_demo_content"),
        FieldPanel("is_not_now_option"),
        FieldPanel("image"),
        MultiFieldPanel([FieldPanel("review_interval_months"), ReadingLevelPanel()], heading="Clinical review"),
        MultiFieldPanel(
            [InlinePanel("provider_links", label="Provider type"), FieldPanel("providers_note")],
            heading="Who typically provides this?",
        ),
        FieldPanel("training_note"),
        FieldPanel("session_items", heading="What sessions can look like"),
        InlinePanel("condition_links", label="Often helpful for", heading="Often helpful for"),
        FieldPanel("good_fit_items", heading="Good fit if…"),
        MultiFieldPanel([FieldPanel("pace_heading"), FieldPanel("pace_text")], heading="Pace note"),
        FieldPanel("not_fit_items", heading="Might not be the best fit if…"),
        MultiFieldPanel(
            [FieldPanel("questions_intro"), FieldPanel("questions")],
            heading="Questions you can bring to a first session",
        ),
        FieldPanel("access", heading="How to get it (optional)"),
        FieldPanel("safety_notes", heading="Safety notes"),
        FieldPanel("outcomes", heading="What tends to happen"),
        FieldPanel("sources", heading="Sources"),
    ]
    # Which page is the "not now" option is the same in every language.
    override_translatable_fields = [SynchronizedField("is_not_now_option")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("providers_note"),
        index.SearchField("training_note"),
        index.SearchField("session_items"),
        index.SearchField("good_fit_items"),
        index.SearchField("not_fit_items"),
        index.SearchField("questions"),
        index.SearchField("safety_notes"),
        index.SearchField("access"),
        index.RelatedFields("condition_links", [index.RelatedFields("condition", [index.SearchField("name")])]),
    ]

    parent_page_types = ["approaches.ApproachIndexPage"]
    subpage_types = []

    @property
    def meta_description(self):
        return self.search_description or self.summary

    @property
    def structured_data(self) -> dict:
        """schema.org MedicalWebPage. `lastReviewed` appears only once a clinician has reviewed it."""
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "description": self.meta_description,
            "url": self.full_url,
            "audience": {"@type": "PeopleAudience", "audienceType": "Patient"},
            "inLanguage": self.locale.language_code,
        }
        if self.review_status.state not in ("never", "changed"):
            data["lastReviewed"] = self.review_status.last_review.reviewed_at.date().isoformat()
        return data

    @cached_property
    def review_status(self):
        from core.site.review_rules import review_status

        # Reviews are governance's records (governance.PageReview), which hang off every page as
        # `clinical_reviews`; reading them through the page keeps approaches below governance.
        latest = self.clinical_reviews.first() if self.pk else None
        return review_status(latest, self.review_interval_months, live_revision_id=self.live_revision_id)

    def patient_text(self) -> str:
        """Everything a patient reads on this page, as plain sentences, for the reading grade."""
        parts = [self.summary, self.providers_note, self.training_note, self.pace_heading, self.pace_text]
        for field in (self.session_items, self.good_fit_items, self.not_fit_items, self.questions):
            parts += [str(block.value) for block in field]
        parts += [block.value["text"] for block in self.safety_notes]
        parts += [text for block in self.access for _, text in block.value.topics()]
        parts.append(self.decision)
        parts += [f"{b.value.sentence()} {b.value.comparison_sentence()}" for b in self.outcomes]
        parts = [strip_markers(p) for p in parts if p]
        return " ".join(p.strip().rstrip(".") + "." for p in parts if p and p.strip())

    def language_code(self) -> str:
        """This page's language, also before its first save (when Wagtail has not set a locale)."""
        if self.locale_id:
            return self.locale.language_code
        return Locale.get_default().language_code

    def save(self, *args, **kwargs):
        from core.site.review_rules import reading_grade

        # Each language on its own measure (core.site.review_rules.READING_MEASURES).
        grade = reading_grade(self.patient_text(), self.language_code())
        self.reading_grade = Decimal(str(grade)) if grade is not None else None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.image_id and not self.image.description.strip():
            raise ValidationError(
                {"image": "This image has no description. Add one in Images (edit the image), then choose it again."}
            )
        if bool(self.pace_heading.strip()) != bool(self.pace_text.strip()):
            missing = "pace_text" if self.pace_heading.strip() else "pace_heading"
            raise ValidationError({missing: "The pace note needs both a heading and its text, or leave both empty."})
        self._clean_source_numbers()
        if self.is_not_now_option:
            others = ApproachPage.objects.filter(is_not_now_option=True, locale_id=self.locale_id).exclude(
                translation_key=self.translation_key
            )
            if self.locale_id and others.exists():
                raise ValidationError(
                    {"is_not_now_option": f"“{others.first().title}” is already the “not now” option. Untick it there."}
                )

    def _clean_source_numbers(self):
        """Every [n] marker and every outcome's source number must name an entry under Sources."""
        count = len(self.sources)
        for position, block in enumerate(self.outcomes, start=1):
            if block.value.get("source") and block.value["source"] > count:
                raise ValidationError(
                    {"outcomes": f"Outcome {position} names source {block.value['source']}, but Sources has {count}."}
                )
        for number in markers_in(self.patient_text_with_markers()):
            if number < 1 or number > count:
                raise ValidationError(
                    {"sources": f"The text points at source [{number}], but Sources has {count}: add it or fix it."}
                )

    def patient_text_with_markers(self) -> str:
        """The section texts that may carry footnote markers, as written."""
        parts = [self.decision]
        for field in (self.session_items, self.good_fit_items, self.not_fit_items):
            parts += [str(block.value) for block in field]
        parts += [block.value["text"] for block in self.safety_notes]
        parts += [block.value.get("outcome") or "" for block in self.outcomes]
        return " ".join(parts)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["provider_links"] = queries.live_provider_links(self)
        # The not-now page and "About this information" in this page's language, in one query.
        links = (
            queries.rendered_page_links(locale_id=self.locale_id, about_page_class=AboutInformationPage)
            if self.locale_id
            else queries.PageLinks()
        )
        context["not_now"], context["about_page"] = links.not_now, links.about
        context["condition_links"] = queries.live_condition_links(self)
        context["stories"] = queries.live_stories(self)
        # A page's URL is its parent's plus its slug, so the index link costs no query.
        context["index_url"] = (self.get_url(request) or "").removesuffix(f"{self.slug}/")
        # Urgent notes are never behind the "show more" (docs/content-model.md, safety notes).
        context["urgent_safety_notes"] = [b for b in self.safety_notes if b.value.get("urgent")]
        context["other_safety_notes"] = [b for b in self.safety_notes if not b.value.get("urgent")]
        return context
