"""Thin views for the patient's quiz: parse the request, call a service, render.

Every problem (expired session, out-of-order or replayed post, a tampered answer) gets a
4xx page in plain words with a way to start again, and the crisis link in the header.
"""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approaches.selectors import index_url
from core.delivery.error_pages import too_many_requests
from core.delivery.origin import same_origin_post
from core.delivery.security import over_limit
from core.site.languages import home_url
from core.site.selectors import current_portal_info
from quiz import scoring, services
from quiz.flow import CRISIS, END
from quiz.forms import AnswerForm
from quiz.models import QuizPage
from quiz.selectors import (
    RevisionGone,
    flow_for_revision,
    live_flow,
    localized_pages,
    localized_support_level,
    not_now_page,
    published_support_level,
    quiz_page,
    stored_answers,
    suggested_pages,
    sure_answered,
)
from quiz.session import QuizSession, QuizState
from quiz.sure import SureForm


def in_quiz_language(view):
    """Keep the patient in the language they started the quiz in, whatever address they reach
    the quiz by (an old link, the other language's address): a page to read is sent to the
    same address in that language; a form they sent is handled, and answered, in it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # Choosing the other language mid-quiz starts the quiz again in it: this quiz's steps
        # would only bring the patient back to the language it began in.
        request.language_switch_url = quiz_start_url
        state = QuizSession(request).state
        language = state.language if state is not None else ""
        if language not in dict(settings.LANGUAGES) or language == translation.get_language():
            return view(request, *args, **kwargs)
        if request.method == "GET":
            return redirect(translate_url(request.get_full_path(), language))
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # the page's words and links in that language too
        return response

    return wrapper


def quiz_start_url(language: str) -> str:
    """The quiz's first page in `language`, or that language's home page if it has no quiz.

    Every quiz page's language switcher links there: one look-up per process and language per
    content generation (publishing, moving or unpublishing a page moves it), not one per step.
    """
    from core.delivery.page_cache import local_pages

    return local_pages.memo(("quiz:start-url", language), lambda: _read_quiz_start_url(language))


def _read_quiz_start_url(language: str) -> str:
    with translation.override(language):
        page = quiz_page()
        if page is not None and page.locale.language_code == language:
            return page.url
        return home_url(language)


def problem(request, *, status: int, title: str, message: str, state=None):
    page = quiz_page()
    return TemplateResponse(
        request,
        "quiz/problem.html",
        {"title": title, "message": message, "quiz_url": page.url if page else "/", "state": state},
        status=status,
    )


def _expired(request):
    return problem(
        request,
        status=410,
        title=_("Your quiz has timed out"),
        message=_(
            "We couldn’t find your answers. This happens if the quiz was left for a while or "
            "cookies were cleared. Nothing you chose was saved with your name. You can start again."
        ),
    )


def _load(request):
    """The patient's state and the flow it is pinned to, or a problem response."""
    state = QuizSession(request).state
    if state is None:
        return None, None, _expired(request)
    try:
        flow = flow_for_revision(state.revision_id)
    except RevisionGone:
        return None, None, QuizSession.clear(_expired(request))
    return state, flow, None


@same_origin_post
@require_POST
def start(request, page_id):
    """The quiz page's start form: begin a response on the quiz's current published revision.

    The form needs no cookie before it is pressed (core.delivery.origin): the quiz cookie set here is
    the first this browser gets from us."""
    page = QuizPage.objects.live().filter(pk=page_id).first()
    if page is None:
        raise Http404
    if over_limit(request, "quiz", settings.QUIZ_RATE_LIMIT):
        return too_many_requests(request)
    flow = live_flow(page.quiz_for_patients())
    if flow is None or not flow.questions:
        return problem(
            request, status=503, title=_("The quiz isn’t available right now"), message=_("Please try later.")
        )
    # The patient's language is the address's (LocaleMiddleware), the one the start form was on.
    language = translation.get_language() or settings.LANGUAGE_CODE
    stored = services.start_response(flow=flow, language=language)
    state = QuizState(
        response_id=str(stored.pk), revision_id=flow.revision_id, path=[flow.first.key], language=language
    )
    return QuizSession.save(redirect("quiz:step", key=flow.first.key), state)


