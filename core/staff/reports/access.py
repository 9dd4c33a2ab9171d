"""Who may open which admin report.

Reports about pages (Content health, Site history) are for the people who work on pages:
anyone with add, change or publish permission on some page, which is how Wagtail's own page
reports decide. The Analytics group has no page permission, so it sees neither.
"""

from django.utils.functional import cached_property
from wagtail.models import Page
from wagtail.permissions import policy_registry

PAGE_WORK = ["add", "change", "publish"]


def works_on_pages(user) -> bool:
    return policy_registry.get_by_type(Page).user_has_any_permission(user, PAGE_WORK)


class PageWorkRequiredMixin:
    """For a ReportView: refuse (403) anyone who works on no page, exports included."""

    any_permission_required = PAGE_WORK

    @cached_property
    def permission_policy(self):
        # The report lists rows of its own, but who may see it is a question about pages.
        return policy_registry.get_by_type(Page)
