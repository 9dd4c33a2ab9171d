"""A clinician in the deployed shape: signed in with the second factor, they are signed in on
every app server and worker at once, with Redis, without it, and while Redis stops and starts;
a draft they save is saved once; once they sign out, their copied cookie opens nothing anywhere.

Patients browse alongside the whole time. Sessions live in PostgreSQL alone (core/staff/sessions.py):
before that, each worker without a shared cache kept its own copy, and 25 of 40 admin screens
sent the clinician back to the second step.
"""

import base64
import http.client
import re
import subprocess
import sys
import threading
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP

from bench.topology import ROOT
from tests.quiz.admin_form import unchanged_post
from tests.support import DEMO_PASSWORD, DEMO_TOTP_SECRET

SCREENS = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/search/?q=therapy",
    "/admin/snippets/approaches/condition/",
    "/admin/snippets/approaches/providertype/",
    "/admin/reports/content-health/",
    "/admin/account/",
    "/admin/images/",
]
# A page the freshness tests before this module leave alone (they take the first and last by id).
EDITED = "interpersonal-therapy"
PATIENT_PAGES = ["/", "/approaches/", f"/approaches/{EDITED}/", "/get-help/", "/es/"]
NEW_TITLE = "Interpersonal therapy (draft through the proxy)"


class Browser:
    """Carries its own cookies: the production cookies are Secure, and this test speaks plain HTTP
    to nginx as the load balancer's side of TLS would."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, base, method, path, form=None):
        parts = urlsplit(base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = {"Accept": "text/html,application/xhtml+xml", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.text = response.read().decode()
        finally:
            connection.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            if value in ("", '""') or "max-age=0" in header.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def post_form(self, base, page_path, form, to=None):
        """Post `form` with the CSRF token of the form on `page_path`, as a browser does."""
        page = self.request(base, "GET", page_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.request(base, "POST", to or page_path, {**form, "csrfmiddlewaretoken": token})


def manage(deployed, *args: str) -> str:
    """manage.py in a process of its own, as an operator runs it."""
    env = {**deployed.env, "DEMO_PASSWORD": DEMO_PASSWORD, "DEMO_TOTP_SECRET": DEMO_TOTP_SECRET}
    command = [sys.executable, "manage.py", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return done.stdout.strip()


def shell(deployed, code: str) -> str:
    return manage(deployed, "shell", "--no-imports", "-c", code)


def fresh_code(deployed) -> str:
    # A code works once: the next sign-in in the same 30 seconds would need the next window.
    shell(deployed, "from django_otp.plugins.otp_totp.models import TOTPDevice as D; D.objects.update(last_t=-1)")
    return f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}"


@pytest.fixture(scope="module")
def clinician(deployed):
    # The demo accounts only: the freshness tests before this one moved and deleted seeded pages,
    # and seeding pages again over their changes is not what an operator would do here.
    shell(
        deployed,
        "import os; from portal.seeding import seed_demo_users; "
        "seed_demo_users(password=os.environ['DEMO_PASSWORD'], totp_secret=os.environ['DEMO_TOTP_SECRET'])",
    )
    return "clinician"


def sign_in(deployed, username) -> Browser:
    browser = Browser()
    base = deployed.proxy_url
    signed = browser.post_form(base, "/admin/login/", {"username": username, "password": DEMO_PASSWORD})
    assert signed.status == 302 and signed.getheader("Location").startswith("/admin/")
    verified = browser.post_form(base, "/admin/2fa/?next=/admin/", {"code": fresh_code(deployed), "next": "/admin/"})
    assert verified.status == 302 and verified.getheader("Location") == "/admin/", verified.text[:500]
    return browser


def page_id(deployed, slug) -> int:
    return int(
        shell(
            deployed,
            f"from wagtail.models import Page; print(Page.objects.get(slug='{slug}', locale__language_code='en').pk)",
        )
    )


def revisions(deployed, pk) -> int:
    return int(shell(deployed, f"from wagtail.models import Page; print(Page.objects.get(pk={pk}).revisions.count())"))


class Patients(threading.Thread):
    """Patient traffic through nginx for as long as the test runs."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base, self.statuses, self.stop = base, [], threading.Event()

    def run(self):
        browser = Browser()
        while not self.stop.is_set():
            for path in PATIENT_PAGES:
                self.statuses.append(browser.request(self.base, "GET", path).status)


def screen(browser, base, path) -> str:
    """The outcome of opening an admin screen: "ok", or where it was sent instead."""
    response = browser.request(base, "GET", path)
    if response.status == 200 and "One more step" not in response.text:
        return "ok"
    return f"{response.status} {response.getheader('Location')}"


def test_a_clinician_stays_signed_in_everywhere_and_a_draft_is_saved_once(deployed, clinician):
    patients = Patients(deployed.proxy_url)
    patients.start()
    try:
        browser = sign_in(deployed, clinician)
        ways_in = list(deployed.urls.values())
        outcomes = []
        for i in range(40):
            if deployed.redis and i == 15:
                deployed.redis.stop()  # Redis goes away mid-run ...
            if deployed.redis and i == 28:
                deployed.redis.start()  # ... and comes back
            outcomes.append(screen(browser, ways_in[i % len(ways_in)], SCREENS[i % len(SCREENS)]))
        assert outcomes == ["ok"] * 40

        pk = page_id(deployed, EDITED)
        before = revisions(deployed, pk)
        edit = f"/admin/pages/{pk}/edit/"
        data = unchanged_post(browser.request(deployed.proxy_url, "GET", edit).text, form_id="page-edit-form")
        data["title"] = NEW_TITLE
        saved = browser.request(deployed.proxy_url, "POST", edit, data)
        assert saved.status == 302 and saved.getheader("Location").endswith(edit), saved.text[:500]
        assert revisions(deployed, pk) == before + 1
        assert NEW_TITLE in browser.request(deployed.proxy_url, "GET", edit).text
        copied = Browser()
        copied.cookies = dict(browser.cookies)

        # The sidebar's sign-out button posts the CSRF cookie's token, as Django accepts.
        token = {"csrfmiddlewaretoken": browser.cookies["csrftoken"]}
        assert browser.request(deployed.proxy_url, "POST", "/admin/logout/", token).status == 302
        after_sign_out = [screen(copied, base, "/admin/pages/") for base in ways_in for _ in range(4)]
        assert all(outcome.startswith("302 /admin/login/") for outcome in after_sign_out), after_sign_out
    finally:
        patients.stop.set()
        patients.join(timeout=30)
        if deployed.redis and deployed.redis.process.poll() is not None:
            deployed.redis.start()
        shell(
            deployed,
            f"from wagtail.models import Page; p = Page.objects.get(pk={page_id(deployed, EDITED)}); "
            "p.revisions.filter(content__title=" + repr(NEW_TITLE) + ").delete()",
        )
    assert patients.statuses and set(patients.statuses) == {200}


def test_a_second_factor_reset_and_a_role_removed_end_the_session_on_every_worker(deployed, clinician):
    browser = sign_in(deployed, clinician)
    ways_in = list(deployed.urls.values())
    assert {screen(browser, base, "/admin/pages/") for base in ways_in for _ in range(3)} == {"ok"}
    shell(
        deployed,
        "from django.contrib.auth.models import Group, User; u = User.objects.get(username='clinician'); "
        "g = Group.objects.get(name='Clinical editors'); u.groups.remove(g); u.groups.add(g)",
    )
    outcomes = [screen(browser, base, "/admin/pages/") for base in ways_in for _ in range(3)]
    assert all(outcome.startswith("302 /admin/login/") for outcome in outcomes), outcomes
