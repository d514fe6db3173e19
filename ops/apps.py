import atexit
import os

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"

    def ready(self):
        from prometheus_client import multiprocess

        from ops import metrics
        from ops.log import log_queue_event
        from queueing.events import queue_event

        queue_event.connect(metrics.count_queue_event, dispatch_uid="ops.count_queue_event")
        queue_event.connect(log_queue_event, dispatch_uid="ops.log_queue_event")
        directory = metrics.multiprocess_dir()
        if directory:
            metrics.forget_dead_processes()
            atexit.register(multiprocess.mark_process_dead, os.getpid(), str(directory))
