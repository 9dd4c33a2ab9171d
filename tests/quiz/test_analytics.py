"""Every analytics figure against small hand-built data sets, permissions, exports and scale."""

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quiz import synthetic
from quiz.analytics.report import build_report
from quiz.analytics.rollups import ensure_rollups
from quiz.flow import CRISIS, END
from quiz.models import DailyFigure, QuizResponse, ResponseOutcome, RolledUpDay
from quiz.selectors import live_flow

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
DAY = date(2026, 6, 10)


def at(day=DAY, minute=0):
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9, minutes=minute)


def run(flow, steps, ending, day=DAY, minute=0):
    """A patient who answers `steps` [(question, [options])] then ends (END, CRISIS or "" = left)."""
    start = at(day, minute)
    timed = [(key, chosen, start + timedelta(seconds=30 * (i + 1))) for i, (key, chosen) in enumerate(steps)]
    synthetic.write_one(flow, synthetic.Run(start, timed, ending))


FULL = [("safety", ["safe"]), ("concern", ["low"]), ("sleep", ["yes"]), ("extras", ["skills"]), ("pace", ["weekly"])]
FAMILY = [("safety", ["safe"]), ("concern", ["family"]), ("extras", []), ("pace", ["own"])]


@pytest.fixture
def flow(quiz):
    return live_flow(quiz)


def report(quiz, **kwargs):
    return build_report(
        quiz=quiz,
        first=kwargs.pop("first", date(2026, 6, 1)),
        last=kwargs.pop("last", date(2026, 6, 30)),
        **kwargs,
    )


def funnel(r):
    return {row.key: (row.reached, row.answered, row.skipped, row.left) for row in r.funnel}


@pytest.mark.django_db
def test_zero_responses(quiz):
    r = report(quiz)
    assert r.is_empty
    assert (r.summary.starts, r.summary.completions, r.summary.completion_rate, r.summary.median_seconds) == (
        0,
        0,
        None,
        None,
    )
    assert all(v == (0, 0, 0, 0) for v in funnel(r).values())
    assert r.outcomes == [] and r.support == []


@pytest.mark.django_db
def test_all_crisis(quiz, flow):
    for i in range(3):
        run(flow, [("safety", ["hurt-self"])], CRISIS, minute=i)
    r = report(quiz)
    assert (r.summary.starts, r.summary.completions, r.summary.crisis, r.summary.crisis_share) == (3, 0, 3, 100.0)
    assert funnel(r)["safety"] == (3, 3, 0, 0)
    assert funnel(r)["concern"] == (0, 0, 0, 0)


@pytest.mark.django_db
def test_abandoned_at_each_step(quiz, flow):
    for n in range(len(FULL)):
        run(flow, FULL[:n], "", minute=n)  # leaves when shown question n+1
    r = report(quiz)
    assert r.summary.starts == 5 and r.summary.completions == 0
    assert funnel(r) == {
        "safety": (5, 4, 0, 1),
        "concern": (4, 3, 0, 1),
        "sleep": (3, 2, 0, 1),
        "extras": (2, 1, 0, 1),
        "pace": (1, 0, 0, 1),
    }


@pytest.mark.django_db
def test_branch_skipped_questions_are_not_drop_off(quiz, flow):
    run(flow, FAMILY, END)
    run(flow, FULL, END, minute=1)
    r = report(quiz)
    assert funnel(r)["sleep"] == (1, 1, 0, 0)  # only the low-mood patient reached it
    assert funnel(r)["extras"] == (2, 1, 1, 0)  # one skipped (optional), nobody left
    assert r.summary.completions == 2 and r.summary.completion_rate == 100.0


@pytest.mark.django_db
def test_answer_and_outcome_distributions(quiz, flow, pages, levels):
    run(flow, FULL, END)
    run(flow, FULL, END, minute=1)
    run(flow, FAMILY, END, minute=2)
    r = report(quiz)
    concern = {row.answer: (row.count, row.percent) for row in r.answers if row.question == "What weighs on you most?"}
    assert concern == {"Low mood": (2, 66.7), "Family stress": (1, 33.3)}
    outcomes = {row.approach: (row.suggested, row.first_choice) for row in r.outcomes}
    assert outcomes == {"CBT": (2, 2), "Medication": (2, 0), "Family therapy": (1, 1)}  # a 4–4 tie: CBT came first
    assert {row.answer: row.count for row in r.support} == {"Weekly therapy": 2, "Self-guided": 1}
    assert r.summary.median_seconds == 150  # 5 steps × 30 s, to the nearest 10 s


