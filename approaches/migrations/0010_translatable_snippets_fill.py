"""Give every existing condition and provider type the default locale (English) and a translation key."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("approaches", "0009_translatable_snippets_bootstrap"),
    ]

    operations = [
        BootstrapTranslatableModel("approaches.Condition"),
        BootstrapTranslatableModel("approaches.ProviderType"),
    ]
