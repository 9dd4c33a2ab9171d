"""DailyFigure: the metric-dependent key1/key2 become fields named for what they hold.

Stored rollups are carried over metric by metric, so no day needs rolling up again."""

from django.db import migrations, models


def _int(value: str) -> int:
    return int(value) if value and value.isdigit() else 0


# metric -> how its old (key1, key2) map to the named fields
FORWARD = {
    "duration": lambda k1, k2: {"duration_bucket": _int(k1)},
    "left": lambda k1, k2: {"question_key": k1},
    "answered": lambda k1, k2: {"question_key": k1},
    "option": lambda k1, k2: {"question_key": k1, "option_key": k2},
    "skipped": lambda k1, k2: {"question_key": k1, "option_key": k2},
    "support": lambda k1, k2: {"support_level_id": _int(k1)},
    "outcome": lambda k1, k2: {"approach_id": _int(k1), "rank": _int(k2)},
    "click": lambda k1, k2: {"approach_id": _int(k1), "rank": _int(k2)},
}

BACKWARD = {
    "duration": lambda f: (str(f.duration_bucket), ""),
    "left": lambda f: (f.question_key, ""),
    "answered": lambda f: (f.question_key, ""),
    "option": lambda f: (f.question_key, f.option_key),
    "skipped": lambda f: (f.question_key, f.option_key),
    "support": lambda f: (str(f.support_level_id or ""), ""),
    "outcome": lambda f: (str(f.approach_id or ""), str(f.rank)),
    "click": lambda f: (str(f.approach_id or ""), str(f.rank)),
}

NAMED = ["question_key", "option_key", "approach_id", "rank", "support_level_id", "duration_bucket"]


def forward(apps, schema_editor):
    DailyFigure = apps.get_model("quiz", "DailyFigure")
    for metric, named in FORWARD.items():
        changed = []
        for figure in DailyFigure.objects.filter(metric=metric).iterator(chunk_size=2000):
            for name, value in named(figure.key1, figure.key2).items():
                setattr(figure, name, value)
            changed.append(figure)
        DailyFigure.objects.bulk_update(changed, NAMED, batch_size=1000)


def backward(apps, schema_editor):
    DailyFigure = apps.get_model("quiz", "DailyFigure")
    for metric, keys in BACKWARD.items():
        changed = []
        for figure in DailyFigure.objects.filter(metric=metric).iterator(chunk_size=2000):
            figure.key1, figure.key2 = keys(figure)
            changed.append(figure)
        DailyFigure.objects.bulk_update(changed, ["key1", "key2"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0009_test_cases"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="dailyfigure", name="one_daily_figure"),
        migrations.AddField(
            model_name="dailyfigure", name="question_key", field=models.CharField(blank=True, max_length=60)
        ),
        migrations.AddField(
            model_name="dailyfigure", name="option_key", field=models.CharField(blank=True, max_length=60)
        ),
        migrations.AddField(model_name="dailyfigure", name="approach_id", field=models.BigIntegerField(default=0)),
        migrations.AddField(model_name="dailyfigure", name="rank", field=models.PositiveSmallIntegerField(default=0)),
        migrations.AddField(
            model_name="dailyfigure", name="support_level_id", field=models.BigIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="dailyfigure", name="duration_bucket", field=models.PositiveSmallIntegerField(default=0)
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="dailyfigure", name="key1"),
        migrations.RemoveField(model_name="dailyfigure", name="key2"),
        migrations.AddConstraint(
            model_name="dailyfigure",
            constraint=models.UniqueConstraint(
                fields=(
                    "quiz",
                    "revision_id",
                    "day",
                    "metric",
                    "question_key",
                    "option_key",
                    "approach_id",
                    "rank",
                    "support_level_id",
                    "duration_bucket",
                ),
                name="one_daily_figure_per_key",
            ),
        ),
    ]