@pytest.mark.django_db
def test_click_throughs_are_counted(quiz, flow, patient, client):
    patient.start()
    for key, chosen in FAMILY:
        patient.client.post(f"/quiz/step/{key}/", {"answer": chosen} if chosen else {"skip": "1"})
    client.get("/quiz/suggestion/1/")
    QuizResponse.objects.update(started_at=at())
    (row,) = [o for o in report(quiz).outcomes if o.clicks]
    assert (row.approach, row.clicks, row.click_rate) == ("Family therapy", 1, 100.0)


@pytest.mark.django_db
def test_daily_trend(quiz, flow):
    run(flow, FULL, END, day=date(2026, 6, 2))
    run(flow, FULL[:2], "", day=date(2026, 6, 2), minute=5)
    run(flow, FULL, END, day=date(2026, 6, 4))
    trend = {d: (s, c) for d, s, c in report(quiz).trend}
    assert len(trend) == 30
    assert trend[date(2026, 6, 2)] == (2, 1)
    assert trend[date(2026, 6, 3)] == (0, 0)
    assert trend[date(2026, 6, 4)] == (1, 1)


@pytest.mark.django_db
def test_revisions_side_by_side(quiz, flow, pages, levels):
    run(flow, FULL, END)
    run(flow, FULL[:1], "", minute=1)
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    new_flow = live_flow(quiz)
    for i in range(3):
        run(new_flow, FAMILY, END, minute=10 + i)
    r = report(quiz)
    first, second = r.comparison
    assert (first.revision_id, first.summary.starts, first.summary.completion_rate) == (flow.revision_id, 2, 50.0)
    assert (second.revision_id, second.summary.starts, second.summary.completion_rate) == (
        new_flow.revision_id,
        3,
        100.0,
    )
    only_new = report(quiz, revision_id=new_flow.revision_id)
    assert only_new.summary.starts == 3


@pytest.mark.django_db
def test_rollups_give_the_same_figures_as_the_raw_tables(quiz, flow):
    for i, (steps, ending) in enumerate(
        [(FULL, END), (FAMILY, END), (FULL[:3], ""), ([("safety", ["unsure"])], CRISIS)]
    ):
        run(flow, steps, ending, minute=i)
    raw = build_report(quiz=quiz, first=DAY, last=DAY)  # not rolled up yet: read from the responses
    assert ensure_rollups(quiz.pk, DAY, DAY, now=at() + timedelta(hours=1)) == 0  # the day is still open
    assert not RolledUpDay.objects.exists()
    assert ensure_rollups(quiz.pk, DAY, DAY, now=NOW) == 1  # closed: as the nightly command stores it
    assert RolledUpDay.objects.filter(day=DAY).exists() and DailyFigure.objects.exists()
    QuizResponse.objects.all().delete()  # so what follows can only come from the rollups
    stored = build_report(quiz=quiz, first=DAY, last=DAY)
    assert raw == stored


@pytest.mark.django_db
def test_rollups_name_what_each_figure_counts(quiz, flow, levels):
    run(flow, FULL, END)
    ensure_rollups(quiz.pk, DAY, DAY, now=NOW)
    stored = DailyFigure.objects.filter(day=DAY)
    assert stored.get(metric="option", question_key="concern", option_key="low").value == 1
    assert stored.get(metric="answered", question_key="pace").value == 1
    assert stored.get(metric="support", support_level_id=levels["weekly"].pk).value == 1
    first = stored.get(metric="outcome", rank=1)
    assert first.approach_id == ResponseOutcome.objects.get(rank=1).approach_id and first.value == 1
    assert stored.get(metric="duration").duration_bucket == 15  # five answers 30 s apart: 150 s


@pytest.mark.django_db
def test_the_report_reads_without_writing_and_counts_today(analyst, quiz, flow, settings):
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 0  # show every count, to read them off the page
    today = date.today()
    yesterday = today - timedelta(days=1)
    run(flow, FULL, END, day=yesterday)
    ensure_rollups(quiz.pk, yesterday, yesterday, now=at(today + timedelta(days=1)))  # as the nightly run
    run(flow, FAMILY, END, day=today)
    run(flow, FULL[:2], "", day=today)  # today: not rolled up, read live
    with CaptureQueriesContext(connection) as context:
        html = analyst.get("/admin/quiz/analytics/").content.decode()
    writes = [
        q["sql"]
        for q in context.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and "core_staffsession" not in q["sql"]
    ]
    assert writes == []
    assert '<th scope="row">Starts</th><td>3</td>' in html
    assert '<th scope="row">Completions</th><td>2</td>' in html
    assert not RolledUpDay.objects.filter(day=today).exists()


# --- The admin view ------------------------------------------------------------------


