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
from core.crisis_numbers import stray_numbers
from core.models import PortalSettings
from core.reports.access import PageWorkRequiredMixin
from core.review_rules import READING_GRADE_TARGET, review_status
from core.selectors import portal_info
from governance.models import PageReview

STATES = [
    ("attention", "Needs attention (any of the below)"),
    ("overdue", "Review overdue"),
    ("due-soon", "Review due within 30 days"),
    ("changed", "Changed since last review"),
    ("never", "Never reviewed"),
    ("hard", f"Reading grade above {READING_GRADE_TARGET:g}"),
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
    def __init__(self, page, latest):
        self.page = page
        self.title = page.title
        self.status = review_status(latest, page.review_interval_months, live_revision_id=page.live_revision_id)
        self.review_state = self.status.label
        self.last_reviewed = latest.reviewed_at.date() if latest else None
        self.reviewed_by = latest.reviewer_name if latest else ""
        self.next_due = self.status.next_due
        self.reading_grade = float(page.reading_grade) if page.reading_grade is not None else None
        self.hard_to_read = self.reading_grade is not None and self.reading_grade > READING_GRADE_TARGET
        self.live = "Live" if page.live else "Draft"
        self.url = page.url or ""

    def matches(self, state):
        if state == "hard":
            return self.hard_to_read
        if state == "attention":
            return self.hard_to_read or self.status.state in NEEDS_REVIEW
        return self.status.state == state


def health_rows(state: str | None = None) -> list[HealthRow]:
    latest = PageReview.objects.filter(page=OuterRef("pk")).order_by("-reviewed_at")
    pages = ApproachPage.objects.annotate(latest_review_id=Subquery(latest.values("pk")[:1])).order_by("path")
    pages = list(pages)
    reviews = PageReview.objects.in_bulk([p.latest_review_id for p in pages if p.latest_review_id])
    rows = [HealthRow(p, reviews.get(p.latest_review_id)) for p in pages]
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
    list_export = ["title", "live", "review_state", "last_reviewed", "reviewed_by", "next_due", "reading_grade", "url"]
    export_headings = {
        "title": "Page",
        "live": "Status",
        "review_state": "Review",
        "last_reviewed": "Last reviewed",
        "reviewed_by": "Reviewed by",
        "next_due": "Next review due",
        "reading_grade": "Reading grade",
        "url": "Address",
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
        context["target"] = READING_GRADE_TARGET
        context["typed_numbers"] = typed_numbers(self.request.user)
        return context

    def to_row_dict(self, item):
        return {field: getattr(item, field) for field in self.list_export}

    def get_heading(self, queryset, field):
        return self.export_headings.get(field, field)
