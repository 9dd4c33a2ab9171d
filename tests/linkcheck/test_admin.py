"""Reports → Broken links, "Check links now", Content health and the reminder mail, as each role
meets them."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from linkcheck.models import LinkCheckRun
from linkcheck.services import run_link_check
from tests.core.test_governance import member

REPORT = "/admin/reports/broken-links/"


def rows_of(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"<[^>]+>", " ", row) for row in body.split("<tr>")[1:]]


@pytest.fixture
def checked(local_site):
    return run_link_check(timeout=2, budget=30)


@pytest.mark.django_db
def test_the_report_lists_broken_links_urgent_first_with_where_to_fix_them(client, checked, local_server, local_site):
    client.force_login(member("Clinical editors"))
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    rows = rows_of(html)
    urgent = ["Urgent (crisis resource)" in row for row in rows]
    assert urgent == sorted(urgent, reverse=True) and urgent.count(True) == 3  # chat, crisis page, peer line
    assert any(local_server.url("/gone-404?chat") in row and "Not found" in row for row in rows[:3])
    assert not any(local_server.url("/ok?paragraph") in row for row in rows)  # works: not listed
    edit = reverse("wagtailadmin_pages:edit", args=[local_site["ordinary"].pk])
    assert f'href="{edit}"' in html
    assert "Check links now" not in html  # editors see results; site admins start checks
    every = client.get(REPORT, {"show": "all"}).content.decode()
    assert local_server.url("/ok?paragraph") in every


@pytest.mark.django_db
def test_who_may_not_see_link_results_gets_a_helpful_403(client, checked):
    client.force_login(member("Analytics"))
    for response in (client.get(REPORT), client.get(REPORT, {"export": "csv"})):
        assert response.status_code == 403
        assert "Ask a site admin" in response.content.decode()
        assert not response.has_header("Content-Disposition")


@pytest.mark.django_db
def test_an_editor_may_not_start_a_check(client, local_site):
    client.force_login(member("Clinical editors"))
    response = client.post(reverse("broken_links_check"))
    assert response.status_code == 403 and "only site admins start a check" in response.content.decode()
    assert not LinkCheckRun.objects.exists()


@pytest.mark.django_db
def test_a_site_admin_checks_links_now_from_the_report(local_site, local_server):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member("Site admins"))
    page = browser.get(REPORT).content.decode()
    assert "Check links now" in page
    assert browser.post(reverse("broken_links_check")).status_code == 403  # no CSRF token: refused
    assert not LinkCheckRun.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(reverse("broken_links_check"), {"csrfmiddlewaretoken": token}, follow=True)
    assert response.redirect_chain == [(REPORT, 302)]
    run = LinkCheckRun.objects.get()
    assert f"Checked {run.links} link(s): {run.broken} broken." in response.content.decode()
    assert run.broken and not run.out_of_time
    assert browser.get(reverse("broken_links_check")).status_code == 405


@pytest.mark.django_db
def test_content_health_puts_the_urgent_broken_link_first_and_counts_each_pages(client, checked, local_server):
    client.force_login(member("Clinical reviewers"))
    html = client.get("/admin/reports/content-health/").content.decode()
    urgent_at, pages_at = html.index("Urgent: broken links in crisis resources"), html.index('<table class="listing"')
    assert urgent_at < pages_at
    assert local_server.url("/gone-404?chat") in html[urgent_at:pages_at]
    # The approach page's one source redirects: no broken links; its column says so.
    talking = html.split("Talking therapy", 1)[1].split("</tr>", 1)[0]
    assert '<td data-column="broken-links">–</td>' in talking


@pytest.mark.django_db
def test_content_health_counts_broken_links_on_an_approach_page(client, local_site, local_server):
    from approaches.factories import stream

    approach = local_site["approach"]
    approach.sources = stream(
        "source",
        [
            {
                "citation": "Gone",
                "publisher": "NICE",
                "year": 2022,
                "url": local_server.url("/gone-410?src"),
                "guideline_id": "",
            }
        ],
    )
    approach.save_revision().publish()
    run_link_check(timeout=2, budget=30)
    client.force_login(member("Clinical reviewers"))
    html = client.get("/admin/reports/content-health/").content.decode()
    talking = html.split("Talking therapy", 1)[1].split("</tr>", 1)[0]
    assert '<td data-column="broken-links"><a ' in talking and ">1</a></td>" in talking
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[approach.pk])).content.decode()
    assert local_server.url("/gone-410?src") in editor and "broken link" in editor


@pytest.mark.django_db
def test_the_reminder_names_the_broken_crisis_link_first_and_tells_site_admins(checked, local_server):
    member("Clinical reviewers", "rev", email="rev@example.org")
    member("Site admins", "boss", email="admin@example.org")
    call_command("send_review_reminders", stdout=io.StringIO())
    (message,) = mail.outbox
    assert sorted(message.to) == ["admin@example.org", "rev@example.org"]
    assert message.subject.startswith("URGENT")
    chat = local_server.url("/gone-404?chat")
    assert chat in message.body and message.body.index(chat) < message.body.index("need a clinical review")


@pytest.mark.django_db
def test_a_broken_crisis_link_is_mailed_even_when_no_page_is_due(local_server, home, crisis_page):
    from linkcheck.collect import Link

    member("Clinical reviewers", "rev", email="rev@example.org")
    chat = local_server.url("/gone-404?only-chat")
    run_link_check(links=[Link(url=chat, source="Portal settings: crisis chat URL", urgent=True)], timeout=2)
    call_command("send_review_reminders", stdout=io.StringIO())
    (message,) = mail.outbox
    assert chat in message.body and "need a clinical review" not in message.body


@pytest.mark.django_db
def test_check_links_command_reports_what_it_found(local_site):
    out = io.StringIO()
    call_command("check_links", "--timeout", "2", "--concurrency", "3", "--budget", "30", stdout=out)
    run = LinkCheckRun.objects.get()
    assert f"Checked {run.links} link(s): {run.broken} broken" in out.getvalue()


@pytest.mark.django_db
def test_the_daily_urgent_run_mails_only_broken_crisis_links(checked, local_server):
    member("Clinical reviewers", "rev", email="rev@example.org")
    call_command("send_review_reminders", "--urgent-only", stdout=io.StringIO())
    (message,) = mail.outbox
    assert message.subject.startswith("URGENT") and "need clinical review" not in message.subject
    assert local_server.url("/gone-404?chat") in message.body and "need a clinical review" not in message.body


@pytest.mark.django_db
def test_the_daily_urgent_run_sends_nothing_when_crisis_links_work(home, crisis_page):
    member("Clinical reviewers", "rev", email="rev@example.org")
    out = io.StringIO()
    call_command("send_review_reminders", "--urgent-only", stdout=out)
    assert mail.outbox == [] and "Nothing sent" in out.getvalue()
