"""Portal wording (core.PortalWording): the words around the crisis numbers, one reviewed row per
language. Patients read the live row of their language, else the English one, else the built-in
wording in their language, and never a draft; with the database down they still get crisis help
in their language."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.models import WorkflowContentType

from core.delivery.views import server_error
from core.models import PortalSettings, PortalWording
from core.site.seeding import SeedReport, seed
from core.site.selectors import default_portal_info, portal_info
from tests.core.test_governance import member
from tests.support import database_down, publish_wording

SPANISH_404 = "/es/no-existe/"
BUILT_IN_ES = settings.PORTAL_SAFETY_TRANSLATIONS["es"]


@pytest.fixture
def wording(home):
    """The English row (from the migration, or made here after a flush) and the seeded Spanish one."""
    seed(SeedReport())
    PortalSettings.load()  # its first load saves the row, which purges, as on a new site
    return {w.locale.language_code: w for w in PortalWording.objects.select_related("locale")}


def page_text(response) -> str:
    html = BeautifulSoup(response.content, "html.parser")
    return " ".join(html.body.get_text().split())


def edit_url(wording):
    return reverse("wagtailsnippets_core_portalwording:edit", args=[wording.pk])


def wording_form(wording, **changes):
    from core.models.wording import WORDING_FIELDS

    return {**{name: getattr(wording, name) for name in WORDING_FIELDS}, **changes}


@pytest.mark.django_db
def test_a_spanish_wording_edit_reaches_patients_only_after_clinical_review(client, wording):
    spanish = wording["es"]
    client.force_login(member("Clinical editors", "clinician"))
    form = client.get(edit_url(spanish)).content.decode()
    assert 'name="action-publish"' not in form and 'name="action-submit"' in form
    data = wording_form(spanish, crisis_line_name="Línea 988, texto nuevo sin revisar")
    client.post(edit_url(spanish), {**data, "action-publish": "action-publish"})
    assert client.post(edit_url(spanish), {**data, "action-submit": "action-submit"}).status_code == 302
    spanish.refresh_from_db()
    assert spanish.live and spanish.crisis_line_name == BUILT_IN_ES["crisis_line_name"]
    task_state = spanish.current_workflow_task_state
    assert task_state is not None and task_state.task.name
    client.logout()
    before = page_text(client.get(SPANISH_404))
    assert "texto nuevo sin revisar" not in before and BUILT_IN_ES["crisis_line_name"] in before

    client.force_login(member("Clinical reviewers", "reviewer"))
    url = reverse("wagtailsnippets_core_portalwording:workflow_action", args=[spanish.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    client.logout()
    assert "Línea 988, texto nuevo sin revisar" in page_text(client.get(SPANISH_404))
    # English patients never see the Spanish wording.
    assert "texto nuevo sin revisar" not in page_text(client.get("/nope/"))


@pytest.mark.django_db
def test_a_new_language_row_is_a_draft_until_approved(client, wording):
    wording["es"].delete()
    draft = wording["en"].copy_for_translation(wording["es"].locale)
    draft.crisis_line_name = "Borrador que nadie revisó"
    draft.live = False
    draft.save()
    draft.save_revision()
    assert "Borrador que nadie revisó" not in page_text(client.get(SPANISH_404))


@pytest.mark.django_db
def test_without_live_spanish_wording_spanish_pages_fall_back_to_the_english_wording(client, wording):
    wording["es"].unpublish()
    publish_wording(crisis_line_name="Reviewed English Line")
    response = client.get(SPANISH_404)
    text = page_text(response)
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "es"
    assert "Reviewed English Line" in text and BUILT_IN_ES["crisis_line_name"] not in text
    # The fixed wording around it is still Spanish, and the numbers are there.
    assert "Si necesita ayuda ahora" in text and "911" in text and "988" in text


@pytest.mark.django_db
def test_without_any_wording_row_the_built_in_wording_of_the_language_is_shown(client, wording):
    PortalWording.objects.all().delete()
    spanish = page_text(client.get(SPANISH_404))
    assert BUILT_IN_ES["crisis_line_name"] in spanish and "marque 2" in spanish
    english = page_text(client.get("/nope/"))
    assert settings.PORTAL_SAFETY_DEFAULTS["crisis_line_name"] in english and "marque" not in english


@pytest.mark.django_db
def test_spanish_placeholders_follow_the_numbers_in_settings(client, wording):
    numbers = PortalSettings.load()
    numbers.emergency_number, numbers.crisis_line_number, numbers.crisis_text_number = "112", "116 123", "85258"
    numbers.save()
    response = client.get(SPANISH_404)
    text = page_text(response)
    assert "llame al 116 123 y marque 2" in text and "AYUDA por mensaje de texto al 85258" in text
    assert "llame al 112" in text.lower()  # the disclaimer's {emergency_number}
    assert 'href="tel:988"' not in response.content.decode() and "911" not in text and "{" not in text


@pytest.mark.django_db
def test_the_wording_is_read_once_per_language_until_something_changes(rf, wording, django_assert_num_queries):
    from core.site.selectors import current_portal_info

    english, spanish = rf.get("/"), rf.get("/es/")
    with translation.override("es"):
        assert current_portal_info(spanish).crisis_language_call
    with translation.override("en"):
        assert current_portal_info(english).crisis_language_call == ""
    with django_assert_num_queries(0), translation.override("es"):
        assert current_portal_info(rf.get("/es/")).crisis_line_name == BUILT_IN_ES["crisis_line_name"]
    publish_wording("es", crisis_line_name="Nombre cambiado")  # saving purges, in every process
    with translation.override("es"):
        assert current_portal_info(rf.get("/es/")).crisis_line_name == "Nombre cambiado"


@pytest.mark.django_db
def test_with_the_database_down_a_spanish_page_still_gives_crisis_help_in_spanish(wording, monkeypatch):
    database_down(monkeypatch)
    response = Client(raise_request_exception=False).get(SPANISH_404)
    assert response.status_code == 503
    html = BeautifulSoup(response.content, "html.parser")
    assert html.html["lang"] == "es"
    text = " ".join(html.body.get_text().split())
    assert "Volvemos pronto" in text and BUILT_IN_ES["crisis_line_name"] in text
    assert html.select_one('main a[href="tel:911"]') and html.select_one('main a[href="tel:988"]')
    assert "llame al 988 y marque 2" in text and "AYUDA" in text
    assert html.select_one("header a.get-help")["href"] == BUILT_IN_ES["crisis_page_path"]


def test_the_500_page_speaks_the_visitors_language_without_the_database(monkeypatch):
    database_down(monkeypatch)
    with translation.override("es"):
        response = server_error(RequestFactory().get("/es/enfoques/"))
    text = " ".join(BeautifulSoup(response.content, "html.parser").body.get_text().split())
    assert "Lo sentimos, algo salió mal" in text and "marque 2" in text and "911" in text
    assert default_portal_info("en").crisis_line_name == settings.PORTAL_SAFETY_DEFAULTS["crisis_line_name"]
    assert default_portal_info("es").crisis_url == "/es/obtener-ayuda/"


@pytest.mark.django_db
def test_portal_info_reads_the_numbers_from_settings_and_the_words_per_language(wording):
    with translation.override("es"):
        spanish = portal_info()
    with translation.override("en"):
        english = portal_info()
    assert spanish.crisis_line_number == english.crisis_line_number == PortalSettings.load().crisis_line_number
    assert spanish.disclaimer == wording["es"].disclaimer and english.disclaimer == wording["en"].disclaimer
    assert spanish.crisis_url == "/es/obtener-ayuda/"  # no crisis page set: the built-in Spanish path


@pytest.mark.django_db
def test_portal_wording_is_on_the_clinical_review_workflow_and_editors_cannot_publish_it(db):
    link = WorkflowContentType.objects.get(content_type=ContentType.objects.get_for_model(PortalWording))
    assert link.workflow.name == "Clinical review"
    editors = set(Group.objects.get(name="Clinical editors").permissions.values_list("codename", flat=True))
    reviewers = set(Group.objects.get(name="Clinical reviewers").permissions.values_list("codename", flat=True))
    assert {"add_portalwording", "change_portalwording"} <= editors and "publish_portalwording" not in editors
    assert "publish_portalwording" in reviewers


@pytest.mark.django_db
def test_reviewers_preview_spanish_wording_as_the_crisis_panel(admin_client, wording):
    spanish = wording["es"]
    spanish.crisis_language_call = "Borrador: llame al {crisis_line_number} y marque 2."
    revision = spanish.save_revision()
    url = reverse("wagtailsnippets_core_portalwording:revisions_view", args=[spanish.pk, revision.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Borrador: llame al 988 y marque 2." in response.content.decode()
