import atexit
import os

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"

    def ready(self):
        from prometheus_client import multiprocess

        from ops import metrics
        from ops.log import log_queue_events
        from queueing.events import queue_changed

        queue_changed.connect(metrics.count_queue_events, dispatch_uid="ops.count_queue_events")
        queue_changed.connect(log_queue_events, dispatch_uid="ops.log_queue_events")
        directory = metrics.multiprocess_dir()
        if directory:
            metrics.forget_dead_processes()
            atexit.register(multiprocess.mark_process_dead, os.getpid(), str(directory))
