from django.db import migrations


class Migration(migrations.Migration):
    # Topped up the roles; core.staff.roles.sync_roles_after_migrate does that now on every migrate.
    dependencies = [("core", "0005_clinical_review_workflow")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
