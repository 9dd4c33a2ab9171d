from wagtail import hooks

from approaches.models import ApproachPage
from decision_aid.services import record_from_request


# The form (decision_aid.forms.ChecklistPageForm) refused a submit without a reason; once the
# view has saved the revision and started the workflow, the reason is kept beside them.
@hooks.register("after_edit_page")
def keep_reason_after_edit(request, page):
    if isinstance(page, ApproachPage):
        record_from_request(request, page)


@hooks.register("after_create_page")
def keep_reason_after_create(request, page):
    if isinstance(page, ApproachPage):
        record_from_request(request, page)
