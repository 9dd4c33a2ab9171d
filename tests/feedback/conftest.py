import pytest
from django.test import Client

from approaches.factories import StandardPageFactory

HERE = "http://testserver"


@pytest.fixture
def strict():
    """A client whose posts are checked like a browser's: our origin, no cookies kept."""
    return Client(enforce_csrf_checks=True, HTTP_ORIGIN=HERE)


@pytest.fixture
def article(home):
    return StandardPageFactory(parent=home, title="Sleep and low mood", slug="sleep-and-low-mood")


def vote_url(page) -> str:
    return f"/feedback/{page.pk}/"


def token_from(response) -> str:
    html = response.content.decode()
    return html.split('name="token" value="', 1)[1].split('"', 1)[0]
