from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountersConfig(AppConfig):
    name = "counters"
    verbose_name = _("Counters")

    def ready(self):
        from counters.receivers import record_pauses
        from queueing.events import queue_changed

        queue_changed.connect(record_pauses, dispatch_uid="counters.record_pauses")
