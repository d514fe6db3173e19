# Public holidays move next to opening hours (centre.PublicHoliday): the hand-typed rows
# are copied as confirmed, then the feedback table goes.

from django.db import migrations


def copy_holidays(apps, schema_editor):
    Holiday = apps.get_model("feedback", "Holiday")
    PublicHoliday = apps.get_model("centre", "PublicHoliday")
    for row in Holiday.objects.all():
        PublicHoliday.objects.get_or_create(
            date=row.date,
            defaults={
                "name_ar": row.name_ar,
                "name_en": row.name_en or row.name_ar,
                "confirmed": True,
            },
        )


def copy_back(apps, schema_editor):
    Holiday = apps.get_model("feedback", "Holiday")
    PublicHoliday = apps.get_model("centre", "PublicHoliday")
    for row in PublicHoliday.objects.filter(confirmed=True):
        Holiday.objects.get_or_create(
            date=row.date, defaults={"name_ar": row.name_ar, "name_en": row.name_en}
        )


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0003_field_verbose_names'),
        ('centre', '0005_public_holidays'),
    ]

    operations = [
        migrations.RunPython(copy_holidays, copy_back),
        migrations.DeleteModel(
            name='Holiday',
        ),
    ]
