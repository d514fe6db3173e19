"""The console lease points at the counter's new home, `queueing.Counter` (same table, so
only the migration state changes; see queueing 0009)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("counters", "0005_auditlog_action_appointment_plan"),
        ("queueing", "0010_counter_from_centre"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="consolelease",
                    name="counter",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="console_lease",
                        to="queueing.counter",
                        verbose_name="counter",
                    ),
                ),
            ],
        )
    ]
