"""The counter now belongs to `queueing` (queueing 0009 took over its table, `centre_counter`,
and every foreign key follows it): this app forgets the model. State only; no data moves.
It runs after every migration whose state still names `centre.Counter`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("centre", "0006_fee_kind"),
        ("queueing", "0010_counter_from_centre"),
        ("counters", "0006_counter_in_queueing"),
        ("feedback", "0005_counter_in_queueing"),
        # the last migration of another app whose state still names centre.Counter
        ("scorecard", "0004_state_history_from_counter_events"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Counter")],
        )
    ]
