from django.db import migrations


class Migration(migrations.Migration):
    """ClinicalReviewer, PageReview and ClinicalReviewTask now belong to the governance app.

    Only Django's record moves (governance/migrations/0001_initial takes them over, same
    tables); the tables and their rows stay where they are.
    """

    dependencies = [("core", "0011_patient_safety_settings")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PageReview"),
                migrations.DeleteModel(name="ClinicalReviewer"),
                migrations.DeleteModel(name="ClinicalReviewTask"),
            ],
            database_operations=[],
        )
    ]
