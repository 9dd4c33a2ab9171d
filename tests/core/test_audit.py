"""A site admin sees who changed Portal settings, snippets and pages, and when (Site history)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from approaches.models import Condition
from core.models import PortalSettings

SETTINGS_URL = reverse("wagtailsettings:edit", args=["core", "portalsettings"])
HISTORY_URL = reverse("wagtailadmin_reports:site_history")


def form_data(html: str) -> dict:
    """What the browser would send back for the page's edit form (its largest), unchanged."""
    soup = BeautifulSoup(html, "html.parser")
    posts = [f for f in soup("form") if f.get("method", "").lower() == "post"]
    form = max(posts, key=lambda f: len(f.find_all(["input", "textarea", "select"])))
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button"}:
            continue
        if field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen.get("value", "") if chosen else ""
        else:
            data[name] = field.get("value", "")
    return data


@pytest.fixture
def site_admin(client, db):
    user = get_user_model().objects.create_user("dana-admin", password="a-long-test-password", first_name="Dana")
    user.groups.add(Group.objects.get(name="Site admins"))
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return user


def history_rows(client) -> list[str]:
    html = client.get(HISTORY_URL).content.decode()
    return [" ".join(row.get_text(" ", strip=True).split()) for row in BeautifulSoup(html, "html.parser")("tr")]


@pytest.mark.django_db
def test_a_portal_settings_change_is_in_the_log_with_who_and_when(client, home, site_admin):
    form = client.get(SETTINGS_URL, follow=True)
    data = form_data(form.content.decode())
    data["crisis_line_number"] = "1-800-273-8255"
    response = client.post(form.request["PATH_INFO"], data, follow=True)
    assert response.status_code == 200
    assert PortalSettings.load().crisis_line_number == "1-800-273-8255"

    entry = ModelLogEntry.objects.get(content_type__model="portalsettings", action="wagtail.edit")
    assert entry.user == site_admin and entry.timestamp is not None
    assert any("Portal settings" in row and "Dana" in row for row in history_rows(client))


@pytest.mark.django_db
def test_snippet_and_page_changes_are_in_the_log(client, approach, site_admin):
    condition = Condition.objects.get(slug="adhd")
    url = reverse(condition.snippet_viewset.get_url_name("edit"), args=[condition.pk])
    data = form_data(client.get(url).content.decode())
    data["name"] = "ADHD (attention deficit)"
    client.post(url, data)
    assert ModelLogEntry.objects.filter(object_id=str(condition.pk), user=site_admin).exists()

    approach.save_revision(user=site_admin, log_action=True).publish(user=site_admin)

    rows = history_rows(client)
    assert any("ADHD (attention deficit)" in row and "Dana" in row for row in rows)
    assert any(approach.title in row and "Dana" in row and "Published" in row for row in rows)
