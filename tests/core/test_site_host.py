"""The public address reaches canonical links and the sitemap (manage.py set_site_host)."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from wagtail.models import Site


def set_site_host(**options) -> str:
    out = io.StringIO()
    call_command("set_site_host", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_canonical_links_and_the_sitemap_name_the_public_address(client, approach, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://steadypath.example.org"
    assert set_site_host() == "Site: https://steadypath.example.org/\n"

    html = BeautifulSoup(client.get(approach.url).content, "html.parser")
    assert html.find("link", rel="canonical")["href"] == "https://steadypath.example.org" + approach.url
    assert html.find("meta", property="og:url")["content"] == "https://steadypath.example.org" + approach.url
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>https://steadypath.example.org{approach.url}</loc>" in sitemap
    assert "localhost" not in sitemap


@pytest.mark.django_db
def test_a_port_in_the_address_is_kept_and_repeating_changes_nothing(home):
    set_site_host(url="http://portal.internal:8080")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("portal.internal", 8080, "http://portal.internal:8080")
    set_site_host(url="http://portal.internal:8080")
    assert Site.objects.count() == 1


@pytest.mark.django_db
def test_a_malformed_address_is_refused(home):
    with pytest.raises(CommandError):
        set_site_host(url="steadypath.example.org")
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