def user_in(group):
    user = get_user_model().objects.create_user(f"u-{group or 'none'}".replace(" ", "-"), password="x-long-password-1")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "status"),
    [("Analytics", 200), ("Site admins", 200), ("Clinical editors", 403), ("Clinical reviewers", 403)],
)
def test_only_the_analytics_role_sees_the_report(client, quiz, group, status):
    client.force_login(user_in(group))
    assert client.get("/admin/quiz/analytics/").status_code == status
    assert (b"Quiz analytics" in client.get("/admin/").content) is (status == 200)  # the menu item


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, quiz):
    response = client.get("/admin/quiz/analytics/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def analyst(client, quiz):
    client.force_login(user_in("Analytics"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-06-30&end=2026-06-01", "The end date is before the start date."),
        ("start=1900-01-01&end=2026-06-01", "Choose a range of three years or less."),
        ("start=99999-01-01", "Enter a valid date."),
        ("quiz=987654", "Select a valid choice."),
        ("quiz=abc", "Select a valid choice."),
        ("revision=987654", "Select a valid choice."),
        ("compare={revision}", "Choose a revision to compare with first."),
        ("revision={revision}&compare={revision}", "Choose a different revision to compare with."),
    ],
)
def test_bad_filters_get_a_message_not_an_error(analyst, quiz, query, message):
    response = analyst.get("/admin/quiz/analytics/?" + query.format(revision=quiz.live_revision_id))
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_report_page_shows_charts_with_tables(analyst, quiz, flow):
    run(flow, FULL, END, day=date.today() - timedelta(days=2))
    html = analyst.get("/admin/quiz/analytics/").content.decode()
    assert html.count("<svg") >= 2
    assert "Where people leave" in html
    for svg in html.split("<svg")[1:]:
        assert "<script" not in svg.split("</svg>")[0]


def export(client, table, fmt="csv"):
    response = client.get(f"/admin/quiz/analytics/?start=2026-06-01&end=2026-06-30&table={table}&export={fmt}")
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_csv_exports_hide_small_counts_and_what_would_give_them_away(analyst, quiz, flow, settings):
    for i in range(6):
        run(flow, FULL, END, minute=i)
    run(flow, FAMILY, END, minute=10)
    settings.QUIZ_ANALYTICS_SUPPRESS_BELOW = 5

    response = export(analyst, "answers")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    low = next(r for r in rows if r["Answer"] == "Low mood")
    family = next(r for r in rows if r["Answer"] == "Family stress")
    assert (family["Count"], family["% of those who answered"]) == ("hidden", "hidden")
    # 7 answered, so showing the 6 would give the 1 away.
    assert (low["Count"], low["% of those who answered"]) == ("hidden", "hidden")
    sleep = next(r for r in rows if r["Answer"] == "No")
    assert sleep["Count"] == "0"  # zeros are never hidden: there is nothing to protect


@pytest.mark.django_db
def test_exports_say_what_they_cover_in_their_filename(analyst, quiz):
    response = analyst.get(
        f"/admin/quiz/analytics/?start=2026-06-01&end=2026-06-30&revision={quiz.live_revision_id}"
        "&table=funnel&export=xlsx"
    )
    disposition = response["Content-Disposition"]
    assert f"quiz-analytics-funnel_quiz-{quiz.pk}_2026-06-01-to-2026-06-30_revision-{quiz.live_revision_id}.xlsx" in (
        disposition
    )


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["summary", "funnel", "answers", "outcomes", "support", "trend"])
def test_every_table_exports_as_csv_and_xlsx(analyst, table):
    assert export(analyst, table)["Content-Type"].startswith("text/csv")
    xlsx = export(analyst, table, "xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.django_db
def test_tampered_export_parameters_are_refused_kindly(analyst):
    response = analyst.get("/admin/quiz/analytics/?table=../../etc&export=csv")
    assert response.status_code == 200
    assert "That export isn’t available." in response.content.decode()
    assert analyst.get("/admin/quiz/analytics/?table=funnel&export=pdf").status_code == 200


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_data(analyst, quiz, flow):
    def queries():
        analyst.get("/admin/quiz/analytics/?start=2026-06-01&end=2026-06-30")  # caches warmed
        with CaptureQueriesContext(connection) as context:
            assert analyst.get("/admin/quiz/analytics/?start=2026-06-01&end=2026-06-30").status_code == 200
        # Not the session write, nor the page cache's content generation check (read at most every
        # PAGE_CACHE_GENERATION_CHECK seconds, so a slow machine reads it twice): they vary by
        # request and by time, not with the data.
        varies = ("core_staffsession", "SAVEPOINT", "core_contentgeneration")
        return len([q for q in context.captured_queries if not any(name in q["sql"] for name in varies)])

    rng = random.Random(3)
    synthetic.write_many(flow, [synthetic.simulate(flow, rng, at(minute=i)) for i in range(10)])
    small = queries()
    synthetic.write_many(flow, [synthetic.simulate(flow, rng, at(DAY + timedelta(days=i % 9), i)) for i in range(1000)])
    assert queries() == small  # every day read from the responses
    ensure_rollups(quiz.pk, date(2026, 6, 1), date(2026, 6, 30), now=NOW)
    # Rolled-up days cost two more queries (totals, daily counts); June 30, still open at NOW,
    # is read from the responses as before.
    assert queries() == small + 2


@pytest.mark.django_db
def test_generator_writes_through_services_and_in_bulk_alike(quiz):
    from django.core.management import call_command

    call_command("generate_quiz_responses", count=40, days=10, seed=5, verbosity=0, stdout=io.StringIO())
    one_by_one = report(quiz, first=date.today() - timedelta(days=12), last=date.today())
    assert one_by_one.summary.starts == 40
    QuizResponse.objects.all().delete()
    call_command("generate_quiz_responses", count=40, days=10, seed=5, bulk=True, verbosity=0, stdout=io.StringIO())
    in_bulk = report(quiz, first=date.today() - timedelta(days=12), last=date.today())
    assert in_bulk.summary == one_by_one.summary
    assert in_bulk.funnel == one_by_one.funnel and in_bulk.outcomes == one_by_one.outcomes

    out = io.StringIO()
    call_command("generate_quiz_responses", count=40, if_empty=True, verbosity=0, stdout=out)
    assert "nothing generated" in out.getvalue() and QuizResponse.objects.count() == 40


@pytest.mark.django_db
def test_starts_that_answer_nothing_are_counted_apart(quiz, flow):
    for i in range(3):
        run(flow, FULL, END, minute=i)
    run(flow, FULL[:2], "", minute=5)
    for i in range(6):
        run(flow, [], "", minute=10 + i)  # a script posting the start form and nothing else
    s = report(quiz).summary
    assert (s.starts, s.idle, s.engaged, s.completions) == (10, 6, 4, 3)
    assert (s.completion_rate, s.engaged_completion_rate) == (30.0, 75.0)


@pytest.mark.django_db
def test_a_start_that_only_skipped_counts_as_answering_nothing(quiz, flow):
    synthetic.write_one(flow, synthetic.Run(at(), [("safety", [], at() + timedelta(seconds=5))], ""))
    assert report(quiz).summary.idle == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("seconds", "median"), [(134, 130), (135, 140), (136, 140), (150, 150), (4, 0)])
