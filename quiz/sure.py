"""The SURE check (issue 26): four yes/no questions a patient may answer after their results.

The SURE test (Légaré and colleagues, from the Ottawa decisional conflict scale) asks whether
a person feels ready to decide. Answering is optional; a form that is sent must answer all
four, each "yes" or "no". What is kept is a count only (quiz.models.sure.SureCount).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from quiz.models.sure import SURE_FIELDS

YES, NO = "yes", "no"

QUESTIONS = {
    "sure_of_myself": _("Do you feel sure about the best choice for you?"),
    "understand_information": _("Do you know the benefits and risks of each option?"),
    "risk_benefit_clear": _("Are you clear about which benefits and risks matter most to you?"),
    "enough_support": _("Do you have enough support and advice to make a choice?"),
}
# Short names, as the test calls them, for the analytics report and the flow of the form.
SHORT_NAMES = {
    "sure_of_myself": _("Sure of myself"),
    "understand_information": _("Understand the information"),
    "risk_benefit_clear": _("Risk–benefit ratio clear"),
    "enough_support": _("Encouragement: enough support and advice"),
}


class SureForm(forms.Form):
    """All four questions, yes or no. Anything else (a missing or made-up answer) is refused."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "sure-%s")
        super().__init__(*args, **kwargs)
        for name in SURE_FIELDS:
            question = QUESTIONS[name]
            self.fields[name] = forms.ChoiceField(
                label=question,
                choices=[(YES, _("Yes")), (NO, _("No"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose yes or no."), "invalid_choice": _("Choose yes or no.")},
            )

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        for name in SURE_FIELDS:
            if getlist and len(getlist(name)) > 1:
                # A browser sends one value per radio group: two is a made-up form.
                self.add_error(name, _("Choose yes or no."))
        return cleaned

    def answers(self) -> dict[str, bool]:
        return {name: self.cleaned_data[name] == YES for name in SURE_FIELDS}
