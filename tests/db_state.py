"""Putting the test database back as migrations left it, after a test that committed.

pytest-django flushes the database after a transactional test (or a live server's): the rows
migrations made (the default Locale, Wagtail's root page and site, collections) go with it, and
the next test on that worker that seeds a portal finds no Locale. The browser tests' session
server and `migrated_state_restored` below restore a baseline taken before.
"""

from django.core.management import call_command


def content_types_now(connection) -> dict:
    """Every model's content type as the database has it now, from the manager's cache."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    models = apps.get_models()
    ContentType.objects.get_for_models(*models)
    ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return dict(ContentType.objects._cache[connection.alias])


def empty_and_restore(connection, baseline, content_types: dict | None = None):
    """Empty the database and load `baseline` back.

    While it loads, the content type cache must hold the baseline's own ids: loading Wagtail's
    tasks looks their content type up, and a miss would create a row that the baseline's own
    then collides with. `content_types` are those ids, taken with the baseline; without them
    they are read now, which is right only while the rows are still the baseline's (the
    browser tests' server). After pytest-django's flush they are not: its post_migrate made
    content types again under new ids. (Django's cache is private; this is a test's restore.)
    """
    from django.contrib.contenttypes.models import ContentType

    if content_types is None:
        content_types = content_types_now(connection)
    # As TransactionTestCase does: no post_migrate, which would recreate rows the baseline puts
    # back (content types, permissions) under new ids, and sequences left where they are, since
    # the baseline's rows come back with their old ids.
    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        database=connection.alias,
        reset_sequences=False,
        inhibit_post_migrate=True,
    )
    ContentType.objects.clear_cache()
    ContentType.objects._cache[connection.alias] = dict(content_types)
    connection.creation.deserialize_db_from_string(baseline)
    ContentType.objects.clear_cache()
