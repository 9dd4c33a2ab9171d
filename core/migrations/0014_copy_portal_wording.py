import uuid

from django.conf import settings
from django.db import migrations

FIELDS = ("crisis_line_name", "outside_us_text", "disclaimer", "blend_note", "quiz_prompt", "credentials_link_text")


def copy_to_wording(apps, schema_editor):
    """Today's wording becomes the published English row. On a database without a settings row
    yet, the row gets the field defaults, which are the same words."""
    from django.utils.translation import get_supported_language_variant

    PortalSettings = apps.get_model("core", "PortalSettings")
    PortalWording = apps.get_model("core", "PortalWording")
    Locale = apps.get_model("wagtailcore", "Locale")

    locale, _ = Locale.objects.get_or_create(language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
    if PortalWording.objects.filter(locale=locale).exists():
        return
    current = PortalSettings.objects.first()
    values = {name: getattr(current, name) for name in FIELDS} if current is not None else {}
    PortalWording.objects.create(locale=locale, translation_key=uuid.uuid4(), live=True, **values)


def copy_back(apps, schema_editor):
    from django.utils.translation import get_supported_language_variant

    PortalSettings = apps.get_model("core", "PortalSettings")
    PortalWording = apps.get_model("core", "PortalWording")
    english = PortalWording.objects.filter(
        locale__language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    ).first()
    if english is not None:
        PortalSettings.objects.update(**{name: getattr(english, name) for name in FIELDS})


class Migration(migrations.Migration):
    dependencies = [("core", "0013_portal_wording")]

    operations = [migrations.RunPython(copy_to_wording, copy_back)]