def test_the_median_is_rounded_to_the_nearest_ten_seconds(quiz, flow, seconds, median):
    start = at()
    steps = [
        (key, chosen, start + timedelta(seconds=seconds * (i + 1) / len(FULL))) for i, (key, chosen) in enumerate(FULL)
    ]
    synthetic.write_one(flow, synthetic.Run(start, steps, END))
    assert report(quiz).summary.median_seconds == median


@pytest.mark.django_db
def test_the_page_shows_both_completion_rates_and_the_median_as_documented(analyst, quiz, flow):
    for i in range(6):
        run(flow, FULL, END, day=date.today() - timedelta(days=2), minute=i)
    for i in range(5):
        run(flow, [], "", day=date.today() - timedelta(days=2), minute=20 + i)
    html = analyst.get("/admin/quiz/analytics/").content.decode()
    assert '<th scope="row">Started but answered nothing</th><td>5</td>' in html
    assert '<th scope="row">Completion rate, of all starts (%)</th><td>54.5</td>' in html
    assert '<th scope="row">Completion rate, of starts that answered (%)</th><td>100.0</td>' in html
    assert '<th scope="row">Median time to complete (seconds, to the nearest 10)</th><td>150</td>' in html


@pytest.mark.django_db
def test_rollups_can_be_rebuilt_after_a_change_to_what_is_counted(quiz, flow):
    from django.core.management import call_command

    day = date.today() - timedelta(days=3)
    run(flow, [], "", day=day)
    call_command("rollup_quiz_stats", days=10, stdout=io.StringIO())
    DailyFigure.objects.filter(metric="idle").delete()  # as stored before "idle" was counted
    stale = build_report(quiz=quiz, first=day, last=day)
    call_command("rollup_quiz_stats", days=10, rebuild=True, stdout=io.StringIO())
    fresh = build_report(quiz=quiz, first=day, last=day)
    assert (stale.summary.idle, fresh.summary.idle) == (0, 1)
