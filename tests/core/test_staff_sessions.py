"""Staff sessions live in the database alone (core/staff/sessions.py), so whatever ends one ends it on
every app server at once; and an admin post met by a sign-in step is kept, not lost
(core/staff/kept_edits.py). Several workers are proven in tests/topology/test_staff_sign_in.py; here
each Client stands for a browser, and a copied cookie for the same browser on another worker.
"""

import base64

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page

from core.models import StaffSession
from core.staff.two_factor import RESUME_PATH
from tests.quiz.admin_form import unchanged_post
from tests.support import DEMO_PASSWORD, DEMO_TOTP_SECRET

SECRET = base64.b32decode(DEMO_TOTP_SECRET)


def code() -> str:
    # An authenticator code works once (django-otp remembers the last one used); these tests sign
    # the same person in several times a second, as if each were in a later 30-second window.
    TOTPDevice.objects.filter(confirmed=True).update(last_t=-1)
    return f"{TOTP(SECRET).token():06d}"


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("session-editor", password=DEMO_PASSWORD)
    user.groups.add(Group.objects.get(name="Clinical editors"))
    TOTPDevice.objects.create(user=user, name="App", key=SECRET.hex(), confirmed=True)
    return user


def signed_in(user, *, verify=True) -> Client:
    client = Client()
    assert client.post("/admin/login/", {"username": user.username, "password": DEMO_PASSWORD}).status_code == 302
    if verify:
        assert client.post("/admin/2fa/", {"code": code(), "next": "/admin/"}).status_code == 302
    return client


def same_cookie(client) -> Client:
    """The same browser's cookie sent to another worker."""
    other = Client()
    other.cookies = client.cookies
    return other


def opens_admin(client) -> bool:
    return client.get("/admin/pages/").status_code == 200


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


def test_the_session_row_names_its_user_and_sign_out_deletes_it(editor):
    client = signed_in(editor)
    key = client.cookies["sessionid"].value
    assert StaffSession.objects.get(session_key=key).user_id == editor.pk
    assert opens_admin(same_cookie(client))
    client.post("/admin/logout/")
    assert not StaffSession.objects.filter(session_key=key).exists()
    assert not opens_admin(same_cookie(client))


def test_a_verified_session_is_verified_for_every_copy_of_the_cookie(editor):
    client = signed_in(editor, verify=False)
    assert client.get("/admin/pages/")["Location"].startswith("/admin/2fa/")
    other = same_cookie(client)
    assert client.post("/admin/2fa/", {"code": code(), "next": "/admin/"}).status_code == 302
    assert opens_admin(other)


def test_a_password_change_ends_the_other_sessions(editor):
    laptop, phone = signed_in(editor), signed_in(editor)
    editor.set_password("a-brand-new-long-password-2")
    editor.save()
    assert not opens_admin(same_cookie(laptop)) and not opens_admin(phone)


@pytest.mark.parametrize(
    "remove, colleague_keeps_theirs",
    [
        (lambda user, group: user.groups.remove(group), True),
        (lambda user, group: group.user_set.remove(user), True),
        (lambda user, group: user.groups.set([]), True),
        (lambda user, group: user.groups.clear(), True),
        (lambda user, group: group.user_set.clear(), False),  # everyone in the role loses it
    ],
    ids=["user.groups.remove", "group.user_set.remove", "user.groups.set", "user.groups.clear", "group.user_set.clear"],
)
def test_a_role_removed_ends_every_session_of_that_person(editor, remove, colleague_keeps_theirs):
    editors = Group.objects.get(name="Clinical editors")
    colleague = get_user_model().objects.create_user("colleague", password=DEMO_PASSWORD)
    colleague.groups.add(editors)
    TOTPDevice.objects.create(user=colleague, name="App", key=SECRET.hex(), confirmed=True)
    laptop, phone, _theirs = signed_in(editor), signed_in(editor), signed_in(colleague)
    remove(editor, editors)
    assert not StaffSession.objects.filter(user=editor).exists()
    assert not opens_admin(laptop) and not opens_admin(phone)
    assert StaffSession.objects.filter(user=colleague).exists() == colleague_keeps_theirs


def test_adding_a_role_keeps_the_session(editor):
    client = signed_in(editor)
    editor.groups.add(Group.objects.get(name="Clinical reviewers"))
    assert opens_admin(client)


def test_a_superuser_flag_taken_away_ends_the_sessions(editor):
    editor.is_superuser = True
    editor.save()
    client = signed_in(editor)
    editor.is_superuser = False
    editor.save()
    assert not opens_admin(client)


