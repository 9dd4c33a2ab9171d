"""Reports → Patient comments: crisis first, a status for each comment, the revision that fixed
it, and who may do what (clinicians triage, analysts see counts only, site admins delete)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from approaches.factories import StandardPageFactory
from feedback.factories import PageFeedbackFactory
from feedback.models import PageFeedback, Status
from tests.core.test_governance import ROLES, member
from tests.feedback.reporting import published_revisions

INDEX = "feedback_comments:index"
CLINICIAN_ROLES = ["Clinical editors", "Clinical reviewers", "Site admins"]


def edit_url(comment):
    return reverse("feedback_comments:edit", args=[comment.pk])


def turned_away(response) -> bool:
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.fixture
def page(home):
    page = StandardPageFactory(parent=home, title="Sleep and low mood")
    page.revisions_made = published_revisions(page, 2)
    return page


@pytest.fixture
def comment(page):
    return PageFeedbackFactory(page=page, helpful=False, comment="The dose table was hard to read")


def test_a_comment_is_new_read_acted_on_or_not_actionable():
    assert [(s.value, str(s.label)) for s in Status] == [
        ("new", "New"),
        ("read", "Read"),
        ("acted_on", "Acted on"),
        ("not_actionable", "Not actionable"),
    ]
    assert PageFeedback._meta.get_field("status").default == Status.NEW


@pytest.mark.django_db
def test_crisis_comments_are_listed_first_for_clinicians(client, page):
    import datetime

    PageFeedbackFactory(page=page, helpful=False, comment="Newest, and fine", day=datetime.date(2026, 12, 1))
    PageFeedbackFactory(page=page, helpful=False, comment="I want to die", day=datetime.date(2026, 10, 1))
    PageFeedbackFactory(page=page, helpful=False, comment="Quiero morir, nada me ayuda", day=datetime.date(2026, 9, 1))
    PageFeedbackFactory(page=page, helpful=True)  # a vote without words is not a comment
    client.force_login(member("Clinical reviewers"))
    html = client.get(reverse(INDEX)).content.decode()
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in BeautifulSoup(html, "html.parser").select("tbody tr")
    ]
    assert [(row[0], row[3].split(" ")[0]) for row in rows] == [("Crisis", "I"), ("Crisis", "Quiero"), ("", "Newest,")]
    comments = PageFeedback.objects.exclude(comment="").order_by("-crisis", "-day")
    for comment in comments:
        assert f'href="{edit_url(comment)}"' in html, "each comment links to its triage form"
    assert PageFeedback.objects.filter(crisis=True).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Clinical editors", "Clinical reviewers"])
def test_a_clinician_marks_a_comment_acted_on_and_links_the_fixing_revision(client, page, comment, role):
    client.force_login(member(role))
    form = client.get(edit_url(comment))
    assert form.status_code == 200
    html = form.content.decode()
    assert "The dose table was hard to read" in html
    for revision in page.revisions_made:
        assert f'value="{revision}"' in html, "the page's own revisions are offered"
    fixed = page.revisions_made[-1]
    response = client.post(edit_url(comment), {"status": "acted_on", "fixed_in": fixed})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.fixed_in_id) == (Status.ACTED_ON, fixed)
    assert comment.comment == "The dose table was hard to read", "the patient's words are not editable"


@pytest.mark.django_db
def test_marking_read_or_not_actionable_needs_no_revision(client, comment):
    client.force_login(member("Clinical editors"))
    for status in ("read", "not_actionable", "new"):
        assert client.post(edit_url(comment), {"status": status, "fixed_in": ""}).status_code == 302
        comment.refresh_from_db()
        assert (comment.status, comment.fixed_in_id) == (status, None)


@pytest.mark.django_db
def test_a_revision_of_another_page_or_on_a_comment_not_acted_on_is_refused(client, home, page, comment):
    other = StandardPageFactory(parent=home, title="Worry")
    (elsewhere,) = published_revisions(other, 1)
    client.force_login(member("Clinical editors"))
    response = client.post(edit_url(comment), {"status": "acted_on", "fixed_in": elsewhere})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client.post(edit_url(comment), {"status": "read", "fixed_in": page.revisions_made[0]})
    assert "Link a fixing revision only to a comment marked “Acted on”." in response.content.decode()
    comment.refresh_from_db()
    assert (comment.status, comment.fixed_in_id) == (Status.NEW, None)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_triage_and_delete_comments(client, comment, role):
    client.force_login(member(role))
    clinician = role in CLINICIAN_ROLES
    index = client.get(reverse(INDEX))
    assert (index.status_code == 200) is clinician and turned_away(index) is not clinician
    edit = client.get(edit_url(comment))
    assert (edit.status_code == 200) is clinician and turned_away(edit) is not clinician
    for export in ("csv", "xlsx"):
        download = client.get(reverse(INDEX), {"export": export})
        assert download.has_header("Content-Disposition") is clinician
    client.post(edit_url(comment), {"status": "read", "fixed_in": ""})
    comment.refresh_from_db()
    assert (comment.status == Status.READ) is clinician
    # Only site admins may delete feedback; nobody adds a comment in the admin.
    delete_url = reverse("feedback_comments:delete", args=[comment.pk])
    deleted = client.post(delete_url)
    assert PageFeedback.objects.filter(pk=comment.pk).exists() is (role != "Site admins"), deleted
    assert turned_away(client.get(reverse("feedback_comments:add")))


@pytest.mark.django_db
def test_the_comments_export_holds_the_scrubbed_text_and_the_triage(client, page, comment):
    comment.status, comment.fixed_in_id = Status.ACTED_ON, page.revisions_made[-1]
    comment.save()
    client.force_login(member("Clinical reviewers"))
    response = client.get(reverse(INDEX), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "The dose table was hard to read" in body and str(page.revisions_made[-1]) in body


@pytest.mark.django_db
def test_only_revisions_from_the_comments_day_on_can_be_the_fix(client, page):
    import datetime

    from wagtail.models import Revision

    older = PageFeedbackFactory(page=page, helpful=False, comment="Seen last year", day=datetime.date(2025, 1, 5))
    future = PageFeedbackFactory(page=page, helpful=False, comment="Seen tomorrow", day=datetime.date(2099, 1, 1))
    (early,) = published_revisions(page, 1)
    Revision.objects.filter(pk=early).update(created_at=datetime.datetime(2024, 12, 1, tzinfo=datetime.UTC))
    client.force_login(member("Clinical editors"))
    assert client.post(edit_url(older), {"status": "acted_on", "fixed_in": early}).status_code == 200
    assert client.post(edit_url(older), {"status": "acted_on", "fixed_in": page.revisions_made[0]}).status_code == 302
    assert f'value="{page.revisions_made[0]}"' not in client.get(edit_url(future)).content.decode()
