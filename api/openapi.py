"""The OpenAPI 3.1 contract for /api/v1/, served at /api/v1/openapi.json.

Written by hand: six read-only operations, and the tests (tests/api/test_contract.py, with
Schemathesis) check every response the app gives against it.
"""

from django.conf import settings

from api.params import MAX_LIMIT

_STR = {"type": "string"}
_NULLABLE_STR = {"type": ["string", "null"]}
_LANG = {"type": "string", "enum": [code for code, _ in settings.LANGUAGES]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required: dict, optional: dict | None = None) -> dict:
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}


SCHEMAS = {
    "Error": _obj(
        {
            "error": _obj(
                {"status": {"type": "integer"}, "code": _STR, "message": _STR},
                {"parameter": _STR, "limit": {"type": "integer"}, "retry_after": {"type": "integer"}},
            )
        }
    ),
    "License": _obj({"name": _STR, "url": {"type": ["string", "null"], "format": "uri"}}),
    "Part": _obj(
        {
            "@type": {"const": "WebPageElement"},
            "identifier": {
                "type": "string",
                "description": "The section's id on the page: the-decision, providers, training, sessions, "
                "helpful-for, good-fit, pace, not-fit, outcomes, how-to-get-it, questions, safety-notes, sources.",
            },
            "name": _STR,
            "text": _STR,
            "items": {
                "type": "array",
                "items": _obj(
                    {"text": _STR},
                    {
                        "name": _STR,
                        "identifier": _STR,
                        "credentials": _STR,
                        "urgent": {"type": "boolean"},
                        "action": _STR,
                    },
                ),
            },
        }
    ),
    "Source": _obj(
        {
            "@type": {"const": "CreativeWork"},
            "name": _STR,
            "publisher": _STR,
            "datePublished": _STR,
            "url": _STR,
            "identifier": _STR,
        }
    ),
    "Alternate": _obj(
        {
            "inLanguage": _LANG,
            "identifier": {"type": "integer"},
            "@id": {"type": "string", "format": "uri"},
            "url": _STR,
        }
    ),
    "Review": _obj(
        {
            "state": {"type": "string", "enum": ["ok", "due-soon", "overdue", "changed"]},
            "label": _STR,
            "reviewedAt": {"type": "string", "format": "date"},
            "nextReviewDue": {"type": "string", "format": "date"},
            "changedSinceLastReview": {"type": "boolean"},
            "notice": {"type": "string", "description": "The review sentence the page shows, word for word."},
        }
    ),
    "ApproachPage": _obj(
        {
            "@context": {"const": "https://schema.org"},
            "@type": {"const": "MedicalWebPage"},
            "@id": {"type": "string", "format": "uri"},
            "identifier": {"type": "integer"},
            "url": _STR,
            "name": _STR,
            "description": _STR,
            "inLanguage": _LANG,
            "audience": {"type": "object"},
            "isDemoContent": {"type": "boolean"},
            "about": {
                "type": "array",
                "items": _obj({"@type": {"const": "MedicalCondition"}, "identifier": _STR, "name": _STR}),
            },
            "datePublished": _NULLABLE_STR,
            "dateModified": _NULLABLE_STR,
            "lastReviewed": {
                "type": ["string", "null"],
                "format": "date",
                "description": "Null when the page changed after its last review (see review.changedSinceLastReview).",
            },
            "reviewedBy": _obj({"@type": {"const": "Person"}, "name": _STR}),
            "review": _ref("Review"),
            "hasPart": {"type": "array", "items": _ref("Part")},
            "citation": {"type": "array", "items": _ref("Source"), "description": "The page's sources."},
            "license": _ref("License"),
            "attribution": {"type": "string", "description": "Show this beside the content, with the link."},
            "alternates": {"type": "array", "items": _ref("Alternate")},
        }
    ),
    "ApproachList": _obj(
        {
            "inLanguage": _LANG,
            "count": {"type": "integer", "minimum": 0},
            "next": {"type": ["string", "null"], "description": "The next page's address; null on the last."},
            "results": {"type": "array", "items": _ref("ApproachPage")},
        }
    ),
    "SnippetAlternate": _obj({"inLanguage": _LANG, "name": _STR}),
    "Condition": _obj(
        {
            "@type": {"const": "MedicalCondition"},
            "identifier": _STR,
            "name": _STR,
            "description": _STR,
            "inLanguage": _LANG,
            "approaches": _STR,
            "alternates": {"type": "array", "items": _ref("SnippetAlternate")},
        }
    ),
    "ProviderType": _obj(
        {
            "identifier": {"type": "string", "format": "uuid"},
            "name": _STR,
            "credentials": _STR,
            "description": _STR,
            "inLanguage": _LANG,
            "approaches": _STR,
            "alternates": {"type": "array", "items": _ref("SnippetAlternate")},
        }
    ),
    "GetHelp": _obj(
        {
            "@context": {"const": "https://schema.org"},
            "@type": {"const": "MedicalWebPage"},
            "name": _STR,
            "url": _STR,
            "inLanguage": _LANG,
            "emergency": _obj({"number": _STR, "tel": _STR}),
            "crisisLine": _obj(
                {
                    "name": _STR,
                    "number": _STR,
                    "tel": _STR,
                    "textNumber": _STR,
                    "sms": _STR,
                    "chatUrl": _STR,
                    "inLanguageCall": _STR,
                    "inLanguageText": _STR,
                }
            ),
            "outsideUs": _STR,
            "disclaimer": _STR,
            "license": _ref("License"),
            "attribution": _STR,
        }
    ),
}