def test_a_second_factor_reset_ends_the_sessions_but_enrolling_does_not(editor):
    client = signed_in(editor)
    TOTPDevice.objects.create(user=editor, name="Half-enrolled", confirmed=False).delete()
    assert opens_admin(client)
    StaticDevice.objects.create(user=editor, name="Recovery codes").delete()
    assert not opens_admin(client)
    client = signed_in(editor)
    TOTPDevice.objects.filter(user=editor).delete()
    assert not opens_admin(client)


# Kept edits -----------------------------------------------------------------------------------


@pytest.fixture
def draft_post(seeded_portal, editor):
    """A page's edit address and the post its editor's browser sends on "Save draft", retitled."""
    page = Page.objects.get(slug="cbt", locale__language_code="en").specific
    url = f"/admin/pages/{page.pk}/edit/"
    data = unchanged_post(signed_in(editor).get(url).content.decode(), form_id="page-edit-form")
    data["title"] = "CBT, kept across the sign-in step"
    return page, url, data


def csrf_client(client) -> Client:
    """A browser: it posts forms with their CSRF token (the test client skips the check unless
    asked) and asks for a page by name, as form submissions do."""
    checked = Client(enforce_csrf_checks=True, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    checked.cookies = client.cookies
    return checked


def with_token(client, url, data):
    client.get(url)  # sets the CSRF cookie, as the edit page did in the browser
    data = data.copy()
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    return data


def test_a_draft_met_by_the_second_step_is_kept_and_saved_once_after_it(draft_post, editor):
    page, url, data = draft_post
    revisions = page.revisions.count()
    browser = csrf_client(signed_in(editor, verify=False))
    response = browser.post(url, with_token(browser, "/admin/login/", data))
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/?next=")
    assert RESUME_PATH.replace("/", "%2F") in response["Location"] or RESUME_PATH in response["Location"]
    assert page.revisions.count() == revisions  # nothing half-saved

    verify = with_token(browser, "/admin/2fa/", {"code": code(), "next": RESUME_PATH})
    assert browser.post("/admin/2fa/", verify)["Location"] == RESUME_PATH
    kept_page = browser.get(RESUME_PATH).content.decode()
    assert "Your changes were kept, not yet saved" in kept_page
    assert "CBT, kept across the sign-in step" in kept_page

    from bs4 import BeautifulSoup

    form = BeautifulSoup(kept_page, "html.parser").find("form", action=url)
    replay = [(i["name"], i.get("value", "")) for i in form.find_all("input")]
    response = browser.post(url, dict_of_lists(replay))
    assert response.status_code == 302
    assert page.revisions.count() == revisions + 1
    assert page.revisions.order_by("-created_at").first().as_object().title == "CBT, kept across the sign-in step"
    # Sent once: the kept copy is gone, and the page says so if opened again.
    assert browser.get(RESUME_PATH).status_code == 302


def dict_of_lists(pairs):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, value in pairs:
        data.appendlist(name, value)
    return data


def test_a_draft_after_the_session_lapsed_is_kept_through_sign_in(draft_post, editor):
    page, url, data = draft_post
    browser = csrf_client(Client())
    response = browser.post(url, with_token(browser, "/admin/login/", data))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")
    login_page = browser.get(response["Location"]).content.decode()
    assert "You were signed out before your changes reached us" in login_page
    credentials = {"username": editor.username, "password": DEMO_PASSWORD, "next": RESUME_PATH}
    assert browser.post("/admin/login/", with_token(browser, "/admin/login/", credentials)).status_code == 302
    browser.post("/admin/2fa/", with_token(browser, "/admin/2fa/", {"code": code(), "next": RESUME_PATH}))
    assert "CBT, kept across the sign-in step" in browser.get(RESUME_PATH).content.decode()


def test_a_cross_site_post_is_not_kept(draft_post, editor):
    _page, url, data = draft_post
    browser = csrf_client(signed_in(editor, verify=False))
    response = browser.post(url, data)  # no CSRF token: not from our form
    assert response.status_code in (302, 403)
    assert "kept_edit" not in browser.session.load()
    browser.post("/admin/2fa/", with_token(browser, "/admin/2fa/", {"code": code(), "next": "/admin/"}))
    assert browser.get(RESUME_PATH).status_code == 302  # nothing to offer


def test_kept_changes_can_be_discarded(draft_post, editor):
    _page, url, data = draft_post
    browser = csrf_client(signed_in(editor, verify=False))
    browser.post(url, with_token(browser, "/admin/login/", data))
    browser.post("/admin/2fa/", with_token(browser, "/admin/2fa/", {"code": code(), "next": RESUME_PATH}))
    response = browser.post(RESUME_PATH, with_token(browser, RESUME_PATH, {"discard": "1"}))
    assert response.status_code == 302
    assert browser.get(RESUME_PATH).status_code == 302
