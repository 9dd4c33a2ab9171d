"""Support levels go through Clinical review: existing levels stay published (each gets a first
revision, as if published once), reviewers may publish them, and the workflow covers them."""

from django.db import migrations
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields


def publish_existing_levels(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    SupportLevel = apps.get_model("quiz", "SupportLevel")

    content_type, _ = ContentType.objects.get_or_create(app_label="quiz", model="supportlevel")
    now = timezone.now()
    for level in SupportLevel.objects.filter(live_revision__isnull=True):
        level.live = True
        revision = Revision.objects.create(
            content_type_id=content_type.pk,
            base_content_type_id=content_type.pk,
            object_id=str(level.pk),
            created_at=now,
            object_str=level.name,
            content=get_serializable_data_for_fields(level),
        )
        level.latest_revision = level.live_revision = revision
        level.first_published_at = level.first_published_at or now
        level.last_published_at = now
        level.has_unpublished_changes = False
        level.save()


def review_support_levels(apps, schema_editor):
    """Permissions and the workflow come from core.staff.roles.sync_roles_after_migrate, after every
    migrate (QuizConfig.reviewed_snippets), so nothing is left to do here."""


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0006_support_level_review"),
        ("core", "0006_governance_roles"),
    ]

    operations = [
        migrations.RunPython(publish_existing_levels, migrations.RunPython.noop),
        migrations.RunPython(review_support_levels, migrations.RunPython.noop),
    ]
