"""Writes of the decision-aid app."""

from wagtail.models import WorkflowState

from decision_aid.forms import REASON_FIELD, is_submitting
from decision_aid.models import UnmetItemsReason
from decision_aid.rules import unmet


def _open_workflow_state(page):
    # Not `page.current_workflow_state`: the edit view's page may hold the states it prefetched
    # before this submit started the workflow.
    return WorkflowState.objects.active().for_instance(page).first()


def record_unmet_reason(*, page, user, reason: str) -> UnmetItemsReason | None:
    """Keep the reason given for submitting `page` (just submitted) with unmet checklist items.

    Nothing is kept when every item is met: the reason is asked for only then.
    """
    keys = [result.key for result in unmet(page)]
    reason = reason.strip()
    if not keys or not reason:
        return None
    return UnmetItemsReason.objects.create(
        page_id=page.pk,
        revision=page.get_latest_revision(),
        workflow_state=_open_workflow_state(page),
        rule_keys=keys,
        reason=reason,
        user=user if user.is_authenticated else None,
    )


def record_from_request(request, page) -> UnmetItemsReason | None:
    """After the editor's submit (decision_aid/wagtail_hooks.py); any other post keeps nothing."""
    if request.method != "POST" or not is_submitting(request.POST) or _open_workflow_state(page) is None:
        return None
    return record_unmet_reason(page=page, user=request.user, reason=request.POST.get(REASON_FIELD, ""))