def rate_limited(*methods, unless=None):
    """Requests that write analytics (answers, click-throughs) are capped per client.

    `unless(request, *args, **kwargs)` names requests that go through even over the limit.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method in methods
                and over_limit(request, "quiz", settings.QUIZ_RATE_LIMIT)
                and not (unless and unless(request, *args, **kwargs))
            ):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _is_crisis_answer(request, key) -> bool:
    """An answer that signals danger: the limit guards the figures, and no figure is worth a
    patient at risk meeting a "slow down" page instead of crisis help."""
    state = QuizSession(request).state
    if state is None:
        return False
    try:
        question = flow_for_revision(state.revision_id).question(key)
    except RevisionGone:
        return False
    return question is not None and question.signals_crisis(request.POST.getlist("answer"))


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
@rate_limited("POST", unless=_is_crisis_answer)
@in_quiz_language
def step(request, key):
    state, flow, error = _load(request)
    if error:
        return error
    if state.status == "done":
        return redirect("quiz:results")
    if state.status == "crisis":
        return redirect(current_portal_info(request).crisis_url)
    question = flow.question(key)
    if question is None or key not in state.path:
        if request.method == "POST":
            return problem(
                request,
                status=409,
                title=_("That question isn’t next"),
                message=_(
                    "This can happen after using the browser’s back and forward buttons. "
                    "Your earlier answers are kept; carry on from your current question."
                ),
                state=state,
            )
        return redirect("quiz:step", key=state.current)

    position = state.path.index(key) + 1
    skipping = request.method == "POST" and "skip" in request.POST and not question.required
    if request.method == "POST" and "skip" in request.POST and question.required:
        return problem(
            request,
            status=400,
            title=_("This question can’t be skipped"),
            message=_("Please choose an answer."),
            state=state,
        )

    if request.method == "POST":
        form = AnswerForm(question, request.POST, skipping=skipping)
        if form.is_valid():
            return _answer(request, state, flow, key, position, [] if skipping else form.chosen())
        status = 400
    else:
        answers = stored_answers(state.response_id)
        if answers is None:
            return QuizSession.clear(_expired(request))
        form = AnswerForm(question, initial={"answer": _initial(question, answers.get(key))})
        status = 200

    back = state.path[position - 2] if position > 1 else None
    return TemplateResponse(
        request,
        "quiz/question.html",
        {
            "question": question,
            "form": form,
            "position": position,
            "estimated_total": max(flow.estimated_length(state.path[:position]), position),
            "back_url": reverse("quiz:step", kwargs={"key": back}) if back else None,
        },
        status=status,
    )


def _initial(question, chosen):
    if not chosen:
        return None
    return chosen if question.allow_multiple else chosen[0]


def _answer(request, state: QuizState, flow, key, position, chosen):
    answers = stored_answers(state.response_id)
    if answers is None:
        return QuizSession.clear(_expired(request))
    previous = answers.get(key)
    answers[key] = chosen
    # Later answers stay as prefills; each is posted again before it counts (see scoring.walk).
    state.path = state.path[:position]
    try:
        destination = services.answer_step(
            flow=flow,
            response_id=state.response_id,
            answers=answers,
            key=key,
            position=position,
            chosen=chosen,
            changed=previous is not None and sorted(previous) != sorted(chosen),
        )
    except services.QuizFinished as finished:
        # A second submit of the step that ended the quiz (a double click, a resent form):
        # this browser's cookie is behind, so it follows the stored ending. Above all, a
        # response that ended in crisis always leads back to crisis help.
        destination = CRISIS if finished.crisis else END
    except services.ResponseGone:
        return QuizSession.clear(_expired(request))

    if destination == CRISIS:
        state.status = "crisis"
        return QuizSession.save(redirect(current_portal_info(request).crisis_url), state)
    if destination == END:
        state.status = "done"
        return QuizSession.save(redirect("quiz:results"), state)
    state.path.append(destination)
    return QuizSession.save(redirect("quiz:step", key=destination), state)


@never_cache
@require_GET
@in_quiz_language
def results(request):
    state, flow, error = _load(request)
    if error:
        return error
    if state.status == "crisis":
        return redirect(current_portal_info(request).crisis_url)
    if state.status != "done":
        return redirect("quiz:step", key=state.current) if state.status == "active" else _expired(request)
    return _results_page(request, state, flow)


def priority_fits(query, pages) -> dict:
    """{page id: OptionFit} from the "What matters to you" answers in the address; {} without any."""
    from priorities import selectors as priorities
    from priorities.exercise import PREFIX, Exercise

    if not any(name.startswith(PREFIX) for name in query):
        return {}
    exercise = Exercise.build(priorities.published_list(), query)
    if not exercise.answered:
        return {}
    return {fit.page.pk: fit for fit in priorities.option_fits(pages, exercise)}


def _results_page(request, state: QuizState, flow, *, sure_form=None, status=200):
    """The options to talk about, "not now", what might not fit, and the SURE check."""
    answers = stored_answers(state.response_id)
    if answers is None:
        return QuizSession.clear(_expired(request))
    outcome = scoring.compute_results(flow, answers)
    # Scored on the default language's pages; shown as the patient's language's twins.
    pages = localized_pages(suggested_pages(s.approach_id for s in outcome.approaches))
    suggestions = [
        (pages[s.approach_id], s, rank) for rank, s in enumerate(outcome.approaches, start=1) if s.approach_id in pages
    ]
    level = localized_support_level(published_support_level(outcome.support_level_id))
    answered = sure_answered(state.response_id)
    not_now = not_now_page()
    fits = priority_fits(request.GET, [page for page, _s, _r in suggestions] + ([not_now] if not_now else []))
    options = [(page, s, rank, fits.get(page.pk)) for page, s, rank in suggestions]
    return TemplateResponse(
        request,
        "quiz/results.html",
        {
            # Each with its fit to "What matters to you" when its answers are in the address.
            "suggestions": options,
            "support_level": level,
            "support_reasons": outcome.support_reasons,
            "not_now": not_now,
            "not_now_fit": fits.get(not_now.pk) if not_now else None,
            # Only the no-suggestion message links to the index; the others pay no query for it.
            "index_url": "" if suggestions else index_url(request),
            "sure_form": None if answered else (sure_form or SureForm()),
            "sure_answered": answered,
        },
        status=status,
    )


@never_cache
@same_origin_post
@require_POST
@rate_limited("POST")
@in_quiz_language
def sure(request):
    """The SURE check's form: counted once per completed response, then back to the results."""
    state, flow, error = _load(request)
    if error:
        return error
    if state.status != "done":
        return problem(
            request,
            status=409,
            title=_("Finish the quiz first"),
            message=_("These four questions come after your results."),
            state=state,
        )
    form = SureForm(request.POST)
    if not form.is_valid():
        return _results_page(request, state, flow, sure_form=form, status=400)
    try:
        counted = services.record_sure(response_id=state.response_id, answers=form.answers())
    except services.ResponseGone:
        return QuizSession.clear(_expired(request))
    if not counted:
        return problem(
            request,
            status=409,
            title=_("Your answers were already counted"),
            message=_("Thank you. We count them once, so nothing more was added."),
            state=state,
        )
    return redirect(reverse("quiz:results") + "#sure")


@require_GET
@rate_limited("GET")
@in_quiz_language
def follow_suggestion(request, rank):
    """A results link: count the click-through (no one is identified), then go to the page."""
    state = QuizSession(request).state
    if state is None or state.status != "done":
        return redirect("quiz:results")
    approach = services.record_click(response_id=state.response_id, rank=rank)
    visible = localized_pages(suggested_pages([approach.pk])) if approach is not None else {}
    if approach is None or approach.pk not in visible:
        return redirect("quiz:results")
    return redirect(visible[approach.pk].url)


@same_origin_post
@require_POST
@in_quiz_language
def retake(request):
    page = quiz_page()
    if page is None:
        raise Http404
    return QuizSession.clear(redirect(page.url))
