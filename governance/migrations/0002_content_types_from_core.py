from django.db import migrations

MOVED = ("clinicalreviewer", "pagereview", "clinicalreviewtask")


def relabel(apps, from_label, to_label):
    """Rename the content type rows, so everything that points at them by id (the workflow's
    task, permissions and the groups holding them, log entries, search index entries) now
    means the governance models. Wagtail's Task.specific finds its class through this row."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label=to_label, model=model).exists():
            # Already made for the new label (nothing should have done so); the old row is left
            # for remove_stale_contenttypes rather than merged by guesswork.
            continue
        ContentType.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def forwards(apps, schema_editor):
    relabel(apps, "core", "governance")


def backwards(apps, schema_editor):
    relabel(apps, "governance", "core")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
