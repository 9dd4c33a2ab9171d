from django.db import migrations


class Migration(migrations.Migration):
    # Made the role groups once. Roles now follow the apps' own declarations on every migrate
    # (core.staff.roles.sync_roles_after_migrate), so this does nothing and no longer waits for
    # approaches: core's migrations depend on no app above core.
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
