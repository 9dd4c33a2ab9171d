from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_noop
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from approaches import blocks
from approaches.evidence import markers_in, strip_markers
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


# --- Snippets ------------------------------------------------------------------------


class ReviewedSnippet(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """Patient-facing wording kept outside pages: drafted, reviewed and published like a page.

    The row holds the published version while a draft waits in its latest revision, so
    patient reads filter on `live` only (approaches/selectors.py). Each language has its own
    row, a translation of the English one (same `translation_key`), reviewed on its own.
    """

    class Meta(TranslatableMixin.Meta):
        abstract = True

    def get_preview_template(self, request, mode_name):
        return f"approaches/{self._meta.model_name}_preview.html"


class Condition(ReviewedSnippet):
    """A concern patients look for ("Severe anxiety"); links approaches, the index filter and the quiz."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, help_text="Used in web addresses.")
    description = models.TextField(max_length=500, help_text="One or two plain-language sentences about this concern.")

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="condition",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="condition",
        for_concrete_model=False,
    )

    panels = [FieldPanel("name", required_on_save=True), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]
    # The slug is the reference key (approach filters, the quiz, the seed files): the same in
    # every language, never translated.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(ReviewedSnippet.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "locale"], name="unique_condition_name_per_locale"),
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_condition_slug_per_locale"),
        ]

    def __str__(self):
        return self.name


class ProviderType(ReviewedSnippet):
    """A kind of professional who provides an approach ("Psychiatrist")."""

    name = models.CharField(max_length=100)
    credentials = models.CharField(
        max_length=100, blank=True, help_text="Letters or licences, for example “MD, DO” or “PMHNP-BC”."
    )
    description = models.TextField(
        max_length=500, help_text="What this professional does, in one or two plain sentences."
    )

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="providertype",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="providertype",
        for_concrete_model=False,
    )

    panels = [FieldPanel("name", required_on_save=True), FieldPanel("credentials"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.SearchField("description")]
    # License letters are the same in every language.
    override_translatable_fields = [SynchronizedField("credentials")]

    class Meta(ReviewedSnippet.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "locale"], name="unique_providertype_name_per_locale"),
        ]

    def __str__(self):
        return f"{self.name} ({self.credentials})" if self.credentials else self.name


class Story(ReviewedSnippet):
    """One person's experience of an approach, in their own words (IPDAS: personal stories).

    Patients read it as one person's experience, never as advice (templates/includes/stories.html),
    and only once the person's consent is recorded and the story is approved (selectors.live_stories).
    """

    approach = models.ForeignKey(
        "approaches.ApproachPage",
        on_delete=models.CASCADE,
        related_name="stories",
        help_text="The approach page it is shown on. A translation is shown on that page's translation.",
    )
    text = models.TextField(
        max_length=1500,
        help_text="In the first person (“I…”), in their words, edited only for length and privacy. No advice, "
        "no doses, no names of clinicians or places.",
    )
    first_name = models.CharField(
        max_length=40,
        blank=True,
        help_text="Their first name only, if they agreed to it. Leave empty to show “anonymous”.",
    )
    consent_given = models.BooleanField(
        "consent recorded",
        default=False,
        help_text="Tick only when the person has agreed, in writing, to this text being shown. A story without "
        "consent is never shown to patients.",
    )
    consent_date = models.DateField(null=True, blank=True, help_text="When they gave consent.")
    consent_recorded_by = models.CharField(
        max_length=120, blank=True, help_text="Who recorded the consent: your name and role."
    )
    is_demo_content = models.BooleanField(
        default=False,
        verbose_name="Demo text",
        help_text="Written by the portal team for the demo, not a real person. Says so on the page.",
    )

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="story",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="story",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("approach"),
        FieldPanel("text", required_on_save=True),
        FieldPanel("first_name"),
        FieldPanel("is_demo_content"),
        MultiFieldPanel(
            [FieldPanel("consent_given"), FieldPanel("consent_date"), FieldPanel("consent_recorded_by")],
            heading="Consent",
        ),
    ]
    search_fields = [index.SearchField("text")]
    # Consent is the person's, whatever the language the story is shown in.
    override_translatable_fields = [
        *(SynchronizedField("first_name"), SynchronizedField("consent_given")),
        *(SynchronizedField("consent_date"), SynchronizedField("consent_recorded_by")),
        SynchronizedField("is_demo_content"),
    ]

    class Meta(ReviewedSnippet.Meta):
        verbose_name_plural = "stories"
        ordering = ["approach", "pk"]

    def __str__(self):
        return f"{self.first_name or 'Anonymous'}: {self.text[:50]}"

    @property
    def display_name(self) -> str:
        """How the page names the teller, in the patient's language."""
        from django.utils.translation import gettext

        return self.first_name or gettext("Anonymous")

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["object_as_list"] = [self]
        return context

    def clean(self):
        super().clean()
        from django.utils import timezone

        if self.consent_given:
            missing = {}
            if self.consent_date is None:
                missing["consent_date"] = "Say when consent was given."
            elif self.consent_date > timezone.localdate():
                missing["consent_date"] = "Consent can’t be given in the future."
            if not self.consent_recorded_by.strip():
                missing["consent_recorded_by"] = "Say who recorded the consent."
            if missing:
                raise ValidationError(missing)
        if self.approach_id and self.locale_id and self.approach.locale_id != self.locale_id:
            raise ValidationError({"approach": "Choose the approach page in the story’s own language."})


# --- Pages ---------------------------------------------------------------------------


class HomePage(Page):
    intro = models.TextField(max_length=600, help_text="What the portal is, and that it is educational only.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        *("approaches.ApproachIndexPage", "approaches.StandardPage", "quiz.QuizPage"),
        "approaches.AboutInformationPage",
    ]
    max_count = 1

    @property
    def meta_description(self):
        return self.search_description or self.intro

    def route(self, request, path_components):
        """Find the deepest page along the path in one query, rather than two queries per level.

        That page's own route() handles whatever is left of the path, so pages with
        sub-routes (RoutablePageMixin) and unpublished pages behave as in Wagtail's walk.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [self.url_path + "/".join(path_components[:i]) + "/" for i in range(1, len(path_components) + 1)]
        deepest = (
            Page.objects.filter(path__startswith=self.path, url_path__in=prefixes)
            .order_by("-depth")
            .only("id", "depth", "content_type_id")
            .first()
        )
        if deepest is None:
            raise Http404
        return deepest.specific.route(request, path_components[deepest.depth - self.depth :])

    def get_context(self, request, *args, **kwargs):
        from approaches import selectors

        context = super().get_context(request, *args, **kwargs)
        index = selectors.public_index(self)
        approaches = list(selectors.live_approaches(parent=index)) if index else []
        context["approaches"] = approaches
        context["conditions"] = selectors.conditions_of(approaches)
        context["approach_index"] = index
        return context


class StandardPage(Page):
    intro = models.TextField(max_length=600, blank=True)
    body = StreamField(blocks.StandardStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["approaches.HomePage", "approaches.StandardPage"]
    subpage_types = ["approaches.StandardPage"]

    @property
    def meta_description(self):
        return self.search_description or self.intro


DECISION_HELP = (
    "The decision this page helps with, in one or two plain sentences, for example “Which kind of help to "
    "start with, and when.” Shown near the top (IPDAS: the decision is stated)."
)


class AboutInformationPage(Page):
    """ "About this information": who writes and reviews the content, funding, conflicts of
    interest and the update policy (IPDAS). Every approach page links to it beside its review stamp.

    The reviewers are governance's records, which this layer may not import: governance hands
    them in through the `about_information_reviewers` hook (governance/wagtail_hooks.py)."""

    intro = models.TextField(max_length=600)
    authorship = models.TextField("who writes the content", max_length=1000)
    funding = models.TextField(max_length=600, help_text="Who pays for this site, and whether they shape the content.")
    conflicts = models.TextField("conflicts of interest", max_length=600)
    update_policy = models.TextField(
        max_length=1000, help_text="How often pages are reviewed, and what triggers an early review."
    )

    content_panels = Page.content_panels + [
        *(FieldPanel("intro"), FieldPanel("authorship"), FieldPanel("funding")),
        *(FieldPanel("conflicts"), FieldPanel("update_policy")),
    ]
    parent_page_types = ["approaches.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    @property
    def meta_description(self):
        return self.search_description or self.intro

    @classmethod
    def own_content_type_pk(cls) -> int:
        """(Not `content_type_id`: that is every page's own field, which a method would hide.)"""
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(cls).pk

    def reviewers(self) -> list:
        from wagtail import hooks

        return [reviewer for fn in hooks.get_hooks("about_information_reviewers") for reviewer in fn()]

    @property
    def structured_data(self) -> dict:
        """schema.org AboutPage, with the reviewers as `reviewedBy` people."""
        return {
            "@context": "https://schema.org",
            "@type": "AboutPage",
            "name": self.title,
            "description": self.meta_description,
            "url": self.full_url,
            "inLanguage": self.locale.language_code,
            "reviewedBy": [{"@type": "Person", "name": r.name, "jobTitle": r.credentials} for r in self.reviewers()],
        }


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
        from approaches import selectors

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = selectors.approach_listing(parent=self, condition_slug=request.GET.get("condition"))
        # Usually among the listed pages; a filtered listing may have left it out.
        listed = next((a for a in context["listing"].approaches if a.is_not_now_option), None)
        context["not_now"] = listed or selectors.not_now_page(locale_id=self.locale_id)
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
        from approaches import selectors

        context["provider_links"] = selectors.live_provider_links(self)
        # The not-now page and "About this information" in this page's language, in one query.
        links = selectors.page_links(locale_id=self.locale_id) if self.locale_id else selectors.PageLinks()
        context["not_now"], context["about_page"] = links.not_now, links.about
        context["condition_links"] = selectors.live_condition_links(self)
        context["stories"] = selectors.live_stories(self)
        # A page's URL is its parent's plus its slug, so the index link costs no query.
        context["index_url"] = (self.get_url(request) or "").removesuffix(f"{self.slug}/")
        # Urgent notes are never behind the "show more" (docs/content-model.md, safety notes).
        context["urgent_safety_notes"] = [b for b in self.safety_notes if b.value.get("urgent")]
        context["other_safety_notes"] = [b for b in self.safety_notes if not b.value.get("urgent")]
        return context


class ApproachProviderType(Orderable):
    page = ParentalKey(ApproachPage, on_delete=models.CASCADE, related_name="provider_links")
    provider_type = models.ForeignKey(ProviderType, on_delete=models.PROTECT, related_name="approach_links")

    panels = [FieldPanel("provider_type")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "provider_type"], name="unique_approach_provider_type")]


class ApproachCondition(Orderable):
    page = ParentalKey(ApproachPage, on_delete=models.CASCADE, related_name="condition_links")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="approach_links")

    panels = [FieldPanel("condition")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "condition"], name="unique_approach_condition")]
