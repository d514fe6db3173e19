"""Work profiles now belong to the centre app: the models take over the tables queueing 0007
renamed (no data moves), and counters point at them here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centre", "0003_field_verbose_names"),
        ("queueing", "0007_work_profile_tables_to_centre"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="WorkProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "default_policy",
                            models.CharField(
                                choices=[
                                    ("charter", "Most overdue against the charter target"),
                                    ("fifo", "First come, first served"),
                                ],
                                default="charter",
                                max_length=10,
                                verbose_name="default policy",
                            ),
                        ),
                        (
                            "centre",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                to="centre.centre",
                                verbose_name="centre",
                            ),
                        ),
                    ],
                    options={"verbose_name": "work profile", "verbose_name_plural": "work profiles"},
                ),
                migrations.CreateModel(
                    name="WorkProfileRule",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                        (
                            "min_longest_wait_minutes",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="when the longest wait passes (minutes)",
                            ),
                        ),
                        (
                            "min_waiting",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="when at least this many wait"
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rules",
                                to="centre.workprofile",
                                verbose_name="work profile",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="centre.service",
                                verbose_name="service",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["profile", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("profile", "position"), name="unique_rule_position"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterField(
            model_name="counter",
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
