from django.db import migrations


class Migration(migrations.Migration):
    # Topped up the roles once the quiz existed; core.staff.roles.sync_roles_after_migrate does that
    # now on every migrate, so this does nothing and no longer depends on the quiz app.
    dependencies = [("core", "0002_roles")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
