"""Tablets and feedback point at the counter's new home, `queueing.Counter` (same table, so
only the migration state changes; see queueing 0009)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_holidays_move_to_centre"),
        ("queueing", "0010_counter_from_centre"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="feedbacktablet",
                    name="counter",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="feedback_tablet",
                        to="queueing.counter",
                        verbose_name="counter",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicefeedback",
                    name="counter",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="queueing.counter",
                        verbose_name="counter",
                    ),
                ),
            ],
        )
    ]
