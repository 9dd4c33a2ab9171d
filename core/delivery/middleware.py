from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpResponse
from django.template import loader

from core.site.selectors import default_portal_info

# PostgreSQL's read_only_sql_transaction: the database refuses writes (a hot standby after a
# failover, or read-only for maintenance). Django raises it as InternalError; other
# InternalErrors are bugs and stay 500s. SQLite's read-only error is an OperationalError.
READ_ONLY_SQLSTATE = "25006"


def database_unavailable(exception) -> bool:
    if isinstance(exception, OperationalError | InterfaceError):
        return True
    return isinstance(exception, InternalError) and getattr(exception.__cause__, "sqlstate", None) == READ_ONLY_SQLSTATE


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached or refuses writes, answer 503 with the crisis numbers,
    from settings alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        html = loader.get_template("503.html").render({"portal": default_portal_info()})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