def _list_of(name: str) -> dict:
    return _obj(
        {
            "inLanguage": _LANG,
            "count": {"type": "integer", "minimum": 0},
            "results": {"type": "array", "items": _ref(name)},
        }
    )


SCHEMAS["ConditionList"] = _list_of("Condition")
SCHEMAS["ProviderTypeList"] = _list_of("ProviderType")

_HEADERS = {
    "ETag": {"schema": _STR},
    "Cache-Control": {"schema": _STR},
    "Access-Control-Allow-Origin": {"schema": _STR},
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _ok(schema: str, description: str) -> dict:
    return {"description": description, "headers": _HEADERS, "content": {"application/json": {"schema": _ref(schema)}}}


_COMMON_RESPONSES = {
    "304": {"description": "Not modified: your copy (If-None-Match / If-Modified-Since) is current."},
    "400": _error("A parameter is malformed; `error.parameter` names it."),
    "401": _error("The API key is not valid or was revoked."),
    "429": {
        **_error("Over the rate limit; wait `Retry-After` seconds."),
        "headers": {"Retry-After": {"schema": {"type": "string"}}},
    },
}
_LANG_PARAM = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {**_LANG, "default": settings.LANGUAGE_CODE},
    "description": "The language of the results.",
}


def _operation(operation_id: str, summary: str, ok: dict, parameters=(), not_found: bool = False) -> dict:
    responses = {"200": ok, **_COMMON_RESPONSES}
    if not_found:
        responses["404"] = _error("No live, reviewed item has this identifier.")
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": list(parameters),
            "responses": responses,
        }
    }


def _query(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def openapi_document(request) -> dict:
    base = request.build_absolute_uri("/api/v1")
    approach_params = [
        _LANG_PARAM,
        _query("condition", {"type": "string", "pattern": "^[-a-z0-9_]{1,100}$"}, "A condition's identifier."),
        _query("provider_type", {"type": "string", "format": "uuid"}, "A provider type's identifier."),
        _query("changed_since", _STR, "ISO 8601 date or date-time: pages published or reviewed since then."),
        _query(
            "ordering", {"type": "string", "enum": ["-last_reviewed", "last_reviewed"], "default": "-last_reviewed"}
        ),
        _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 20}),
        _query("cursor", _STR, "From the previous page's `next`; keep the same filters and ordering."),
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Steady Path partner API",
            "version": "1.0.0",
            "description": "Live, clinically reviewed patient education about mental-health treatment approaches, "
            "in English and Spanish. Read-only. Show the `attribution` text with anything you display. "
            "Partner guide: docs/api.md.",
        },
        "servers": [{"url": base}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer sp_…"},
                "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
        },
        # A key is optional: without one the rate limit is tighter.
        "security": [{"bearer": []}, {"apiKeyHeader": []}, {}],
        "paths": {
            "/approaches": _operation(
                "listApproaches",
                "Live, reviewed approach pages",
                _ok("ApproachList", "One page of results."),
                approach_params,
            ),
            "/approaches/{id}": _operation(
                "getApproach",
                "One approach page",
                _ok("ApproachPage", "The page."),
                [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}],
                not_found=True,
            ),
            "/conditions": _operation(
                "listConditions", "Conditions", _ok("ConditionList", "Every live condition."), [_LANG_PARAM]
            ),
            "/provider-types": _operation(
                "listProviderTypes",
                "Provider types",
                _ok("ProviderTypeList", "Every live provider type."),
                [_LANG_PARAM],
            ),
            "/get-help": _operation(
                "getHelp", "Crisis help and numbers", _ok("GetHelp", "Crisis help."), [_LANG_PARAM]
            ),
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenAPI",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        **_COMMON_RESPONSES,
                    },
                }
            },
        },
    }
