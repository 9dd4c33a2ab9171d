from django.db import migrations


def top_up_roles(apps, schema_editor):
    from core.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_clinical_review_workflow")]

    operations = [migrations.RunPython(top_up_roles, migrations.RunPython.noop)]
