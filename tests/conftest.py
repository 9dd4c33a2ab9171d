import pytest
from wagtail.models import Page, Site

from approaches.factories import (
    ApproachIndexPageFactory,
    ApproachPageFactory,
    ConditionFactory,
    HomePageFactory,
    ProviderTypeFactory,
    StandardPageFactory,
)
from core.models import PortalSettings


@pytest.fixture
def home(db):
    """A home page as the default site's root, in place of Wagtail's placeholder."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def index(home):
    return ApproachIndexPageFactory(parent=home)


@pytest.fixture
def crisis_page(home):
    page = StandardPageFactory(parent=home, title="Get help now", slug="get-help")
    settings = PortalSettings.load()
    settings.crisis_page = page
    settings.save()
    return page


@pytest.fixture
def conditions(db):
    return [
        ConditionFactory(name="Severe anxiety", slug="severe-anxiety"),
        ConditionFactory(name="Sleep disruption", slug="sleep-disruption"),
        ConditionFactory(name="ADHD", slug="adhd"),
    ]


@pytest.fixture
def provider_types(db):
    return [ProviderTypeFactory(name="Psychiatrist", credentials="MD, DO"), ProviderTypeFactory(name="Psychologist")]


@pytest.fixture
def approach(index, conditions, provider_types):
    return ApproachPageFactory(
        parent=index,
        title="Sleep-focused therapy",
        slug="sleep-focused-therapy",
        conditions=conditions[1:],
        provider_types=provider_types[:1],
    )


@pytest.fixture(autouse=True)
def _fresh_flow_cache():
    # Revision ids repeat across tests that roll back or flush; the per-process cache must not.
    from quiz.selectors import flow_for_revision

    flow_for_revision.cache_clear()
    yield
    flow_for_revision.cache_clear()
