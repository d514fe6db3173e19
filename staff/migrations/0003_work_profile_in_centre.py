import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centre", "0004_work_profiles"),
        ("staff", "0002_field_verbose_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="staff",
            name="profile",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="centre.workprofile",
                verbose_name="work profile",
            ),
        ),
    ]
