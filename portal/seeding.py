"""The demo portal, built by asking each app to seed itself, bottom layer first.

It lives in `portal`, above every app, because it is the one place that knows them all: an app's
seeding may use what the layers below it seeded (the quiz links approaches; governance signs
for the demo reviewer), never the other way round.
"""

from django.db import transaction

from approaches import seeding as approaches_seeding
from core.plumbing.tasks import run_once
from core.site import seeding as core_seeding
from core.site.seeding import SeedReport
from core.site.services import DemoUser, ensure_demo_users
from governance import seeding as governance_seeding
from priorities import seeding as priorities_seeding
from quiz import seeding as quiz_seeding

# core seeds the Portal wording (its settings exist from the first read); governance seeds none.
CONTENT_LAYERS = [core_seeding, approaches_seeding, priorities_seeding, quiz_seeding]


@transaction.atomic
def seed_portal() -> SeedReport:
    # Each page and snippet is saved several times while it is built (created, revised,
    # published), and Wagtail re-indexes it for search and references after every save. Search
    # entries are made once per object at the end (run_once); the reference index is built once
    # at the end for everything the seed may have touched, since saving a page's child rows
    # would otherwise re-index the whole page once per child.
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Page, ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update

    report = SeedReport()
    with run_once(), disable_reference_index_auto_update():
        for layer in CONTENT_LAYERS:
            layer.seed(report)
    # Renaming a translated copy makes Wagtail redirect from the copy's first address, which was
    # never public, so nobody can have linked to it. Wagtail makes those redirects once the
    # transaction commits, hence the same here (callbacks run in the order they were added).
    renamed = [page.pk for page in report.translated_pages]
    if renamed:
        transaction.on_commit(
            lambda: Redirect.objects.filter(automatically_created=True, redirect_page_id__in=renamed).delete()
        )
    if report.changed:
        for page in Page.objects.specific():
            ReferenceIndex.create_or_update_for_object(page)
        for model in ReferenceIndex.indexed_models:
            if not issubclass(model, Page):
                for obj in model._default_manager.all():
                    ReferenceIndex.create_or_update_for_object(obj)
    return report


@transaction.atomic
def seed_demo_users(*, password: str, totp_secret: str = "") -> list[DemoUser]:
    users = ensure_demo_users(password=password, totp_secret=totp_secret)
    governance_seeding.seed_demo_users(users)
    return users
