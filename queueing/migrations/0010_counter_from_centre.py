"""The counter moves from `centre` to the engine's app, which owns its live state, so that
the model graph points one way (centre ← staff ← queueing). No data moves: the model keeps
its table (`centre_counter`); this app takes it over in the migration state only, and its
foreign keys follow. `centre` 0007 then forgets the model, once `counters` and `feedback`
point here too.

The content type is renamed rather than recreated, so permissions given on counters and the
admin's history of them stay attached."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="centre", new="queueing"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="counter").exists():
        ContentType.objects.using(db).filter(app_label=old, model="counter").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="queueing", new="centre")


def counter_fk(**options):
    return models.ForeignKey(
        to="queueing.counter",
        verbose_name="counter",
        **options,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("centre", "0006_fee_kind"),
        ("staff", "0003_work_profile_in_centre"),
        ("queueing", "0009_wait_estimator_setting"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Counter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("number", models.PositiveSmallIntegerField(verbose_name="number")),
                        (
                            "label",
                            models.CharField(blank=True, max_length=80, verbose_name="label"),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("paused", "Paused"),
                                    ("closed", "Closed"),
                                ],
                                default="closed",
                                max_length=10,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "pause_reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("break", "Break"),
                                    ("prayer", "Prayer"),
                                    ("admin", "Administrative task"),
                                    ("other", "Other"),
                                ],
                                max_length=10,
                                verbose_name="pause reason",
                            ),
                        ),
                        (
                            "state_changed_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="state changed at"
                            ),
                        ),
                        (
                            "centre",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="counters",
                                to="centre.centre",
                                verbose_name="centre",
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="centre.workprofile",
                                verbose_name="work profile",
                            ),
                        ),
                        (
                            "staff",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="counter",
                                to="staff.staff",
                                verbose_name="employee",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "counter",
                        "verbose_name_plural": "counters",
                        "db_table": "centre_counter",
                        "ordering": ["centre", "number"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("centre", "number"), name="unique_counter_number"
                            )
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="counterevent",
                    name="counter",
                    field=counter_fk(
                        on_delete=django.db.models.deletion.CASCADE, related_name="state_events"
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="counter",
                    field=counter_fk(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="tickets",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticketevent",
                    name="counter",
                    field=counter_fk(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticketstep",
                    name="counter",
                    field=counter_fk(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back, elidable=True),
    ]
