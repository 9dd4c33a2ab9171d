from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from core.selectors import default_portal_info


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer 503 with the crisis numbers, from settings alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        html = loader.get_template("503.html").render({"portal": default_portal_info()})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
