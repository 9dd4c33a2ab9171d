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
        build_repeated_widgets_once(self)
        if not self.is_bound:
            load_weights_at_once(self)

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


def build_repeated_widgets_once(quiz_form):
    """Every answer and every test case has the same widgets with the same choices, and the
    editor renders dozens of them: build each once per form, not once per answer or case.

    An answer's weights widget carries the whole block definition (every block, its help text,
    the chooser's markup) as JSON; building it is most of the cost of an answer, and the widget
    keeps nothing of the answer it renders. A test case's approach and level lists would
    otherwise be read from the database once per case."""
    shared_weights = []

    def share_weights_widget(option_form):
        field = option_form.fields.get("weights")
        if field is None:
            return
        if not shared_weights:
            shared_weights.append(field.widget)
        field.widget = shared_weights[0]

    def prepare_question(question_form):
        options = question_form.formsets["options"]
        for option_form in options.forms:
            share_weights_widget(option_form)
        _on_empty_form(options, share_weights_widget)

    questions = quiz_form.formsets["questions"]
    for question_form in questions.forms:
        prepare_question(question_form)
    _on_empty_form(questions, prepare_question)

    test_cases = quiz_form.formsets.get("test_cases")
    if test_cases is None:
        return
    listed = {}

    def share_model_choices(case_form):
        for name, field in case_form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                # Only what is shown: the field still checks a posted id against its queryset.
                if name not in listed:
                    listed[name] = list(iter(field.widget.choices))  # iter(): no COUNT query first
                field.widget.choices = listed[name]

    for case_form in test_cases.forms:
        share_model_choices(case_form)
    _on_empty_form(test_cases, share_model_choices)


def load_weights_at_once(quiz_form):
    """Read the pages and support levels every answer's weights name in two queries, not two per
    answer, and the approach pages' parents (the chooser shows where a page lives) in one more,
    not one per weight. Only for an unbound form: a bound one shows the weights as posted."""
    from wagtail.blocks import StreamValue
    from wagtail.models import Page

    option_forms = [
        option_form
        for question_form in quiz_form.formsets["questions"].forms
        for option_form in question_form.formsets["options"].forms
        if isinstance(option_form.initial.get("weights"), StreamValue)
    ]
    if not option_forms:
        return
    stream_block = option_forms[0].initial["weights"].stream_block
    raw_streams = [list(option_form.initial["weights"].raw_data) for option_form in option_forms]
    converted = {}
    for type_name, child_block in stream_block.child_blocks.items():
        raw_values = [item["value"] for raw in raw_streams for item in raw if item["type"] == type_name]
        converted[type_name] = iter(child_block.bulk_to_python(raw_values))
    for option_form, raw in zip(option_forms, raw_streams, strict=True):
        # A new value, so the answer's own instance keeps the one it was read with.
        option_form.initial["weights"] = StreamValue(
            stream_block, [(item["type"], next(converted[item["type"]]), item.get("id")) for item in raw]
        )

    pages = [
        child.value["approach"]
        for option_form in option_forms
        for child in option_form.initial["weights"]
        if child.block_type == "approach" and child.value.get("approach") is not None
    ]
    parent_paths = {page.path[: -page.steplen] for page in pages if page.depth > 1}
    parents = {parent.path: parent for parent in Page.objects.filter(path__in=parent_paths)}
    for page in pages:
        if page.path[: -page.steplen] in parents:
            # treebeard's own cache for get_parent(), which the page chooser calls.
            page._cached_parent_obj = parents[page.path[: -page.steplen]]


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
