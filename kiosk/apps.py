from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KioskConfig(AppConfig):
    name = "kiosk"
    verbose_name = _("Kiosks and notifications")

    def ready(self):
        from kiosk.notify import on_queue_changed
        from queueing.events import queue_changed

        queue_changed.connect(on_queue_changed, dispatch_uid="kiosk.notify")
