"""Which links the check finds, where it says they are, and which are urgent."""

import pytest
from django.urls import reverse

from linkcheck.collect import collect_links
from linkcheck.models import Kind
from linkcheck.services import run_link_check


def by_url(links):
    return {link.url: link for link in links}


@pytest.mark.django_db
def test_links_are_found_where_patients_meet_them(local_site, local_server):
    found = by_url(collect_links())
    url = local_server.url
    ordinary, approach = local_site["ordinary"], local_site["approach"]

    in_paragraph = found[url("/ok?paragraph")]
    assert (in_paragraph.page_id, in_paragraph.urgent) == (ordinary.pk, False)
    assert in_paragraph.edit_url == reverse("wagtailadmin_pages:edit", args=[ordinary.pk])
    assert found["/no-such-page/"].page_id == ordinary.pk
    assert found[url("/moved?source")].page_id == approach.pk  # a StreamField block on an approach page
    snippet = found[url("/gone-404?condition")]
    assert snippet.source == "Condition: Low mood" and snippet.page_id is None and snippet.edit_url
    chat = found[url("/gone-404?chat")]
    assert chat.urgent and chat.source == "Portal settings: crisis chat URL"
    assert chat.edit_url == reverse("wagtailsettings:edit", args=["core", "portalsettings"])
    wording = found[url("/ok?helplines")]
    assert wording.urgent and wording.source.startswith("Portal wording (en)")
    assert not any(u.startswith("tel:") for u in found)


@pytest.mark.django_db
def test_crisis_resources_are_urgent(local_site, local_server):
    links = collect_links()
    found = by_url(links)
    assert found[local_server.url("/gone-410?on-crisis-page")].urgent  # on the crisis page
    assert found[local_server.url("/broken-server?peer")].urgent  # beside the crisis resources block
    crisis = [link for link in links if link.target_page_id == local_site["crisis"].pk]
    # The crisis page as Portal settings name it is urgent; the ordinary page's link to it is not.
    assert {link.urgent for link in crisis} == {True, False}
    assert not found[local_server.url("/ok?paragraph")].urgent


@pytest.mark.django_db
def test_a_run_finds_each_broken_link_in_its_place(local_site, local_server):
    run = run_link_check(timeout=2, budget=30)
    kinds = {(r.source, r.url): r.kind for r in run.results.all()}
    url = local_server.url
    assert kinds[("Page: Sleep and mood (en)", url("/ok?paragraph"))] == Kind.OK
    assert kinds[("Page: Sleep and mood (en)", "/no-such-page/")] == Kind.NOT_FOUND
    assert kinds[("Page: Get help now (en)", url("/gone-410?on-crisis-page"))] == Kind.NOT_FOUND
    assert kinds[("Page: Talking therapy (en)", url("/moved?source"))] == Kind.REDIRECT
    assert kinds[("Portal settings: crisis chat URL", url("/gone-404?chat"))] == Kind.NOT_FOUND
    draft = run.results.get(source="Page: Sleep and mood (en)", url__contains="Not yet")
    assert draft.kind == Kind.NOT_FOUND and draft.detail == "The page is not published."
    live_crisis = run.results.get(source="Portal settings: crisis page (en)")
    assert live_crisis.kind == Kind.OK and live_crisis.url == local_site["crisis"].full_url
    # Internal addresses are read from the database, never fetched.
    assert not any("no-such-page" in path for _, path, _ in local_server.requests)
    # Urgent first, as every report lists them.
    urgent = [r.urgent for r in run.results.all()]
    assert urgent == sorted(urgent, reverse=True) and urgent[0]


@pytest.mark.django_db
def test_an_internal_path_resolves_as_the_site_serves_it(local_site):
    from linkcheck.internal import Resolver

    site = Resolver()
    assert site.check(("url", "/get-help/")).kind == Kind.OK
    assert site.check(("url", "http://localhost/get-help/")).kind == Kind.OK
    assert site.check(("url", "/get-help")).kind == Kind.REDIRECT  # the slash is added
    assert site.check(("url", "/search/")).kind == Kind.OK  # one of the site's own views
    assert site.check(("url", "/not-yet/")).kind == Kind.NOT_FOUND
    assert site.is_internal("http://localhost/x/") and not site.is_internal("http://127.0.0.1:1/x/")
