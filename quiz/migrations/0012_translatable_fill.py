"""Give every existing support level and quiz the default locale (English) and a translation key."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0011_translatable_bootstrap"),
    ]

    operations = [
        BootstrapTranslatableModel("quiz.SupportLevel"),
        BootstrapTranslatableModel("quiz.Quiz"),
    ]
