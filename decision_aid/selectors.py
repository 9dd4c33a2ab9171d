"""Reads of the decision-aid app."""

from wagtail.models import WorkflowState

from decision_aid.models import UnmetItemsReason
from decision_aid.rules import RULE_LABELS

OPEN_STATES = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)


def open_unmet_reasons(page_id) -> list[UnmetItemsReason]:
    """The reasons given for the submission now under review (newest first), with the unmet
    items' labels as `labels`. One query."""
    if not page_id:
        return []
    reasons = list(
        UnmetItemsReason.objects.filter(page_id=page_id, workflow_state__status__in=OPEN_STATES).select_related("user")
    )
    for reason in reasons:
        reason.labels = [RULE_LABELS.get(key, key) for key in reason.rule_keys]
    return reasons
