"""Admin panels for the quiz editor."""

from django.utils.functional import cached_property
from wagtail.admin.panels import Panel

from quiz import flow_reads


class CaseResultsPanel(Panel):
    """Each test case passing or failing on the version being edited: the latest draft, which is
    the version a reviewer's approval publishes. Failures come first, so a reviewer sees them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "quiz/panels/test_case_results.html"

        @cached_property
        def results(self):
            if self.instance is None:
                return []
            return sorted(flow_reads.case_results(self.instance), key=lambda result: result.passed)

        def is_shown(self):
            return bool(self.results)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["results"] = self.results
            context["failing"] = [result for result in self.results if not result.passed]
            return context
