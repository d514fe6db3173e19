from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentreConfig(AppConfig):
    name = "centre"
    verbose_name = _("Centres and services")

    def ready(self):
        from centre import cached

        cached.connect()
