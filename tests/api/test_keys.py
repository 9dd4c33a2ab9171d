"""API keys: stored hashed, never logged in full, rate-limited per key (anonymous more tightly),
revocable at once, managed by site admins in the Wagtail admin."""

import logging

import pytest
from django.urls import reverse

from api import keys, services
from api.models import APIKey

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_only_as_its_hash(api_key):
    key, raw = api_key
    stored = APIKey.objects.filter(pk=key.pk).values().get()
    assert raw not in str(stored)
    assert stored["key_hash"] == keys.digest(raw) and raw.startswith(f"sp_{key.prefix}_")
    assert raw not in str(key) and key.shown_key == f"sp_{key.prefix}_…"


def test_a_partner_key_works_in_either_header_and_marks_its_last_use(client, api_key):
    key, raw = api_key
    assert client.get("/api/v1/conditions", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert client.get("/api/v1/conditions", HTTP_X_API_KEY=raw).status_code == 200


def test_a_wrong_malformed_or_revoked_key_is_a_401_not_anonymous(client, api_key):
    key, raw = api_key
    for presented in [raw[:-1] + ("A" if raw[-1] != "A" else "B"), "sp_short", "not-a-key"]:
        response = client.get("/api/v1/conditions", HTTP_AUTHORIZATION=f"Bearer {presented}")
        assert response.status_code == 401, presented
        assert response.json()["error"]["code"] == "invalid_key"
    services.revoke_key(key=key)
    response = client.get("/api/v1/conditions", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401 and response.json()["error"]["code"] == "revoked_key"


def test_each_key_has_its_own_limit_with_429_and_retry_after(client, settings):
    settings.API_KEY_RATE_LIMIT = 3
    _, first = services.issue_key(partner_name="First")
    _, second = services.issue_key(partner_name="Second")
    statuses = [client.get("/api/v1/conditions", HTTP_X_API_KEY=first).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/conditions", HTTP_X_API_KEY=first)
    assert limited["Retry-After"] == "60" and limited.json()["error"]["code"] == "rate_limited"
    assert limited["Access-Control-Allow-Origin"] == "*"  # a browser can read why
    assert client.get("/api/v1/conditions", HTTP_X_API_KEY=second).status_code == 200


def test_anonymous_requests_are_limited_more_tightly_per_address(client, settings):
    settings.API_ANONYMOUS_RATE_LIMIT = 2
    settings.API_KEY_RATE_LIMIT = 5
    here = [client.get("/api/v1/conditions", REMOTE_ADDR="203.0.113.5").status_code for _ in range(3)]
    assert here == [200, 200, 429]
    assert client.get("/api/v1/conditions", REMOTE_ADDR="203.0.113.6").status_code == 200
    _, raw = services.issue_key(partner_name="Clinic")
    assert client.get("/api/v1/conditions", REMOTE_ADDR="203.0.113.5", HTTP_X_API_KEY=raw).status_code == 200


def test_the_limit_counts_in_each_process_while_the_shared_cache_is_down(client, settings, monkeypatch):
    from django.core.cache import cache

    settings.API_KEY_RATE_LIMIT = 2
    _, raw = services.issue_key(partner_name="Clinic")
    monkeypatch.setattr(cache, "add", lambda *a, **k: False, raising=False)
    monkeypatch.setattr(cache, "incr", lambda *a, **k: (_ for _ in ()).throw(ValueError()), raising=False)
    monkeypatch.setattr(cache, "unavailable", True, raising=False)
    statuses = [client.get("/api/v1/conditions", HTTP_X_API_KEY=raw).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_key_in_a_log_line_keeps_only_its_prefix(api_key, caplog):
    key, raw = api_key
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "Bad request with %s", (raw,), None)
    assert keys.RedactAPIKeys().filter(record)
    assert raw not in record.getMessage() and f"sp_{key.prefix}_…" in record.getMessage()


def test_the_console_handler_redacts_keys(api_key):
    from django.conf import settings

    assert "no_api_keys" in settings.LOGGING["handlers"]["console"]["filters"]


@pytest.fixture
def site_admin(db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_superuser("siteadmin-api", "admin@example.org", "x-long-password-1")
    user.groups.add(Group.objects.get(name="Site admins"))
    return user


def test_a_site_admin_issues_a_key_seen_once_then_revokes_it(client, site_admin):
    client.force_login(site_admin)
    index = reverse("api_keys:index")
    assert client.get(index).status_code == 200
    response = client.post(reverse("api_keys:add"), {"partner_name": "Hillside GP", "contact_email": "", "note": ""})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = APIKey.objects.get(partner_name="Hillside GP")
    raw = next(
        word for word in response.content.decode().split('"') if word.startswith(f"sp_{key.prefix}_") and len(word) > 20
    )
    assert keys.digest(raw) == key.key_hash and key.created_by == site_admin
    listing = client.get(index).content.decode()
    assert "Hillside GP" in listing and raw not in listing
    edit = reverse("api_keys:edit", args=[key.pk])
    assert raw not in client.get(edit).content.decode()
    client.post(edit, {"partner_name": "Hillside GP", "contact_email": "", "note": "", "revoke": "on"})
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert client.get("/api/v1/conditions", HTTP_X_API_KEY=raw).status_code == 401


def test_staff_who_are_not_site_admins_cannot_see_keys(client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("editor-api", "e@example.org", "x-long-password-1")
    editor.groups.add(Group.objects.get(name="Clinical editors"))
    client.force_login(editor)
    response = client.get(reverse("api_keys:index"))
    assert response.status_code in (302, 403)
    assert "Riverside" not in response.content.decode()
