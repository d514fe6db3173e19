from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisplaysConfig(AppConfig):
    name = "displays"
    verbose_name = _("Displays")

    def ready(self):
        from displays.events import on_queue_changed
        from queueing.events import queue_changed

        queue_changed.connect(on_queue_changed, dispatch_uid="displays.broadcast")
