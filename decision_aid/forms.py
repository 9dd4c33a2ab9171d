"""The approach page editor's form: submitting for review with unmet checklist items needs a reason."""

import copy

from django import forms
from django.forms.models import construct_instance
from wagtail.admin.forms import WagtailAdminPageForm

from decision_aid.rules import unmet

REASON_FIELD = "unmet_checklist_reason"
REASON_LABEL = "Reason for submitting with unmet checklist items"
# The edit and create views' buttons that start (or restart) Clinical review
# (wagtail.admin.views.pages.edit.EditView.action_name_and_method). Saving a draft needs no reason.
SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


def is_submitting(data) -> bool:
    return any(data.get(action) for action in SUBMIT_ACTIONS)


class ChecklistPageForm(WagtailAdminPageForm):
    unmet_checklist_reason = forms.CharField(
        label=REASON_LABEL,
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text="Only needed when you submit for review while the checklist above shows an item not met. "
        "The reviewer sees it beside the checklist.",
    )

    def clean(self):
        cleaned = super().clean()
        self.unmet_results = []
        if not self.is_bound or not is_submitting(self.data) or REASON_FIELD in self.errors:
            return cleaned
        # The rules read a page: this one as posted, built on a copy so that the instance itself is
        # filled in only by the model form's own step after clean().
        candidate = construct_instance(self, copy.copy(self.instance), self._meta.fields, self._meta.exclude)
        self.unmet_results = unmet(candidate)
        if self.unmet_results and not cleaned.get(REASON_FIELD, "").strip():
            labels = "; ".join(result.label for result in self.unmet_results)
            self.add_error(
                REASON_FIELD,
                f"Not met: {labels}. Fix these, or say here why this version should go to review anyway. "
                "Your changes are still in the form.",
            )
        return cleaned
