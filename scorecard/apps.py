from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Scorecard"

    def ready(self):
        from queueing.events import queue_changed
        from scorecard import receivers

        queue_changed.connect(
            receivers.keep_counter_history, dispatch_uid="scorecard.counter_history"
        )
