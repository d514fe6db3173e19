from django.db import migrations


def install(apps, schema_editor):
    from scorecard.defaults import install as install_default

    names = ("Framework", "Dimension", "Indicator", "StarBand", "StarCap")
    install_default(*(apps.get_model("scorecard", name) for name in names))


class Migration(migrations.Migration):
    dependencies = [("scorecard", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
