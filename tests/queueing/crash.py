"""A worker that dies between commit and the after-commit receivers, on a SQLite file.

`python -m tests.queueing.crash DATA_DIR STEP`, run once per step by test_must_keep.py:
`setup` builds a centre with an open counter; `pause` and
`issue` each commit one engine action and then kill the process (os._exit) the moment the
after-commit receivers would run; `report` prints, as JSON, what the database kept.
"""

import json
import os
import sys


def main(data_dir: str, step: str) -> None:
    os.environ.update(NAFITHA_DATA_DIR=data_dir, DATABASE_URL="", REDIS_URL="")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nafitha.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.NAFITHA_NOTIFY_IMMEDIATE = "off"

    from kiosk.models import Notification
    from queueing import engine, events
    from queueing.models import Counter, CounterEvent, Ticket
    from staff.models import Staff

    if step == "setup":
        from django.core.management import call_command

        from tests.queueing.race import build_world

        call_command("migrate", verbosity=0)
        build_world(1)
        return
    counter = Counter.objects.get(number=1)
    staff = Staff.objects.get(user__username="agent1")
    if step == "report":
        print(
            json.dumps(
                {
                    "counter": list(
                        CounterEvent.objects.order_by("pk").values_list(
                            "state", "reason", "staff__user__username"
                        )
                    ),
                    "tickets": Ticket.objects.count(),
                    "outbox": list(Notification.objects.values_list("kind", "phone", "status")),
                }
            )
        )
        return

    def die(batch):
        os._exit(17)  # the process is killed right after COMMIT, before any receiver runs

    events._send = die
    if step == "pause":
        engine.counter_pause(counter=counter, staff=staff, reason="prayer")
    elif step == "issue":
        engine.ticket_issue(
            centre=counter.centre,
            service_codes=["passport-renewal"],
            phone="+962791234567",
        )
    raise SystemExit(f"step {step!r} returned: the process should have died after commit")


if __name__ == "__main__":
    main(*sys.argv[1:])
