"""“What matters to you”: a GET form whose answers live only in the address (issue 26)."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowContentType

from approaches.factories import ApproachPageFactory
from priorities.factories import make_fit, make_priority_list
from priorities.models import ApproachFit, FitRow, PriorityList


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def exercise(index):
    cbt = ApproachPageFactory(parent=index, title="CBT", slug="cbt")
    meds = ApproachPageFactory(parent=index, title="Medication", slug="meds")
    not_now = ApproachPageFactory(parent=index, title="Start on my own", slug="start-on-my-own", is_not_now_option=True)
    make_fit(approach=cbt, meets=["talk-it-through", "avoid-side-effects"])
    make_fit(approach=meds, conflicts=["avoid-side-effects"], meets=["start-soon"])
    make_fit(approach=not_now, meets=["my-own-pace"], conflicts=["talk-it-through"])
    return {"list": make_priority_list(), "cbt": cbt, "meds": meds, "not_now": not_now}


def options(response) -> dict[str, dict[str, list[str]]]:
    found = {}
    for card in soup(response).select(".option-fits .card"):
        found[card.h3.get_text(strip=True)] = {
            kind: [li.get_text(" ", strip=True) for li in card.select(f"ul.{kind} li")]
            for kind in ("meets", "conflicts")
        }
    return found


@pytest.mark.django_db
def test_the_form_lists_each_statement_on_a_scale_and_no_result_before_answers(client, exercise):
    response = client.get("/what-matters/")
    assert response.status_code == 200
    html = soup(response)
    form = html.select_one("form.what-matters-form")
    assert form["method"] == "get"
    assert len(form.select("fieldset")) == 5
    assert {i["value"] for i in form.select("input[name=p-start-soon]")} == {"0", "1", "2"}
    assert not html.select(".option-fits")


@pytest.mark.django_db
def test_each_option_shows_the_priorities_it_meets_or_conflicts_with(client, exercise):
    response = client.get(
        "/what-matters/", {"p-avoid-side-effects": "2", "p-talk-it-through": "1", "p-start-soon": "0"}
    )
    assert response.status_code == 200
    found = options(response)
    assert list(found) == ["CBT", "Medication", "Start on my own"], "not now comes last"
    assert found["CBT"]["meets"] == [
        "I want to avoid medication side effects. (matters a lot)",
        "I want to talk things through with someone. (matters a bit)",
    ]
    # "start soon" doesn't matter to this person, so it is not named for medication.
    assert found["Medication"] == {
        "meets": [],
        "conflicts": ["I want to avoid medication side effects. (matters a lot)"],
    }
    assert found["Start on my own"]["conflicts"] == ["I want to talk things through with someone. (matters a bit)"]
    checked = soup(response).select_one("input[name=p-avoid-side-effects][value='2']")
    assert checked.has_attr("checked"), "the answers stay ticked"


@pytest.mark.django_db
def test_an_answer_off_the_scale_gets_a_helpful_400(client, exercise):
    response = client.get("/what-matters/", {"p-start-soon": "9", "p-talk-it-through": "2"})
    assert response.status_code == 400
    assert "aren’t on the scale" in soup(response).select_one("[role=alert]").get_text()
    assert list(options(response)) == ["CBT", "Medication", "Start on my own"], "the valid answers still count"


@pytest.mark.django_db
def test_unpublished_data_never_reaches_patients(client, exercise):
    fit = ApproachFit.objects.get(approach=exercise["cbt"])
    fit.unpublish()
    found = options(client.get("/what-matters/", {"p-talk-it-through": "2"}))
    assert found["CBT"] == {"meets": [], "conflicts": []}
    PriorityList.objects.update(live=False)
    assert client.get("/what-matters/").status_code == 503


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for model in apps.get_models():
            cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')
            counts[model._meta.db_table] = cursor.fetchone()[0]
        return counts


@pytest.mark.django_db
def test_a_run_stores_nothing_and_sets_no_cookie(client, exercise):
    client.get("/what-matters/")  # the site's settings row is made on the first read of any page
    before = table_counts()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/what-matters/", {"p-avoid-side-effects": "2", "p-my-own-pace": "1"})
        sheet = client.get("/questions/", {"p-avoid-side-effects": "2", "p-my-own-pace": "1"})
    assert response.status_code == sheet.status_code == 200
    assert not response.cookies and not sheet.cookies and not client.cookies
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert table_counts() == before


@pytest.mark.django_db
def test_the_answers_go_on_the_printable_questions_sheet(client, exercise):
    page = soup(client.get("/what-matters/", {"p-avoid-side-effects": "2", "p-start-soon": "1"}))
    form = page.select_one("form[action='/questions/']")
    carried = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert carried == {"p-avoid-side-effects": "2", "p-start-soon": "1"}

    sheet = soup(client.get("/questions/", carried))
    lines = [li.get_text(" ", strip=True) for li in sheet.select(".what-matters-sheet li")]
    assert lines == ["I want to avoid medication side effects.: Matters a lot", "I want to start soon.: Matters a bit"]
    assert not soup(client.get("/questions/")).select(".what-matters-sheet"), "nothing without answers"


@pytest.mark.django_db
def test_spanish_visitors_read_the_spanish_list(client, exercise):
    from wagtail.models import Locale

    english = exercise["list"]
    make_priority_list(
        title="Lo que le importa",
        locale=Locale.objects.get_or_create(language_code="es")[0],
        translation_key=english.translation_key,
        statements=[(s.key, f"ES {s.text}") for s in english.statements.all()],
    )
    html = soup(client.get("/es/what-matters/", {"p-start-soon": "2"}))
    assert html.html["lang"] == "es"
    assert html.h1.get_text(strip=True) == "Lo que le importa"
    assert html.select_one("legend").get_text(strip=True).startswith("ES ")
    assert "Me importa mucho" in html.get_text()


def test_both_snippets_go_through_clinical_review(db):
    from django.contrib.contenttypes.models import ContentType

    for model in (PriorityList, ApproachFit):
        link = WorkflowContentType.objects.get(content_type=ContentType.objects.get_for_model(model))
        assert link.workflow.name == "Clinical review"


@pytest.mark.django_db
def test_a_fit_row_must_name_a_statement_of_the_list(exercise):
    row = FitRow(fit=ApproachFit.objects.first(), statement_key="no-such-thing", effect=FitRow.MEETS)
    with pytest.raises(ValidationError, match="No statement is named “no-such-thing”"):
        row.clean()
    FitRow(fit=ApproachFit.objects.first(), statement_key="start-soon", effect=FitRow.MEETS).clean()


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["index", "approach", "compare"])
def test_the_exercise_is_linked_from_the_index_approach_pages_and_compare(client, exercise, where):
    url = {"index": exercise["cbt"].get_parent().url, "approach": exercise["cbt"].url, "compare": "/compare/"}[where]
    assert soup(client.get(url)).select_one(".what-matters-link a[href='/what-matters/']")
