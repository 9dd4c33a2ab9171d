from django.http import HttpResponseServerError
from django.template import loader

from core.site.selectors import default_portal_info


def server_error(request):
    """Render the 500 page from Django settings alone: the database may be why we are here."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"portal": default_portal_info()}))


def robots_txt(request):
    from django.http import HttpResponse

    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /quiz/step/", "Disallow: /quiz/results/"]
    lines.append("Disallow: /exit/")
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def healthz(request):
    """For load balancers: checks the database and the cache, and leaks no details.

    503 only when the database cannot be reached. A cache outage answers 200 "degraded": the
    cache fails open and every server shares it, so taking servers out of the pool for it
    would turn a slower site into no site.
    """
    from django.core.cache import cache
    from django.db import DatabaseError, connection
    from django.http import HttpResponse

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        status, body = 503, "unavailable\n"
    else:
        try:
            cache.set("healthz", "ok", 5)
            cache_ok = cache.get("healthz") == "ok"
        except (ConnectionError, OSError):
            cache_ok = False
        status, body = 200, "ok\n" if cache_ok else "degraded\n"
    response = HttpResponse(body, content_type="text/plain", status=status)
    response["Cache-Control"] = "no-store"
    return response


QUIZ_COOKIE = "steady_path_quiz"  # quiz.session.COOKIE_NAME: core sits below quiz and cannot import it


def quick_exit(request):
    """ "Exit this page": leave for the neutral site at once, and clear what this site left
    in the browser (cookies, storage). Works as a plain link, without JavaScript.

    The destination comes from Portal settings, or from the defaults when the database is
    down, so the way out never depends on it.
    """
    from django.db import DatabaseError
    from django.http import HttpResponseRedirect

    from core.site.selectors import current_portal_info, default_portal_info

    try:
        destination = current_portal_info(request).quick_exit_url
    except DatabaseError:
        destination = ""
    response = HttpResponseRedirect(destination or default_portal_info().quick_exit_url)
    response["Clear-Site-Data"] = '"cookies", "storage"'
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    # For browsers that ignore Clear-Site-Data, at least the quiz's own reference goes.
    response.delete_cookie(QUIZ_COOKIE, samesite="Lax")
    return response
