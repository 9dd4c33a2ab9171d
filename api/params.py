"""Query parameters, checked: anything malformed is a 400 that says what was wrong."""

import re
import uuid
from datetime import UTC, date, datetime, time

from django.conf import settings
from django.core import signing

from api.http import APIError
from api.selectors import ORDERINGS, ApproachQuery, Cursor

_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
MAX_LIMIT = 50
_CURSOR_SALT = "api.cursor"


def _bad(parameter: str, message: str):
    return APIError(400, "invalid_parameter", message, parameter=parameter)


def language(request) -> str:
    code = request.GET.get("lang", settings.LANGUAGE_CODE)
    codes = [c for c, _ in settings.LANGUAGES]
    if code not in codes:
        raise _bad("lang", f"lang must be one of: {', '.join(codes)}.")
    return code


def changed_since(value: str) -> datetime:
    """An ISO 8601 date (2026-12-01, from midnight UTC) or date and time (2026-12-01T09:30:00Z)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or not re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        raise _bad(
            "changed_since",
            "changed_since must be an ISO 8601 date (2026-12-01) or date and time (2026-12-01T09:30:00Z).",
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def encode_cursor(cursor: Cursor, ordering: str) -> str:
    return signing.dumps([cursor.reviewed_at.isoformat(), cursor.pk, ordering], salt=_CURSOR_SALT, compress=True)


def _cursor(value: str, ordering: str) -> Cursor:
    try:
        reviewed_at, pk, made_for = signing.loads(value, salt=_CURSOR_SALT)
        cursor = Cursor(datetime.fromisoformat(reviewed_at), int(pk))
    except (signing.BadSignature, ValueError, TypeError):
        raise _bad("cursor", "This cursor is not one we gave out: use the `next` link of the previous page.") from None
    if made_for != ordering:
        raise _bad("cursor", "This cursor belongs to another ordering: keep the same `ordering` while paging.")
    return cursor


def approach_query(request) -> ApproachQuery:
    get = request.GET
    query = ApproachQuery(language=language(request))
    # A filter given empty is refused as the OpenAPI document says, not taken as "no filter": a
    # partner's template that lost its value should hear so, not get every page.
    if "condition" in get:
        condition = get["condition"]
        if not _SLUG.match(condition):
            raise _bad(
                "condition",
                "condition must be a condition's identifier, such as `severe-anxiety` (see /api/v1/conditions).",
            )
        query.condition = condition
    if "provider_type" in get:
        provider = get["provider_type"]
        try:
            query.provider_type = uuid.UUID(provider)
        except ValueError:
            raise _bad(
                "provider_type", "provider_type must be a provider type's identifier (see /api/v1/provider-types)."
            ) from None
    if "changed_since" in get:
        query.changed_since = changed_since(get["changed_since"])
    query.ordering = get.get("ordering", query.ordering)
    if query.ordering not in ORDERINGS:
        raise _bad("ordering", f"ordering must be one of: {', '.join(ORDERINGS)}.")
    if "limit" in get:
        limit = get["limit"]
        if not re.fullmatch(r"\d{1,3}", limit) or not 1 <= int(limit) <= MAX_LIMIT:
            raise _bad("limit", f"limit must be a whole number from 1 to {MAX_LIMIT}.")
        query.limit = int(limit)
    if get.get("cursor"):
        query.after = _cursor(get["cursor"], query.ordering)
    return query
