from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from quiz.flow import END, Flow, FlowError, QuestionSpec, flow_from_data, validate_flow
from quiz.keys import default_key


def _live_forms(formset):
    """The formset's forms the editor kept, in the order they arranged them."""
    kept = []
    for form in formset.forms:
        form.is_valid()  # so cleaned_data exists, even on a form with errors
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or (form.instance.pk is None and not form.has_changed()):
            continue
        kept.append(form)
    return sorted(kept, key=lambda f: (getattr(f, "cleaned_data", None) or {}).get("ORDER") or 0)


class QuizAdminForm(WagtailAdminModelForm):
    """Checks the whole flow on every save and puts each problem beside the field it concerns."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_questions_as_jump_targets(self)

    def clean(self):
        cleaned = super().clean()
        question_forms = _live_forms(self.formsets["questions"])
        option_forms = [_live_forms(qf.formsets["options"]) for qf in question_forms]
        if not all(qf.is_valid() for qf in question_forms):
            return cleaned  # field errors first; the flow can only be read once they are fixed
        _follow_renamed_questions(question_forms, option_forms)

        flow = flow_from_data(
            [
                {**qf.cleaned_data, "options": [of.cleaned_data for of in options]}
                for qf, options in zip(question_forms, option_forms, strict=True)
            ],
            quiz_id=self.instance.pk,
            title=cleaned.get("title") or "",
            intro=cleaned.get("intro") or "",
        )
        for error in validate_flow(flow, live_approach_ids=_live_approach_ids(flow)):
            self._place(error, question_forms, option_forms)
        self._check_test_case_answers(flow)
        return cleaned

    def _check_test_case_answers(self, flow: Flow):
        """Each test case's answers name this quiz's own questions and answers, as posted."""
        from quiz.cases import parse_answers

        formset = self.formsets.get("test_cases")
        for form in _live_forms(formset) if formset is not None else []:
            if "answers" not in form.cleaned_data:
                continue
            _answers, errors = parse_answers(form.cleaned_data["answers"], flow)
            for error in errors:
                form.add_error("answers", error.message)
            if errors:
                name = form.cleaned_data.get("name") or "(no name)"
                self.add_error(None, f"Test case “{name}”: {errors[0].message}")

    def _place(self, error: FlowError, question_forms, option_forms):
        if error.question is None:
            self.add_error(None, error.message)
            return
        questions = question_forms[error.question]
        form = questions if error.option is None else option_forms[error.question][error.option]
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        if error.summary:
            # Also say it at the top, so an editor scrolling a long quiz knows to look.
            self.add_error(None, f"Question {error.question + 1}: {error.message}")


def _question_key(form) -> str:
    return default_key(form.cleaned_data.get("key"), form.cleaned_data.get("text"))


def _follow_renamed_questions(question_forms, option_forms):
    """A question renamed in this save takes the answers that jumped to it along."""
    keys = {_question_key(qf) for qf in question_forms}
    renamed = {
        qf.initial["key"]: _question_key(qf)
        for qf in question_forms
        if qf.instance.pk and qf.initial.get("key") and qf.initial["key"] != _question_key(qf)
    }
    for form in (of for options in option_forms for of in options):
        target = (form.cleaned_data.get("jump_to") or "").strip()
        if target in renamed and target not in keys:
            # The instance was built from the cleaned data when the form was validated.
            form.cleaned_data["jump_to"] = form.instance.jump_to = renamed[target]


def offer_questions_as_jump_targets(quiz_form):
    """Make every answer's "jump to" a choice of this quiz's questions, on the answers shown
    and on the blank ones the admin adds (a formset's empty form is built anew when asked for)."""
    questions = quiz_form.formsets["questions"]
    choices = [("", "Next question"), *_question_choices(questions), (END, "End: show the results")]

    def set_choices(option_form):
        field = option_form.fields.get("jump_to")
        if field is None:
            return
        current = option_form["jump_to"].value() or ""
        extra = [] if current in {key for key, _ in choices} else [(current, f"“{current}” (not in this quiz)")]
        field.widget.choices = choices + extra

    def prepare_question(question_form):
        options = question_form.formsets["options"]
        for option_form in options.forms:
            set_choices(option_form)
        _on_empty_form(options, set_choices)

    for question_form in questions.forms:
        prepare_question(question_form)
    _on_empty_form(questions, prepare_question)


def _on_empty_form(formset, prepare):
    add_fields = formset.add_fields

    def add_fields_then_prepare(form, index):
        add_fields(form, index)
        if index is None:  # only the empty form is built with no index
            prepare(form)

    formset.add_fields = add_fields_then_prepare


def _question_choices(questions) -> list[tuple[str, str]]:
    """(key, "Q2: text") for each question as the form stands: as posted, or as saved."""
    rows = []
    for position, form in enumerate(questions.forms):
        if form.is_bound:
            posted = {name: form.data.get(form.add_prefix(name)) or "" for name in ("key", "text", "ORDER", "DELETE")}
            if posted["DELETE"] or not (posted["text"] or posted["key"]):
                continue
            order = int(posted["ORDER"]) if posted["ORDER"].isdigit() else position
            key, text = posted["key"].strip(), posted["text"]
        else:
            order, key, text = position, form.initial.get("key") or "", form.initial.get("text") or ""
        rows.append((order, default_key(key, text), text))
    rows.sort(key=lambda row: row[0])
    return [(key, f"Q{n}: {text[:70]}") for n, (_order, key, text) in enumerate(rows, start=1) if key]


def _live_approach_ids(flow: Flow) -> set[int]:
    from approaches.models import ApproachPage

    wanted = {pid for q in flow.questions for o in q.options for pid, _ in o.approach_weights}
    if not wanted:
        return set()
    return set(ApproachPage.objects.live().filter(pk__in=wanted).values_list("pk", flat=True))


class AnswerForm(forms.Form):
    """One quiz question as a plain HTML form. Only this question's own answers are accepted."""

    def __init__(self, question: QuestionSpec, *args, skipping: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        choices = [(o.key, o.label) for o in question.options]
        required = question.required and not skipping
        if question.allow_multiple:
            self.fields["answer"] = forms.MultipleChoiceField(
                label=question.text,
                choices=choices,
                required=required,
                widget=forms.CheckboxSelectMultiple,
                help_text=question.help_text,
                error_messages={"required": _("Please choose at least one answer."), "invalid_choice": _INVALID},
            )
        else:
            self.fields["answer"] = forms.ChoiceField(
                label=question.text,
                choices=choices,
                required=required,
                widget=forms.RadioSelect,
                help_text=question.help_text,
                error_messages={"required": _("Please choose an answer."), "invalid_choice": _INVALID},
            )

    def clean_answer(self):
        value = self.cleaned_data.get("answer")
        # A radio group sends one value; several mean the form was tampered with.
        if not self.question.allow_multiple and hasattr(self.data, "getlist") and len(self.data.getlist("answer")) > 1:
            raise forms.ValidationError(_("Please choose just one answer."))
        return value

    def chosen(self) -> list[str]:
        value = self.cleaned_data.get("answer")
        if not value:
            return []
        return list(value) if isinstance(value, list) else [value]


_INVALID = _("That answer isn’t one of the choices for this question. Please choose again.")
