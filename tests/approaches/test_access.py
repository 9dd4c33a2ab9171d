""" "How to get it": an optional approach-page section on referral, cost and insurance, waits and telehealth."""

import pytest
from bs4 import BeautifulSoup
from wagtail.blocks.struct_block import StructBlockValidationError

from approaches.blocks import AccessBlock
from approaches.factories import ApproachPageFactory, stream
from approaches.models import ApproachPage


def access_section(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return soup.find("section", attrs={"aria-labelledby": "how-to-get-it"})


def test_an_empty_section_is_refused_with_a_message_an_editor_understands():
    block = AccessBlock()
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(block.to_python({"referral": " ", "cost": "", "waits": "", "telehealth": ""}))
    assert "Fill in at least one part" in str(excinfo.value.non_block_errors)


def test_one_part_is_enough():
    block = AccessBlock()
    value = block.clean(block.to_python({"telehealth": "Sessions by video are common."}))
    assert value.topics() == [("Telehealth", "Sessions by video are common.")]


@pytest.mark.django_db
def test_the_page_shows_only_the_parts_filled_in(client, index):
    page = ApproachPageFactory(
        parent=index,
        access=stream(
            "access", [{"referral": "Book directly.", "cost": "", "waits": "About two weeks.", "telehealth": ""}]
        ),
    )
    section = access_section(client, page)
    assert section.find("h2").get_text() == "How to get it"
    assert [h.get_text() for h in section.find_all("h3")] == ["Referral", "Typical waits"]
    assert "About two weeks." in section.get_text()


@pytest.mark.django_db
def test_a_page_without_it_has_no_empty_section(client, index):
    assert access_section(client, ApproachPageFactory(parent=index)) is None


@pytest.mark.django_db
def test_an_editor_saving_an_empty_section_sees_why(admin_client, index, conditions, provider_types):
    from wagtail.test.utils.form_data import streamfield

    from tests.approaches.test_admin_editing import add_url, approach_form

    empty = {"referral": "", "cost": "", "waits": "", "telehealth": ""}
    data = approach_form(conditions[:1], provider_types, access=streamfield([("access", empty)]))
    response = admin_client.post(add_url(index), data)
    assert response.status_code == 200
    assert "Fill in at least one part" in response.content.decode()
    assert not ApproachPage.objects.filter(slug="behavioral-activation").exists()

    filled = streamfield([("access", {**empty, "waits": "A week."})])
    data = approach_form(conditions[:1], provider_types, access=filled)
    data["action-publish"] = "action-publish"
    assert admin_client.post(add_url(index), data).status_code == 302
    page = ApproachPage.objects.get(slug="behavioral-activation")
    assert page.access[0].value.topics() == [("Typical waits", "A week.")]
