import django.db.models.deletion
from django.db import migrations, models


def convert_sign_off_task(apps, schema_editor):
    """Make the "Clinical sign-off" group approval task a ClinicalReviewTask in place.

    Only a row is added under it: the task keeps its id and groups, so workflows and reviews
    in progress carry on under the new rule (nobody approves their own work).
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ClinicalReviewTask = apps.get_model("core", "ClinicalReviewTask")

    old = GroupApprovalTask.objects.filter(name="Clinical sign-off").first()
    if old is None or ClinicalReviewTask.objects.filter(pk=old.pk).exists():
        return
    task_type, _ = ContentType.objects.get_or_create(app_label="core", model="clinicalreviewtask")
    new = ClinicalReviewTask(
        groupapprovaltask_ptr_id=old.pk, task_ptr_id=old.pk, name=old.name, active=old.active, content_type=task_type
    )
    new.save_base(raw=True)
    Task.objects.filter(pk=old.pk).update(content_type=task_type)


def restore_group_approval_task(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    ClinicalReviewTask = apps.get_model("core", "ClinicalReviewTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    for task in ClinicalReviewTask.objects.all():
        task_id = task.pk
        task.delete(keep_parents=True)
        Task.objects.filter(pk=task_id).update(content_type=task_type)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_content_generation"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClinicalReviewTask",
            fields=[
                (
                    "groupapprovaltask_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.groupapprovaltask",
                    ),
                ),
            ],
            options={
                "verbose_name": "Clinical review task",
                "verbose_name_plural": "Clinical review tasks",
            },
            bases=("wagtailcore.groupapprovaltask",),
        ),
        migrations.RunPython(convert_sign_off_task, restore_group_approval_task),
    ]
