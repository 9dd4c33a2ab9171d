"""Comparing revisions honestly: only published ones, their go-live dates, and a word when one is empty."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from quiz.analytics.disclosure import disclose
from quiz.analytics.forms import AnalyticsFilterForm
from quiz.analytics.report import build_report
from quiz.analytics.revisions import published_revisions
from quiz.flow import END
from quiz.models import QuizResponse
from quiz.selectors import live_flow
from tests.quiz.test_analytics import FAMILY, FULL, run, user_in

TODAY = timezone.localdate()


@pytest.fixture
def flow(quiz):
    return live_flow(quiz)


@pytest.fixture
def analyst(client, quiz):
    client.force_login(user_in("Analytics"))
    return client


def publish_again(quiz):
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    return live_flow(quiz)


@pytest.mark.django_db
def test_only_published_revisions_are_offered_with_go_live_date_and_live_marker(quiz):
    first = quiz.live_revision_id
    draft = quiz.save_revision()  # saved, never published
    second = publish_again(quiz).revision_id
    quiz.save_revision()  # a newer draft on top of the live one

    choices = dict(AnalyticsFilterForm({"quiz": quiz.pk}).fields["revision"].choices)
    assert set(choices) == {"", first, second}
    assert draft.pk not in choices
    assert choices[second] == f"Revision {second}, live from {timezone.localdate():%d %b %Y} · live now"
    assert "live now" not in choices[first]


@pytest.mark.django_db
def test_two_chosen_revisions_show_side_by_side_even_when_one_is_filtered(quiz, flow, pages, levels):
    for i in range(6):
        run(flow, FULL, END, day=TODAY - timedelta(days=2), minute=i)
    new_flow = publish_again(quiz)
    for i in range(8):
        run(new_flow, FAMILY if i % 2 else FULL[:2], END if i % 2 else "", day=TODAY - timedelta(days=1), minute=i)

    r = build_report(
        quiz=quiz,
        first=TODAY - timedelta(days=7),
        last=TODAY,
        revision_id=new_flow.revision_id,
        compare_id=flow.revision_id,
    )
    older, newer = r.comparison
    assert (older.revision_id, older.summary.starts, older.summary.completion_rate) == (flow.revision_id, 6, 100.0)
    assert (newer.revision_id, newer.summary.starts, newer.summary.completion_rate) == (new_flow.revision_id, 8, 50.0)
    assert r.summary.starts == 8  # the main figures stay on the chosen revision
    assert r.comparison_messages == []
    drop_off = {row.key: row.drop_off for row in newer.funnel}
    assert drop_off["sleep"] == 100.0 and drop_off["concern"] == 0.0  # the four who left were last shown "sleep"

    _, tables, note = disclose(r, threshold=1)
    rows = {row["figure"]: row for row in tables["comparison"].rows}
    assert rows["Completion rate, of starts that answered (%)"][f"rev{older.revision_id}"] == 100.0
    assert "Suggested first: Family therapy (% of completions)" in rows
    assert "Sample size: 6 and 8 starts that answered" in note


@pytest.mark.django_db
def test_a_chosen_revision_without_responses_gets_a_message(analyst, quiz, flow):
    for i in range(6):
        run(flow, FULL, END, day=TODAY - timedelta(days=2), minute=i)
    new_flow = publish_again(quiz)
    html = analyst.get(
        f"/admin/quiz/analytics/?revision={new_flow.revision_id}&compare={flow.revision_id}"
    ).content.decode()
    assert f"Revision {new_flow.revision_id}, live from" in html
    assert "has no responses between" in html


@pytest.mark.django_db
def test_one_revision_in_range_says_there_is_nothing_to_compare(quiz, flow):
    run(flow, FULL, END, day=TODAY - timedelta(days=1))
    r = build_report(quiz=quiz, first=TODAY - timedelta(days=7), last=TODAY)
    assert r.comparison == []
    assert r.comparison_messages == [
        f"Only 1 published revision had responses between {TODAY - timedelta(days=7):%d %b %Y} and "
        f"{TODAY:%d %b %Y}: choose a wider range to compare two."
    ]


@pytest.mark.django_db
def test_the_trend_marks_when_each_revision_went_live(analyst, quiz, flow):
    run(flow, FULL, END, day=TODAY - timedelta(days=3))
    new_flow = publish_again(quiz)
    r = build_report(quiz=quiz, first=TODAY - timedelta(days=7), last=TODAY)
    assert [(day, rev.id) for day, rev in r.went_live] == [
        (TODAY, flow.revision_id),
        (TODAY, new_flow.revision_id),
    ]
    html = analyst.get("/admin/quiz/analytics/").content.decode()
    assert f"Revision {new_flow.revision_id} went live" in html  # the chart's marker
    _, tables, _ = disclose(r)
    assert next(row for row in tables["trend"].rows if row["day"] == TODAY)["went_live"] == (
        f"revision {flow.revision_id}, revision {new_flow.revision_id}"
    )


@pytest.mark.django_db
def test_the_daily_chart_counts_from_zero(analyst, quiz, flow):
    for day in range(1, 4):
        for i in range(20 + day):
            run(flow, FULL, END, day=TODAY - timedelta(days=day), minute=i)
    html = analyst.get("/admin/quiz/analytics/").content.decode()
    trend_svg = html.split("Starts and completions per day")[1].split("</svg>")[0]
    assert '<text x="' in trend_svg and ">0</text>" in trend_svg


@pytest.mark.django_db
def test_demo_data_spreads_over_two_published_revisions_and_publishes_only_once(quiz):
    assert len(published_revisions(quiz)) == 1
    out = io.StringIO()
    call_command("generate_quiz_responses", count=60, days=20, seed=2, bulk=True, verbosity=0, stdout=out)
    assert "second, labelled demo revision" in out.getvalue()
    quiz.refresh_from_db()
    revisions = published_revisions(quiz)
    assert len(revisions) == 2 and "demo revision 2" in quiz.title
    older, newer = reversed(revisions)
    assert older.went_live_at < newer.went_live_at < timezone.now() - timedelta(days=5)
    per_revision = {rev: QuizResponse.objects.filter(revision_id=rev).count() for rev in (older.id, newer.id)}
    assert all(n > 10 for n in per_revision.values()) and sum(per_revision.values()) == 60
    # Every response is on the revision that was live when it started.
    assert not QuizResponse.objects.filter(revision_id=older.id, started_at__gte=newer.went_live_at).exists()
    assert not QuizResponse.objects.filter(revision_id=newer.id, started_at__lt=newer.went_live_at).exists()

    call_command("generate_quiz_responses", count=10, days=20, seed=3, verbosity=0, stdout=io.StringIO())
    assert len(published_revisions(quiz)) == 2  # idempotent

    r = build_report(quiz=quiz, first=TODAY - timedelta(days=21), last=TODAY)
    assert [c.revision_id for c in r.comparison] == [older.id, newer.id]
    assert date.today() - timedelta(days=21) <= r.went_live[-1][0]


@pytest.mark.django_db
def test_the_comparison_exports_with_both_revisions_in_its_name(analyst, quiz, flow):
    for i in range(6):
        run(flow, FULL, END, day=TODAY - timedelta(days=2), minute=i)
    new_flow = publish_again(quiz)
    for i in range(6):
        run(new_flow, FULL, END, day=TODAY - timedelta(days=1), minute=i)
    response = analyst.get(
        f"/admin/quiz/analytics/?revision={new_flow.revision_id}&compare={flow.revision_id}&table=comparison&export=csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert f"_revision-{new_flow.revision_id}_vs-revision-{flow.revision_id}.csv" in response["Content-Disposition"]
    header = b"".join(response.streaming_content).decode().lstrip("\ufeff").splitlines()[0]
    assert (
        f"Revision {flow.revision_id}, live from" in header and f"Revision {new_flow.revision_id}, live from" in header
    )


@pytest.mark.django_db
def test_one_chosen_revision_asks_for_a_second_to_compare(quiz, flow):
    run(flow, FULL, END, day=TODAY - timedelta(days=1))
    r = build_report(quiz=quiz, first=TODAY - timedelta(days=7), last=TODAY, revision_id=flow.revision_id)
    assert r.comparison == []
    assert r.comparison_messages == ["Choose a revision under “Compare with revision” to see two side by side."]
