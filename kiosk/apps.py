from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KioskConfig(AppConfig):
    name = "kiosk"
    verbose_name = _("Kiosks and notifications")

    def ready(self):
        from kiosk.notify import write_outbox
        from queueing.events import queue_changing

        queue_changing.connect(write_outbox, dispatch_uid="kiosk.notify")
