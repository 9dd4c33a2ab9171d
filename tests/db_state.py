"""Putting the test database back as migrations left it, after a test that committed.

pytest-django flushes the database after a transactional test (or a live server's): the rows
migrations made (the default Locale, Wagtail's root page and site, collections) go with it, and
the next test on that worker that seeds a portal finds no Locale. The browser tests' session
server and `migrated_state_restored` below restore a baseline taken before.
"""

from django.core.management import call_command


def empty_and_restore(connection, baseline):
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    # Every model's content type into the cache first, while the rows exist: restoring builds
    # Wagtail tasks without their parent's id, and a task then looks its content type up; on a
    # cache miss it would create one that the baseline's own row for it then collides with.
    models = apps.get_models()
    ContentType.objects.get_for_models(*models)
    ContentType.objects.get_for_models(*models, for_concrete_models=False)
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
    connection.creation.deserialize_db_from_string(baseline)


def content_types_now(connection) -> dict:
    """Every model's content type as the database has it now, from the manager's cache."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    models = apps.get_models()
    ContentType.objects.get_for_models(*models)
    ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return dict(ContentType.objects._cache[connection.alias])


def restore_after_flush(connection, baseline, content_types: dict):
    """The baseline back after pytest-django's flush, whose post_migrate made content types and
    permissions again under new ids. Those go with the rest. While the baseline loads, the
    content type cache holds the baseline's own ids (`content_types`, taken with it): loading
    Wagtail's tasks looks their content type up, and a miss would create a row the baseline's
    then collides with. (Django's cache is private; this is a test's restore, not the app's.)"""
    from django.contrib.contenttypes.models import ContentType

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
