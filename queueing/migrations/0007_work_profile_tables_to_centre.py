"""Work profiles move to the centre app (configuration the counters and staff name), so that
`centre` and `staff` no longer point up at `queueing`. Step 1 of 2: rename the tables; the
centre app then takes the models over (centre 0004) and this app forgets them (0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("queueing", "0006_field_verbose_names")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="workprofile", table="centre_workprofile"),
                migrations.AlterModelTable(name="workprofilerule", table="centre_workprofilerule"),
            ],
            state_operations=[],
        )
    ]
