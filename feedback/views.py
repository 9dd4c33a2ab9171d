"""The patient's side: a vote, then on "no" an optional comment. Plain POSTs, no cookie.

The form on the page is the same for everyone (the page cache stores it): no token in it, so
the origin check (core.delivery.origin) is what refuses a post from another site. The comment step's
page is never stored, so it may carry the vote's signed number, which makes a replayed
comment post recognisable (docs/feedback.md).
"""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Page

from approaches.search import signals_crisis
from core.delivery.error_pages import too_many_requests
from core.delivery.origin import same_origin_post
from core.delivery.security import over_limit
from feedback import services

_SALT = "feedback.comment"
COMMENT_MAX_AGE = 60 * 60
# Two answers and 500 characters fit well inside this; anything bigger is not our form.
MAX_BODY = 4096
SCOPE = "feedback"


def _problem(request, *, status: int, title: str, message: str, crisis: bool = False):
    # With crisis words in what was refused, help still comes first (as on the thank-you page).
    context = {"title": title, "message": message, "crisis": crisis}
    return TemplateResponse(request, "feedback/problem.html", context, status=status)


def _too_big(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    return length > MAX_BODY


def _guarded(view):
    """Never cached, POST only, from this site only, small bodies only."""

    @never_cache
    @same_origin_post
    @require_POST
    def wrapper(request, *args, **kwargs):
        if _too_big(request):
            return _problem(
                request,
                status=413,
                title=_("That was too much to send"),
                message=_("Please keep your comment under 500 characters."),
            )
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


@_guarded
def vote(request, page_id: int):
    page = Page.objects.live().public().filter(pk=page_id).select_related("locale").first()
    if page is None:
        raise Http404
    answer = request.POST.get("helpful")
    if answer not in ("yes", "no"):
        return _problem(
            request,
            status=400,
            title=_("We couldn’t read your answer"),
            message=_("Please go back and choose Yes or No."),
        )
    if over_limit(request, SCOPE, settings.FEEDBACK_RATE_LIMIT):
        return too_many_requests(request)
    feedback = services.record_vote(page=page.specific_deferred, helpful=answer == "yes")
    context = {"page_url": page.url, "helpful": feedback.helpful}
    if not feedback.helpful:
        context["token"] = signing.TimestampSigner(salt=_SALT).sign(str(feedback.pk))
        context["max_length"] = services.MAX_COMMENT
    return TemplateResponse(request, "feedback/thanks.html", context)


@_guarded
def comment(request):
    text = request.POST.get("comment", "")
    crisis = signals_crisis(text)
    # As in the quiz: no limit stands between someone in danger and the crisis panel.
    if over_limit(request, SCOPE, settings.FEEDBACK_RATE_LIMIT) and not crisis:
        return too_many_requests(request)
    try:
        signed = request.POST.get("token", "")
        feedback_id = int(signing.TimestampSigner(salt=_SALT).unsign(signed, max_age=COMMENT_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return _problem(
            request,
            status=400,
            title=_("This form has expired"),
            message=_("Thank you for your answer. The comment form is open for an hour; nothing else was saved."),
            crisis=crisis,
        )
    if len(text) > services.MAX_COMMENT:
        return _problem(
            request,
            status=400,
            title=_("Your comment is too long"),
            message=_("Please keep it under 500 characters. Nothing was saved."),
            crisis=crisis,
        )
    try:
        feedback = services.record_comment(feedback_id=feedback_id, text=text)
    except services.CommentRefused:
        return _problem(
            request,
            status=409,
            title=_("This comment was already sent"),
            message=_("We keep one comment for each answer. Nothing else was saved."),
            crisis=crisis,
        )
    page = Page.objects.filter(pk=feedback.page_id).first()
    context = {"page_url": page.url if page else "/", "helpful": False, "sent": True, "crisis": feedback.crisis}
    return TemplateResponse(request, "feedback/thanks.html", context)
