from django.http import HttpResponseServerError
from django.template import loader

from core.selectors import default_portal_info


def server_error(request):
    """Render the 500 page from Django settings alone: the database may be why we are here."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"portal": default_portal_info()}))


def csrf_failure(request, reason=""):
    """A form was sent without a valid security token: usually an old tab or blocked cookies."""
    from django.shortcuts import render

    return render(request, "403_csrf.html", status=403)


def robots_txt(request):
    from django.http import HttpResponse

    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /quiz/step/", "Disallow: /quiz/results/"]
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
