"""Content as the API sees it: pages published and reviewed the way the admin does it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale

from api import services
from approaches.factories import ApproachPageFactory
from governance.models import PageReview


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def review(page, *, days_ago: float = 1, name: str = "Dr Ana Test, MD"):
    """A clinical review of the page's live version, as approval in Clinical review stamps it."""
    return PageReview.objects.create(
        page=page,
        revision_id=page.live_revision_id,
        reviewed_at=timezone.now() - timedelta(days=days_ago),
        reviewer_name=name,
    )


def reviewed_page(index, *, days_ago: float = 1, **fields):
    page = publish(ApproachPageFactory(parent=index, **fields))
    review(page, days_ago=days_ago)
    return page


def spanish_twin(page, *, title: str, slug: str, reviewed: bool = True):
    twin = page.copy_for_translation(Locale.objects.get(language_code="es"), copy_parents=True)
    twin.title, twin.slug = title, slug
    publish(twin)
    if reviewed:
        review(twin)
    return twin


@pytest.fixture
def api_key(db):
    key, raw = services.issue_key(partner_name="Riverside Clinic")
    return key, raw


@pytest.fixture
def keyed(client, api_key):
    """The test client sending a partner's key with every request."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_key[1]}"
    return client


@pytest.fixture(autouse=True)
def _api_memo_cleared():
    from api.http import memo

    memo.clear()
    yield
    memo.clear()
