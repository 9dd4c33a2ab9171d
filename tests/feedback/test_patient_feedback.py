"""A patient answers "Was this page helpful?": what is stored, and what is refused."""

import pytest
from django.core.cache import cache
from django.test import Client

from core.models import ContentGeneration, PortalSettings
from feedback.models import PageFeedback
from tests.feedback.conftest import token_from, vote_url


def generation():
    PortalSettings.load()  # made on first use, which purges once; a seeded site has it
    return ContentGeneration.objects.filter(pk=1).values_list("counter", flat=True).first() or 0


@pytest.mark.django_db
def test_every_patient_page_shows_the_same_form_without_a_token_or_cookie(client, article):
    first, second = Client().get(article.url), Client().get(article.url)
    html = first.content.decode()
    assert f'action="{vote_url(article)}"' in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html
    assert "We keep only your answer" in html
    assert "form_token" not in html.split("page-feedback", 1)[1]
    assert first.content == second.content, "the stored copy is the same for everyone"
    assert not first.cookies


@pytest.mark.django_db
def test_a_yes_is_stored_with_page_revision_language_and_day_only(strict, article):
    before = generation()
    response = strict.post(vote_url(article), {"helpful": "yes"})
    assert response.status_code == 200
    assert "Thank you for your feedback" in response.content.decode()
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    row = PageFeedback.objects.get()
    assert (row.page_id, row.revision_id, row.language, row.helpful, row.comment) == (
        article.pk,
        article.live_revision_id,
        "en",
        True,
        "",
    )
    assert generation() == before, "feedback does not purge the page cache"


@pytest.mark.django_db
def test_a_no_then_a_comment_is_scrubbed_and_kept_once(strict, article):
    response = strict.post(vote_url(article), {"helpful": "no"})
    assert 'name="comment"' in response.content.decode() and 'maxlength="500"' in response.content.decode()
    token = token_from(response)
    text = "Hi, my name is Jo Bloggs, mail jo@example.com or call 555 123 4567, see https://x.example/a"
    sent = strict.post("/feedback/comment/", {"token": token, "comment": text})
    assert sent.status_code == 200
    row = PageFeedback.objects.get()
    assert row.comment == "Hi, my name is [name], mail [email] or call [phone], see [link]"
    assert not row.crisis
    # The same comment posted again (a replay) is refused and changes nothing.
    again = strict.post("/feedback/comment/", {"token": token, "comment": "something else"})
    assert again.status_code == 409
    assert PageFeedback.objects.get().comment == row.comment


@pytest.mark.django_db
def test_crisis_words_show_the_crisis_panel_at_once_and_flag_the_comment(strict, article):
    token = token_from(strict.post(vote_url(article), {"helpful": "no"}))
    response = strict.post("/feedback/comment/", {"token": token, "comment": "I want to die, nothing here helps"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("panel--crisis") < html.index("<h1>"), "crisis help comes before anything else"
    assert 'href="tel:988"' in html
    assert PageFeedback.objects.get().crisis


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "data", "status"),
    [
        ({"HTTP_ORIGIN": "https://elsewhere.example"}, {"helpful": "yes"}, 403),  # cross-site
        ({"HTTP_ORIGIN": "null"}, {"helpful": "yes"}, 403),
        ({}, {"helpful": "maybe"}, 400),  # forged answer
        ({}, {"helpful": "yes", "padding": "x" * 5000}, 413),  # oversized
    ],
)
def test_bad_votes_get_a_clear_4xx_and_store_nothing(article, extra, data, status):
    client = Client(enforce_csrf_checks=True, **({"HTTP_ORIGIN": "http://testserver"} | extra))
    response = client.post(vote_url(article), data)
    assert response.status_code == status
    assert "panel--crisis" in response.content.decode() or status == 403
    assert PageFeedback.objects.count() == 0


@pytest.mark.django_db
def test_no_origin_and_no_referer_is_refused(article):
    response = Client(enforce_csrf_checks=True).post(vote_url(article), {"helpful": "yes"})
    assert response.status_code == 403
    assert PageFeedback.objects.count() == 0


