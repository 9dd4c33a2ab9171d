import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections, transaction

from approaches.factories import (
    ApproachIndexPageFactory,
    ApproachPageFactory,
    ConditionFactory,
    ProviderTypeFactory,
    StandardPageFactory,
)
from core.models import PortalSettings
from core.plumbing.tasks import run_once
from quiz.factories import QuizFactory, QuizPageFactory, SupportLevelFactory, weights
from tests import template_db
from tests.support import DEMO_PASSWORD, DEMO_TOTP_SECRET, make_home


class _ModuleTransactions:
    """Which test module has a module-wide transaction open (see `module_db`)."""

    open_in = None


# The seeded portal fixtures and the template each borrows (its `seed_portal` arguments are in
# template_db.SEEDED), the one with more first: a module that asks for both gets that one.
SEEDED_FIXTURES = {"seeded_portal_with_users": "seeded-users", "seeded_portal": "seeded"}


@pytest.fixture(scope="module")
def _module_base(request, django_db_setup, django_db_blocker):
    """What a module's `module_db` starts from: the database as it is, or, for a module whose
    tests ask for a seeded portal, a copy of the seeded template (tests/template_db.py) where
    there is one. Yields the seed's output then, else None."""
    wanted = {name for item in request.session.items if item.module is request.module for name in item.fixturenames}
    fixture = next((name for name in SEEDED_FIXTURES if name in wanted), None)
    if fixture is None:
        yield None
        return
    # Unblocked only to swap the database in and out: the module's tests still need `db`.
    swap = template_db.seeded_database(connections["default"], SEEDED_FIXTURES[fixture])
    with django_db_blocker.unblock():
        output = swap.__enter__()
    try:
        yield output and (fixture, output)
    finally:
        with django_db_blocker.unblock():
            swap.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_db(request, _module_base, django_db_blocker):
    """Django's `setUpTestData` for a pytest module: one transaction around the whole module,
    rolled back after its last test. Module fixtures that depend on this one build data once,
    under `module_db.unblock()`; each test's own `db` transaction nests inside as a savepoint,
    so whatever a test changes is undone before the next. Yields the database blocker.

    Tests that use `transactional_db` or a live server cannot nest inside it, and a test that
    runs after it in the same module would see its data without asking: the autouse guard below
    fails both rather than let them pass or fail by accident of order."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    _ModuleTransactions.open_in = request.module
    try:
        yield django_db_blocker
    finally:
        _ModuleTransactions.open_in = None
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _module_db_guard(request):
    if _ModuleTransactions.open_in is not request.module:
        return
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server"}:
        pytest.fail("a transactional test cannot run inside `module_db`: move it to a module of its own")
    if "module_db" not in names and ("db" in names or request.node.get_closest_marker("django_db")):
        pytest.fail("this test would see the module's `module_db` data without asking: request it or move the test")


def _seed(django_db_blocker, *args):
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("seed_portal", *args, stdout=out)
        return out.getvalue()


def _seeded(fixture, module_base, django_db_blocker):
    if module_base and module_base[0] == fixture:
        return module_base[1]
    return _seed(django_db_blocker, *template_db.SEEDED[SEEDED_FIXTURES[fixture]])


@pytest.fixture(scope="module")
def seeded_portal(module_db, _module_base):
    """The demo portal `seed_portal` builds, seeded once per module (see `module_db`), or copied
    from the run's seeded template. Yields the command's output."""
    return _seeded("seeded_portal", _module_base, module_db)


@pytest.fixture(scope="module")
def seeded_portal_with_users(module_db, _module_base):
    """`seeded_portal` with one demo account per role (`--demo-users`), password DEMO_PASSWORD and,
    for those who need one, an authenticator on DEMO_TOTP_SECRET. Yields the command's output."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        env.setenv("DEMO_TOTP_SECRET", DEMO_TOTP_SECRET)
        return _seeded("seeded_portal_with_users", _module_base, module_db)


BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_configure(config):
    # pytest-xdist hands test files out largest first unless told to keep the collection order,
    # and a worker that had started the browser tests' committed, seeded database would then run
    # other modules' tests on it.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False
    # Under pytest-xdist on SQLite the controller builds the template databases once for all
    # workers (tests/template_db.py, which starts that as a plugin).
    if hasattr(config, "workerinput") and os.environ.get(template_db.ENV):
        template_db.use_in_this_worker(connections["default"])


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """A test's own fixtures build their data with Wagtail's index tasks run once per object at
    the end of the fixture (core.plumbing.tasks.run_once), as `seed_portal` does, not after every save;
    the test body itself runs with the tasks as they run in production. Wider fixtures reach the
    database only inside `django_db_blocker.unblock()`, gone by the time the block ends, so they
    batch inside it themselves (seed_portal does)."""
    if fixturedef.scope != "function":
        return (yield)
    with run_once():
        return (yield)


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "module_db", "live_server"}


def _uses_database(item) -> bool:
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) or item.get_closest_marker("django_db")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Files whose tests need no database run first, then those that need no seeded portal:
    under pytest-xdist on SQLite the workers run them while the run's template databases are
    still being built (tests/template_db.py), the migrated one first, then the seeded ones.
    The real-browser tests run after every other test, in their own order: they share one
    seeded database and live server for the session (tests/browser/conftest.py), which no other
    module's database test may run beside. Under `pytest-xdist --dist loadfile` this also hands
    their files out last (see pytest_configure). A transactional test comes after everything: the
    flush after it empties the database of what migrations made."""
    with_database = {item.path for item in items if _uses_database(item)}
    seeded = {item.path for item in items if SEEDED_FIXTURES.keys() & set(getattr(item, "fixturenames", ()))}

    def group(item):
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction"):
            return 4
        if item.path.is_relative_to(BROWSER_TESTS):
            return 3
        if item.path in seeded:
            return 2
        return 1 if item.path in with_database else 0

    items[:] = sorted(items, key=group)


def _render_plainly(template, context):
    return template.nodelist.render(context)


@pytest.fixture(scope="session", autouse=True)
def _plain_template_rendering(django_test_environment):
    """Django's test environment makes every template render send a signal, which the test
    client answers by copying that template's whole context, so that a test can read
    `response.context`. An admin screen renders hundreds of templates, and the copies are about
    a quarter of its time. Templates render as in production here; a test that reads
    `response.context` or `response.templates` asks for `template_context`."""
    from django.template import Template

    instrumented = Template._render
    Template._render = _render_plainly
    yield
    Template._render = instrumented


@pytest.fixture
def template_context():
    """`response.context` and `response.templates` for this test's client requests."""
    from django.template import Template
    from django.test.utils import instrumented_test_render

    Template._render = instrumented_test_render
    yield
    Template._render = _render_plainly


