"""A process that ends right after an action (a management command, a job) still sends the
action's frames: the broadcast thread is flushed at exit, so frames are not dropped and the
centre's ordering lock is not left held in Redis."""

import os
import subprocess
import sys

from django.conf import settings

SCRIPT = """
import sys, time
import django
django.setup()
from realtime import events

def slow_broadcast(centre_id, frames, server_loop=None):
    time.sleep(0.5)
    with open(sys.argv[1], "w") as sent:
        sent.write("sent")

events.broadcast = slow_broadcast
events.publisher.put(1, ())
"""


def test_a_process_ending_after_an_action_sends_its_frames_first(tmp_path):
    sent = tmp_path / "sent"
    subprocess.run(
        [sys.executable, "-c", SCRIPT, str(sent)],
        cwd=settings.BASE_DIR,
        check=True,
        timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "nafitha.settings"},
    )
    assert sent.read_text() == "sent"
