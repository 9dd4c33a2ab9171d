"""Content health in two languages: missing and out-of-date translations, and each language's
reading level on its own measure (issue 17)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page

from approaches.models import ApproachIndexPage, ApproachPage
from core.site.review_rules import reading_grade, reading_measure
from governance.content_health import health_rows
from governance.translations import translation_gaps

EASY_ES = (
    "Hable con alguien de confianza. Salga a caminar un rato. Coma algo sano. Duerma bien. "
    "Pida ayuda si la necesita. No está solo. Hay gente que le quiere ayudar hoy."
)
HARD_ES = (
    "La intervención psicofarmacológica multidisciplinaria requiere una evaluación exhaustiva de "
    "contraindicaciones, interacciones medicamentosas e idiosincrasias fisiológicas individualizadas, "
    "particularmente durante la titulación farmacoterapéutica prolongada y su correspondiente monitorización."
)


def test_spanish_text_is_measured_on_fernandez_huerta_where_higher_is_easier():
    measure = reading_measure("es")
    assert measure.higher_is_easier and "Fernández Huerta" in measure.name
    easy, hard = reading_grade(EASY_ES, "es"), reading_grade(HARD_ES, "es")
    assert easy > measure.target > hard
    assert not measure.too_hard(easy) and measure.too_hard(hard)
    # The English formula would call the easy Spanish text hard: that is why the language matters.
    assert reading_measure("en").too_hard(reading_grade(HARD_ES, "en"))
    assert reading_grade("Demasiado corto.", "es") is None
    assert reading_measure("es-mx") is measure and reading_measure("fr") is None


def spanish_index():
    return ApproachIndexPage.objects.get(locale__language_code="es")


def english_index():
    return ApproachIndexPage.objects.get(locale__language_code="en")


def new_english_page(slug="mindful-walking") -> ApproachPage:
    page = ApproachPage(title="Mindful walking", slug=slug, summary="Walk slowly and notice your breath.")
    page.providers_note, page.training_note = "Therapists and coaches.", "Ask about their training."
    english_index().add_child(instance=page)
    page.save_revision().publish()
    return page


def gaps_of(page) -> list[str]:
    return [gap.state for item in translation_gaps() if item.page.pk == page.pk for gap in item.gaps]


def row_of(page):
    return next(row for row in health_rows() if row.page.pk == page.pk)


def test_seeded_pages_with_a_spanish_twin_need_no_translation_work(seeded_portal, db):
    gapped = {item.page.pk for item in translation_gaps()}
    spanish = Locale.objects.get(language_code="es")
    twinned = [
        p for p in Page.objects.live().filter(locale=Locale.get_default(), depth__gt=1) if p.has_translation(spanish)
    ]
    assert twinned, "the seed makes Spanish twins"
    assert not gapped & {p.pk for p in twinned if p.get_translation(spanish).live}


def test_a_translation_is_missing_then_not_live_then_current_then_out_of_date(seeded_portal, db):
    spanish = Locale.objects.get(language_code="es")
    english = new_english_page()
    assert gaps_of(english) == ["missing"]
    assert english.pk in {r.page.pk for r in health_rows("translation")}

    translation = english.copy_for_translation(spanish)
    assert gaps_of(english) == ["draft"]

    translation.title = "Caminar con atención"
    translation.save_revision().publish()
    assert gaps_of(english) == []
    assert not row_of(english).needs_translation_work and not row_of(translation).outdated

    # The English changes and is published again: the Spanish is out of date until it is updated.
    ApproachPage.objects.filter(pk=translation.pk).update(last_published_at=timezone.now() - timedelta(hours=1))
    english.summary = "Walk slowly, notice your breath and your feet."
    english.save_revision().publish()
    assert gaps_of(english) == ["outdated"]
    assert row_of(translation).outdated and row_of(english).needs_translation_work
    assert {r.page.pk for r in health_rows("translation")} >= {english.pk, translation.pk}

    translation.refresh_from_db()
    translation.save_revision().publish()
    assert gaps_of(english) == [] and not row_of(translation).outdated


def test_a_spanish_rows_reading_level_uses_the_spanish_measure(seeded_portal, db):
    spanish = Locale.objects.get(language_code="es")
    english = new_english_page("plain-talk")
    translation = english.copy_for_translation(spanish)
    translation.summary = HARD_ES
    translation.save()
    row = row_of(translation)
    assert row.language == "Español"
    assert "Fernández Huerta" in row.reading_level and row.hard_to_read
    assert translation.pk in {r.page.pk for r in health_rows("hard")}

    translation.summary, translation.providers_note, translation.training_note = EASY_ES, EASY_ES, EASY_ES
    translation.save()
    assert not row_of(translation).hard_to_read


def test_the_report_shows_languages_and_translation_gaps(admin_client, seeded_portal, db):
    english = new_english_page("report-walk")
    html = admin_client.get(reverse("content_health")).content.decode()
    assert "Español" in html and "Fernández Huerta" in html
    assert "Translations missing or out of date" in html
    assert "Español: missing" in html and english.title in html
    assert admin_client.get(reverse("content_health"), {"state": "translation"}).status_code == 200
    response = admin_client.get(reverse("content_health"), {"export": "csv"})
    export = b"".join(response.streaming_content).decode()
    assert "Language" in export.splitlines()[0] and "Español: missing" in export


def test_the_editor_sees_a_spanish_pages_reading_level_on_the_spanish_measure(admin_client, seeded_portal, db):
    spanish = ApproachPage.objects.filter(locale__language_code="es").first()
    english = spanish.get_translation(Locale.get_default())
    spanish_form = admin_client.get(reverse("wagtailadmin_pages:edit", args=[spanish.pk])).content.decode()
    english_form = admin_client.get(reverse("wagtailadmin_pages:edit", args=[english.pk])).content.decode()
    assert "Fernández Huerta" in spanish_form and "60 or above" in spanish_form
    assert "Fernández Huerta" not in english_form and "grade 8" in english_form
    # The stored score is the Spanish measure's, not the English grade of Spanish text.
    stored = float(spanish.reading_grade)
    assert stored == reading_grade(spanish.patient_text(), "es") != reading_grade(spanish.patient_text(), "en")