@pytest.fixture
def home(db):
    """A home page as the default site's root, in place of Wagtail's placeholder."""
    return make_home()


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
def _language_put_back():
    """LocaleMiddleware activates each request's language and leaves it active in the thread:
    after a request under /es/, a later test would reverse its URLs (a quiz page's start URL,
    say) under /es/ too. Each test starts in the default language and leaves it so."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters and site-root paths live in the cache; tests must not share them.
    from django.core.cache import cache

    from core.delivery.page_cache import local_pages

    cache.clear()
    local_pages.reset()
    yield
    cache.clear()
    local_pages.reset()


@pytest.fixture
def levels(db):
    return {
        "self": SupportLevelFactory(slug="self", name="Self-guided", rank=1),
        "weekly": SupportLevelFactory(slug="weekly", name="Weekly therapy", rank=2),
        "urgent": SupportLevelFactory(slug="urgent", name="Urgent help", rank=3, is_urgent=True),
    }


@pytest.fixture
def pages(index):
    return {
        slug: ApproachPageFactory(parent=index, title=title, slug=slug)
        for slug, title in [("cbt", "CBT"), ("meds", "Medication"), ("family", "Family therapy")]
    }


def quiz_questions(pages, levels):
    """A small quiz with a crisis question, a branch, an optional multi-choice question."""
    return [
        {
            "key": "safety",
            "text": "Are you safe right now?",
            "options": [
                {"key": "safe", "label": "Yes"},
                {"key": "hurt-self", "label": "I might hurt myself", "is_crisis": True},
                {"key": "unsure", "label": "I’m not sure", "is_crisis": True},
            ],
        },
        {
            "key": "concern",
            "text": "What weighs on you most?",
            "options": [
                {"key": "low", "label": "Low mood", "weights": weights({pages["cbt"]: 2, pages["meds"]: 1})},
                {
                    "key": "family",
                    "label": "Family stress",
                    "jump_to": "extras",
                    "weights": weights({pages["family"]: 3}),
                },
            ],
        },
        {
            "key": "sleep",
            "text": "Has your sleep changed a lot?",
            "options": [
                {"key": "yes", "label": "Yes", "weights": weights({pages["meds"]: 3}, {levels["weekly"]: 2})},
                {"key": "no", "label": "No", "weights": weights({pages["cbt"]: 1})},
            ],
        },
        {
            "key": "extras",
            "text": "What would you like?",
            "required": False,
            "allow_multiple": True,
            "options": [
                {"key": "skills", "label": "Skills", "weights": weights({pages["cbt"]: 2})},
                {"key": "no-meds", "label": "No medication", "weights": weights({pages["meds"]: -5})},
                {"key": "together", "label": "Family together", "weights": weights({pages["family"]: 1})},
            ],
        },
        {
            "key": "pace",
            "text": "What pace feels right?",
            "options": [
                {"key": "own", "label": "On my own", "weights": weights(support={levels["self"]: 3})},
                {"key": "weekly", "label": "Weekly", "weights": weights(support={levels["weekly"]: 3})},
                {"key": "soon", "label": "Soon", "weights": weights(support={levels["urgent"]: 5})},
            ],
        },
    ]


@pytest.fixture
def quiz(pages, levels):
    return QuizFactory(title="Test quiz", questions=quiz_questions(pages, levels), publish=True)


@pytest.fixture
def quiz_page(home, quiz, crisis_page):
    page = QuizPageFactory(parent=home, quiz=quiz)
    settings = PortalSettings.load()
    settings.quiz_page = page
    settings.save()
    return page


class Patient:
    """A patient's browser: starts the quiz and answers questions by key."""

    def __init__(self, client, quiz_page):
        self.client = client
        self.quiz_page = quiz_page

    def start(self):
        return self.client.post(self.quiz_page.start_url)

    def answer(self, key, *choices, **extra):
        data = {"answer": list(choices)} if choices else {}
        data.update(extra)
        return self.client.post(f"/quiz/step/{key}/", data)

    def skip(self, key):
        return self.client.post(f"/quiz/step/{key}/", {"skip": "1"})

    def state(self):
        """The quiz state as the server reads it back from this browser's signed cookie, with
        the answers it refers to from the database (the cookie itself holds none)."""
        from dataclasses import asdict

        from django.http import HttpRequest

        from quiz.selectors import stored_answers
        from quiz.session import QuizSession

        request = HttpRequest()
        request.COOKIES = {name: morsel.value for name, morsel in self.client.cookies.items()}
        state = QuizSession(request).state
        if state is None:
            return None
        return {**asdict(state), "answers": stored_answers(state.response_id) or {}}


@pytest.fixture
def patient(client, quiz_page):
    return Patient(client, quiz_page)


@pytest.fixture(scope="module")
def migrated_state_restored(django_db_setup, django_db_blocker):
    """For a module with a transactional test: the database as it was when the module began comes
    back when it ends, after pytest-django's flush (a module fixture outlives every test's own).
    Without it, the worker's next seeded test met an empty Locale table on PostgreSQL."""
    from django.db import DEFAULT_DB_ALIAS, connections

    from tests.db_state import content_types_now, empty_and_restore

    connection = connections[DEFAULT_DB_ALIAS]
    with django_db_blocker.unblock():
        content_types = content_types_now(connection)
        baseline = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        empty_and_restore(connection, baseline, content_types)
