from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisplaysConfig(AppConfig):
    name = "displays"
    verbose_name = _("Displays")

    def ready(self):
        from displays.speech import announce_call
        from realtime.events import add_frame_hook

        add_frame_hook(announce_call)
