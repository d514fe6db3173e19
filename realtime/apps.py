from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    """The live-update protocol every socket of Nafitha speaks (docs/realtime.md)."""

    name = "realtime"

    def ready(self):
        from queueing.events import queue_changed
        from realtime.events import on_queue_changed

        queue_changed.connect(on_queue_changed, dispatch_uid="realtime.broadcast")
