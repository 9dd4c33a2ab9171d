"""The Spanish locale (issue 17). English already exists: wagtailcore made it from LANGUAGE_CODE."""

from django.db import migrations


def add_spanish(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="es")


class Migration(migrations.Migration):
    dependencies = [
        ("approaches", "0007_how_to_get_it"),
        ("wagtailcore", "0098_apitoken"),
    ]

    # Going back leaves the locale: Spanish pages and snippets may point at it.
    operations = [migrations.RunPython(add_spanish, migrations.RunPython.noop)]
