from django.db import migrations


class Migration(migrations.Migration):
    """Portal settings keep the numbers, addresses and linked pages; 0014 copied the words."""

    dependencies = [("core", "0014_copy_portal_wording")]

    operations = [
        migrations.RemoveField(
            model_name="portalsettings",
            name="blend_note",
        ),
        migrations.RemoveField(
            model_name="portalsettings",
            name="credentials_link_text",
        ),
        migrations.RemoveField(
            model_name="portalsettings",
            name="crisis_line_name",
        ),
        migrations.RemoveField(
            model_name="portalsettings",
            name="disclaimer",
        ),
        migrations.RemoveField(
            model_name="portalsettings",
            name="outside_us_text",
        ),
        migrations.RemoveField(
            model_name="portalsettings",
            name="quiz_prompt",
        ),
    ]
