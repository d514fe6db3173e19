from django.db import migrations

DEFAULT_CLASSES = [
    ("disability", "ذوو الإعاقة", "People with disabilities", 3),
    ("elderly", "كبار السن", "Elderly", 2),
    ("pregnancy", "الحوامل", "Pregnant women", 2),
    ("appointment", "موعد مسبق", "Appointment", 1),
]


def add_classes(apps, schema_editor):
    PriorityClass = apps.get_model("queueing", "PriorityClass")
    for code, name_ar, name_en, rank in DEFAULT_CLASSES:
        PriorityClass.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en, "rank": rank}
        )


class Migration(migrations.Migration):
    dependencies = [("queueing", "0002_initial")]
    operations = [migrations.RunPython(add_classes, migrations.RunPython.noop)]
