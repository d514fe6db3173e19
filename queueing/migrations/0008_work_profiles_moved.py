"""Step 2 of moving work profiles to the centre app: this app forgets the models (their
tables now belong to centre.WorkProfile and centre.WorkProfileRule)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("queueing", "0007_work_profile_tables_to_centre"),
        ("centre", "0004_work_profiles"),
        ("staff", "0003_work_profile_in_centre"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="WorkProfileRule"),
                migrations.DeleteModel(name="WorkProfile"),
            ],
        )
    ]
