"""Crisis numbers in editors' text follow Portal settings; Content health finds numbers that don't."""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template

from approaches.factories import ApproachPageFactory, StandardPageFactory, stream
from core.models import PortalSettings
from core.site.crisis_numbers import phone_numbers
from tests.support import publish_wording


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def set_numbers(crisis_line_name=None, **numbers):
    """The numbers in Portal settings; the line's name is wording (Portal wording)."""
    settings = PortalSettings.load()
    for name, value in numbers.items():
        setattr(settings, name, value)
    settings.save()
    if crisis_line_name is not None:
        # Every language's wording names the line (the Spanish name has "988" in it too).
        from core.models import PortalWording

        for code in set(PortalWording.objects.values_list("locale__language_code", flat=True)) | {"en"}:
            publish_wording(code, crisis_line_name=crisis_line_name)


def urgent_note(action):
    return stream("safety_note", [{"text": "Some medicines need a careful start.", "urgent": True, "action": action}])


@pytest.mark.django_db
def test_placeholders_in_content_follow_the_settings(client, home, index):
    approach = ApproachPageFactory(
        parent=index, safety_notes=urgent_note("Call {crisis_line_number} now, or {emergency_number} in danger.")
    )
    help_page = StandardPageFactory(
        parent=home,
        body=stream("callout", [{"kind": "urgent", "heading": "Danger", "body": "<p>Call {emergency_number}.</p>"}])
        + stream("paragraph", ["<p>Text {crisis_text_number} to reach {crisis_line_name}.</p>"]),
    )
    set_numbers(
        emergency_number="112", crisis_line_number="116 123", crisis_text_number="85258", crisis_line_name="A&B"
    )

    page = text(client.get(approach.url))
    assert "Urgent advice: Some medicines need a careful start. Call 116 123 now, or 112 in danger." in page
    assert "If you’re in immediate danger, call 112 or your local emergency number." in page  # the footer
    assert "911" not in page and "{" not in page
    html = client.get(help_page.url).content.decode()
    assert "Call 112." in html and "Text 85258 to reach A&amp;B." in html
    # The callout's rich text stays HTML once its placeholder is filled in.
    assert "<p>Call 112.</p>" in html and "&lt;p&gt;" not in html


@pytest.mark.django_db
def test_with_default_settings_the_text_reads_as_typed(client, index):
    approach = ApproachPageFactory(parent=index, safety_notes=urgent_note("Call {emergency_number} now."))
    page = text(client.get(approach.url))
    assert "Call 911 now." in page
    assert "If you’re in immediate danger, call 911 or your local emergency number." in page


def test_support_level_text_on_results_is_filled_in():
    # The results template shows a support level's text through the same filter.
    rendered = Template("{% load portal_tags %}{% crisis_numbers text %}").render(
        Context({"text": "Call or text {crisis_line_number} today.", "portal": _Info()})
    )
    assert rendered == "Call or text 116 123 today."


class _Info:
    emergency_number, crisis_line_number, crisis_text_number, crisis_line_name = "112", "116 123", "", "Line"


@pytest.mark.django_db
def test_content_health_lists_numbers_that_differ_from_settings(admin_client, home, index):
    typed = ApproachPageFactory(parent=index, title="Typed", safety_notes=urgent_note("Call 911 now."))
    ApproachPageFactory(parent=index, title="Placeholder", safety_notes=urgent_note("Call {emergency_number} now."))
    hotline = StandardPageFactory(
        parent=home, title="Hotline", body=stream("paragraph", ["<p>Ring 1-800-799-7233 (US).</p>"])
    )
    ApproachPageFactory(parent=index, title="Dose", summary="Start at 200 mg for 12 weeks.")

    def listed():
        html = admin_client.get("/admin/reports/content-health/").content.decode()
        soup = BeautifulSoup(html, "html.parser")
        heading = soup.find("h2", string="Phone numbers that differ from Portal settings")
        found = heading.find_next_sibling("ul")
        return [" ".join(li.get_text().split()) for li in found.find_all("li")] if found else []

    before = listed()
    assert before == [f"{hotline.title}: 1-800-799-7233"]  # not 911, and not the dose

    set_numbers(emergency_number="112")
    after = listed()
    assert sorted(after) == sorted([f"{typed.title}: 911", f"{hotline.title}: 1-800-799-7233"])

    # The disclaimer too, and in Spanish wording ("llame al"): the words around the numbers.
    wording = publish_wording(disclaimer="Educational only. In danger, call 999.")
    assert f"{wording}: 999" in listed()
    spanish = publish_wording("es", disclaimer="Solo para aprender. Si está en peligro, llame al 999.")
    assert f"{spanish}: 999" in listed()


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Llame al 988 ahora.", ["988"]),
        ("Marque el 911 si está en peligro.", ["911"]),
        ("Llame o envíe un mensaje de texto al 741741.", ["741741"]),
        ("Envíe un mensaje al 988.", ["988"]),
        ("Texto al 85258.", ["85258"]),
        ("Para español, llame al {crisis_line_number} y marque 2.", []),  # a menu key, not a number
        ("Tome 200 mg durante 12 semanas.", []),
    ],
)
def test_numbers_typed_in_spanish_are_found(typed, found):
    assert phone_numbers(typed) == found
