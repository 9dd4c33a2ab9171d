"""Reports → Content health: what needs a clinician's attention."""

import django_filters
from django.db.models import OuterRef, Subquery
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.models import get_snippet_models

from approaches.models import ApproachPage
from approaches.selectors import page_links
from core.models import PortalSettings
from core.site.crisis_numbers import stray_numbers
from core.site.review_rules import READING_MEASURES, reading_measure, review_status
from core.site.selectors import portal_info
from core.staff.reports.access import PageWorkRequiredMixin
from decision_aid import rules
from governance import translations
from governance.models import PageReview
from linkcheck import selectors as link_checks

STATES = [
    ("attention", "Needs attention (any of the below)"),
    ("overdue", "Review overdue"),
    ("due-soon", "Review due within 30 days"),
    ("changed", "Changed since last review"),
    ("never", "Never reviewed"),
    ("hard", "Reading level harder than its language's target"),
    ("translation", "Translation missing or out of date"),
    ("checklist", "Decision aid checklist item not met"),
]


# Review states that need a clinician, whatever the reading grade.
NEEDS_REVIEW = ("changed", "overdue", "due-soon", "never")


class ContentHealthFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label="Show", choices=STATES, method="filter_state", empty_label="All pages")

    def filter_state(self, queryset, name, value):
        return queryset  # applied to the decorated rows in ContentHealthView.get_queryset

    class Meta:
        model = ApproachPage
        fields = []


class HealthRow:
    def __init__(self, page, latest, twins=None, links=None):
        self.page = page
        self.title = page.title
        code = page.locale.language_code
        self.language = translations.language_name(code)
        self.status = review_status(latest, page.review_interval_months, live_revision_id=page.live_revision_id)
        self.review_state = self.status.label
        self.last_reviewed = latest.reviewed_at.date() if latest else None
        self.reviewed_by = latest.reviewer_name if latest else ""
        self.next_due = self.status.next_due
        # Stored on save, on the page language's own measure (core.site.review_rules.READING_MEASURES).
        self.reading_grade = float(page.reading_grade) if page.reading_grade is not None else None
        measure = reading_measure(code)
        self.reading_level = measure.describe(self.reading_grade) if measure and self.reading_grade is not None else ""
        self.hard_to_read = bool(measure and measure.too_hard(self.reading_grade))
        self.reading_target = measure.too_hard_label if measure else ""
        self.translation_gaps, self.outdated = self._translation_state(page, twins or {})
        self.translations = self._translation_summary()
        self.live = "Live" if page.live else "Draft"
        self.url = page.url or ""
        # One result per IPDAS rule (decision_aid.rules), in RULE_LABELS order.
        self.checklist = rules.check(page, links=links)
        self.checklist_unmet = any(not result.met for result in self.checklist)

    @staticmethod
    def _translation_state(page, twins):
        """For a page in the default language, its missing, draft or out-of-date translations;
        for a translation, whether its source was published after it."""
        default = translations.default_language()
        code = page.locale.language_code
        if code != default:
            source = twins.get(default)
            return [], bool(source is not None and page.live and translations.is_outdated(source, page))
        return translations.gaps_for(page, twins), False

    def _translation_summary(self) -> str:
        if self.outdated:
            return "Out of date: the English was published after this translation"
        return "; ".join(gap.label for gap in self.translation_gaps)

    @property
    def needs_translation_work(self) -> bool:
        return self.outdated or bool(self.translation_gaps)

    def matches(self, state):
        if state == "hard":
            return self.hard_to_read
        if state == "translation":
            return self.needs_translation_work
        if state == "checklist":
            return self.checklist_unmet
        if state == "attention":
            return self.hard_to_read or self.status.state in NEEDS_REVIEW
        return self.status.state == state


def health_rows(state: str | None = None) -> list[HealthRow]:
    latest = PageReview.objects.filter(page=OuterRef("pk")).order_by("-reviewed_at")
    pages = ApproachPage.objects.annotate(latest_review_id=Subquery(latest.values("pk")[:1]))
    # Tree order: the English tree, then each translated tree.
    pages = list(pages.select_related("locale").order_by("path"))
    reviews = PageReview.objects.in_bulk([p.latest_review_id for p in pages if p.latest_review_id])
    versions = translations.translations_by_key(pages)
    # The "not now" and "About this information" pages the checklist looks for, once per language.
    links = {locale_id: page_links(locale_id=locale_id) for locale_id in {p.locale_id for p in pages}}
    rows = [
        HealthRow(p, reviews.get(p.latest_review_id), versions.get(p.translation_key), links[p.locale_id])
        for p in pages
    ]
    broken = link_checks.broken_counts_by_page()  # (count, urgent) per page, from the latest link check
    for row in rows:
        row.broken_links, row.urgent_broken_links = broken.get(row.page.pk, (0, 0))
    return [r for r in rows if r.matches(state)] if state else rows


def patient_content():
    """What patients can read: live pages, live snippets and the portal settings."""
    yield from Page.objects.live().specific()
    for model in get_snippet_models():
        queryset = model.objects.all()
        yield from queryset.filter(live=True) if issubclass(model, DraftStateMixin) else queryset
    yield PortalSettings.load()


def typed_numbers(user) -> list[dict]:
    """Phone numbers typed into content that differ from every crisis number in settings."""
    finder = AdminURLFinder(user)
    return [
        {"item": found.item, "number": found.number, "edit_url": finder.get_edit_url(found.item)}
        for found in stray_numbers(patient_content(), portal_info())
    ]


class ContentHealthView(PageWorkRequiredMixin, ReportView):
    page_title = "Content health"
    header_icon = "doc-full-inverse"
    template_name = "governance/content_health.html"
    results_template_name = "governance/content_health_results.html"
    index_url_name = "content_health"
    index_results_url_name = "content_health_results"
    filterset_class = ContentHealthFilterSet
    list_export = [
        *("title", "language", "live", "review_state", "last_reviewed", "reviewed_by", "next_due"),
        *("reading_level", "translations", "broken_links", "url"),
        *(f"checklist_{key}" for key in rules.RULE_LABELS),
    ]
    export_headings = {
        "title": "Page",
        "language": "Language",
        "live": "Status",
        "review_state": "Review",
        "last_reviewed": "Last reviewed",
        "reviewed_by": "Reviewed by",
        "next_due": "Next review due",
        "reading_level": "Reading level",
        "translations": "Translations",
        "broken_links": "Broken links",
        "url": "Address",
        **{f"checklist_{key}": f"Checklist: {label}" for key, label in rules.RULE_LABELS.items()},
    }
    paginate_by = 100

    def get_queryset(self):
        return ApproachPage.objects.none()

    def get_filtered_queryset(self):
        filters = self.filters
        state = filters.form.cleaned_data.get("state") if filters and filters.is_valid() else None
        return health_rows(state or None)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["images_without_alt"] = get_image_model().objects.filter(description="").order_by("title")[:50]
        context["reading_measures"] = list(READING_MEASURES.items())
        context["translation_gaps"] = translations.translation_gaps()
        context["typed_numbers"] = typed_numbers(self.request.user)
        context["urgent_broken_links"] = link_checks.urgent_broken_links()
        context["checklist_labels"] = list(rules.RULE_LABELS.values())
        return context

    def to_row_dict(self, item):
        met = {f"checklist_{result.key}": "Met" if result.met else "Not met" for result in item.checklist}
        return {field: met[field] if field in met else getattr(item, field) for field in self.list_export}

    def get_heading(self, queryset, field):
        return self.export_headings.get(field, field)