@pytest.mark.django_db
def test_a_vote_on_a_page_that_is_not_live_is_a_404(strict, article):
    article.unpublish()
    assert strict.post(vote_url(article), {"helpful": "yes"}).status_code == 404
    assert strict.post("/feedback/999999/", {"helpful": "yes"}).status_code == 404
    assert PageFeedback.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"token": "forged", "comment": "hello"}, 400),
        ({"comment": "hello"}, 400),
    ],
)
def test_forged_comment_posts_are_refused(strict, article, data, status):
    strict.post(vote_url(article), {"helpful": "no"})
    assert strict.post("/feedback/comment/", data).status_code == status
    assert PageFeedback.objects.get().comment == ""


@pytest.mark.django_db
def test_an_overlong_comment_is_refused_and_nothing_is_half_written(strict, article):
    token = token_from(strict.post(vote_url(article), {"helpful": "no"}))
    response = strict.post("/feedback/comment/", {"token": token, "comment": "a" * 501})
    assert response.status_code == 400
    row = PageFeedback.objects.get()
    assert (row.comment, row.comment_closed) == ("", False)
    # The patient can still send a shorter one.
    assert strict.post("/feedback/comment/", {"token": token, "comment": "a" * 500}).status_code == 200


@pytest.mark.django_db
def test_a_comment_on_a_yes_vote_cannot_be_forged(strict, article):
    from django.core import signing

    strict.post(vote_url(article), {"helpful": "yes"})
    row = PageFeedback.objects.get()
    token = signing.TimestampSigner(salt="feedback.comment").sign(str(row.pk))
    assert strict.post("/feedback/comment/", {"token": token, "comment": "x"}).status_code == 409
    assert PageFeedback.objects.get().comment == ""


@pytest.mark.django_db
def test_a_flood_from_one_client_is_limited_and_not_the_next_patient_behind_the_proxy(article, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.FEEDBACK_RATE_LIMIT = 5
    cache.clear()

    def patient(ip):
        proxied = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": ip}
        return Client(enforce_csrf_checks=True, HTTP_ORIGIN="http://testserver", **proxied)

    busy, other = patient("198.51.100.7"), patient("198.51.100.8")
    statuses = [busy.post(vote_url(article), {"helpful": "yes"}).status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    assert [other.post(vote_url(article), {"helpful": "yes"}).status_code for _ in range(3)] == [200] * 3
    assert PageFeedback.objects.count() == 8


@pytest.mark.django_db
def test_spanish_pages_ask_in_spanish_and_store_the_language(strict, article):
    from wagtail.models import Locale

    spanish = article.copy_for_translation(Locale.objects.get_or_create(language_code="es")[0], copy_parents=True)
    spanish.save_revision().publish()
    html = Client().get(spanish.url).content.decode()
    assert "¿Le sirvió esta página?" in html and f'action="/es/feedback/{spanish.pk}/"' in html
    response = strict.post(f"/es/feedback/{spanish.pk}/", {"helpful": "no"})
    assert "¿Qué faltaba o qué estaba mal?" in response.content.decode()
    assert PageFeedback.objects.get().language == "es"


@pytest.mark.django_db
def test_spanish_crisis_words_show_the_spanish_crisis_panel_at_once(strict, article):
    from wagtail.models import Locale

    spanish = article.copy_for_translation(Locale.objects.get_or_create(language_code="es")[0], copy_parents=True)
    spanish.save_revision().publish()
    token = token_from(strict.post(f"/es/feedback/{spanish.pk}/", {"helpful": "no"}))
    response = strict.post("/es/feedback/comment/", {"token": token, "comment": "Ya no quiero vivir, nada me ayuda"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("panel--crisis") < html.index("<h1>"), "crisis help comes before anything else"
    assert "Si necesita ayuda ahora" in html and 'href="tel:988"' in html
    assert "Gracias por su opinión" in html and "Nadie lee" in html
    row = PageFeedback.objects.get()
    assert (row.crisis, row.language, row.comment) == (True, "es", "Ya no quiero vivir, nada me ayuda")


@pytest.mark.django_db
def test_a_comment_without_crisis_words_shows_no_panel_but_still_the_way_to_help(strict, article):
    token = token_from(strict.post(vote_url(article), {"helpful": "no"}))
    html = strict.post(
        "/feedback/comment/", {"token": token, "comment": "The list of side effects was short"}
    ).content.decode()
    assert "panel--crisis" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "get help now" in html
    assert not PageFeedback.objects.get().crisis
