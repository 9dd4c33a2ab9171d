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
    """For load balancers: 200 when the database and cache answer, 503 otherwise. No details leak."""
    from django.core.cache import cache
    from django.db import DatabaseError, connection
    from django.http import HttpResponse

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        cache.set("healthz", "ok", 5)
        healthy = cache.get("healthz") == "ok"
    except (DatabaseError, ConnectionError, OSError):
        healthy = False
    response = HttpResponse(
        "ok\n" if healthy else "unavailable\n", content_type="text/plain", status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response
