"""`manage.py seed_portal` builds a browsable portal from an empty database, and only once.

What seeding an already seeded portal does: test_seeded_portal.py."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from approaches.models import ApproachPage, Condition, HomePage, ProviderType, StandardPage
from approaches.seed_files import load_approaches
from core.models import PortalSettings


def seed(*args, **env):
    out = io.StringIO()
    call_command("seed_portal", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "conditions": list(Condition.objects.values_list("slug", "name", "description")),
        "provider_types": list(ProviderType.objects.values_list("name", "credentials", "description")),
        "settings": list(PortalSettings.objects.values()),
        "sites": list(Site.objects.values()),
        "users": list(get_user_model().objects.values_list("username", "password")),
    }


@pytest.mark.django_db
def test_seeding_builds_the_portal_from_an_empty_database(client):
    output = seed()

    assert "Seeded the portal" in output
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    approaches = ApproachPage.objects.live().filter(locale__language_code="en")  # Spanish: test_spanish.py
    assert approaches.count() >= 8
    assert approaches.filter(is_demo_content=True).count() == approaches.count() - 1
    assert {"get-help", "credentials-and-training", "about"} <= set(
        StandardPage.objects.live().values_list("slug", flat=True)
    )
    settings = PortalSettings.load()
    assert settings.crisis_page.slug == "get-help"
    assert settings.credentials_page.slug == "credentials-and-training"
    for url in ["/", "/approaches/", "/get-help/", "/credentials-and-training/", "/about/"]:
        assert client.get(url).status_code == 200, url
    for page in approaches:
        response = client.get(page.url)
        assert response.status_code == 200
        assert b"Not yet clinically reviewed" in response.content
        assert page.revisions.count() == 1


@pytest.mark.django_db
def test_seeding_twice_changes_nothing_and_says_so(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-long-demo-password-1")
    seed("--demo-users")
    before = snapshot()

    output = seed("--demo-users")

    assert "already seeded: nothing changed" in output
    assert "Demo users already exist" in output
    assert snapshot() == before


def test_demo_approach_content_is_complete_and_consistent():
    from approaches.seed_files import load_seed

    condition_slugs = {c["slug"] for c in load_seed("conditions.toml")["conditions"]}
    provider_names = {p["name"] for p in load_seed("provider_types.toml")["provider_types"]}
    approaches = load_approaches()
    assert len(approaches) >= 8
    assert len({a["slug"] for a in approaches}) == len(approaches)
    for data in approaches:
        for key in ["title", "summary", "providers_note", "training_note", "session_items", "good_fit_items"]:
            assert data.get(key), (data["slug"], key)
        assert data["not_fit_items"] and data["questions"] and data["safety_notes"], data["slug"]
        assert set(data["conditions"]) <= condition_slugs, data["slug"]
        assert set(data["provider_types"]) <= provider_names, data["slug"]
        assert all(q.endswith("?") for q in data["questions"]), data["slug"]
        assert all(n.get("action") for n in data["safety_notes"] if n.get("urgent")), data["slug"]
        assert len(data["summary"]) <= 300
        if data["slug"] != "medication-management":
            assert data["is_demo_content"] is True, data["slug"]


@pytest.mark.django_db
def test_seeding_leaves_no_redirects_from_addresses_that_were_never_public(django_capture_on_commit_callbacks):
    """The Spanish pages are copies renamed to their Spanish slugs; Wagtail redirects from a renamed
    page's old address once the transaction commits, which the test transaction never does
    unless asked, as here. An editor's later rename still leaves its redirect."""
    from wagtail.contrib.redirects.models import Redirect

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed()
    assert callbacks, "the seed's commit-time work did not run"
    assert list(Redirect.objects.values_list("old_path", flat=True)) == []

    page = ApproachPage.objects.filter(locale__language_code="es").order_by("path").first()
    old_path = page.url.rstrip("/")
    page.slug = f"{page.slug}-nuevo"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert Redirect.objects.filter(old_path=old_path, redirect_page=page).exists()
