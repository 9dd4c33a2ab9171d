"""The “What matters to you” exercise: a GET form whose answers live only in the address.

Nothing is written and no cookie is set: the same address always shows the same result, and
the patient can bookmark it, print it or carry it to the questions sheet.
"""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from priorities import selectors
from priorities.exercise import SCALE, Exercise


@require_GET
def exercise(request):
    found = Exercise.build(selectors.published_list(), request.GET)
    if found.priority_list is None:
        return TemplateResponse(
            request,
            "priorities/unavailable.html",
            {"title": _("“What matters to you” isn’t available right now")},
            status=503,
        )
    status = 400 if found.invalid else 200
    options = selectors.option_fits(selectors.options(), found) if found.answered else []
    return TemplateResponse(
        request,
        "priorities/exercise.html",
        {
            "exercise": found,
            "options": options,
            "from_results": request.GET.get("from") == "results",
            "scale": SCALE,
        },
        status=status,
    )
