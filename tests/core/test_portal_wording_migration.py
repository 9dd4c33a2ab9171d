"""The move of the wording out of Portal settings keeps what an editor had typed: migration 0014
copies it into the published English Portal wording (and back, when unapplied)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("core", "0013_portal_wording")]
AFTER = [("core", "0015_wording_out_of_settings")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# SQLite can't alter tables inside the transaction a test runs in, so this test commits, and the
# flush after it leaves the database without what migrations made (the root page, the locales):
# it runs with the slow tests, in a session of their own (make test-slow), not beside the others,
# and after every other test of that session (tests/conftest.py).
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_todays_settings_wording_becomes_the_published_english_row():
    old = migrate(BEFORE)
    try:
        old.get_model("core", "PortalWording").objects.all().delete()
        settings_model = old.get_model("core", "PortalSettings")
        settings_model.objects.all().delete()
        settings_model.objects.create(
            disclaimer="Typed by an editor: call {emergency_number}.", crisis_line_name="Line", quiz_prompt="Try it"
        )
        new = migrate(AFTER)
        english = new.get_model("core", "PortalWording").objects.get()
        assert english.locale.language_code == "en" and english.live
        assert english.disclaimer == "Typed by an editor: call {emergency_number}."
        assert (english.crisis_line_name, english.quiz_prompt) == ("Line", "Try it")
        assert english.crisis_language_call == ""
    finally:
        migrate(AFTER)
