"""Load the demo centres (`demo/data.py`). Idempotent: rows are matched on natural keys,
existing users keep their passwords, and demo tickets are issued only on a day without any.

Also the feedback demo (`seed_feedback_demo`), a registered kiosk per centre, and the daily
aggregates (`aggregate_daily`), so the scorecard shows the demo's day at once."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from centre.models import (
    Bundle,
    BundleItem,
    Centre,
    CentreService,
    Department,
    OpeningHours,
    Service,
)
from demo import data as demo
from demo.history import record_days
from kiosk.models import KioskDevice, hash_token
from queueing import engine
from queueing.errors import QueueError
from queueing.models import Counter, Ticket
from staff.models import Certification, Staff


class Command(BaseCommand):
    help = "Load the demo centres, registry, staff and a few waiting tickets (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            services = seed_registry()
            centres = {spec["code"]: seed_centre(spec, services) for spec in demo.CENTRES}
            seed_people(centres, services)
        amman = centres["amman"]
        recorded = seed_history(amman)
        issued = seed_activity(amman, warn=self.stderr.write)
        for centre in centres.values():
            seed_kiosk(centre)
        # Feedback tablets at every counter, holidays and an evaluation checklist.
        call_command("seed_feedback_demo", stdout=self.stdout)
        call_command("aggregate_daily", stdout=self.stdout)
        lines = [
            f"Registry: {Department.objects.count()} departments, "
            f"{Service.objects.count()} services, {Bundle.objects.count()} bundles."
        ]
        lines += [
            f"Centre {c.code}: {c.offers.count()} services, {c.counters.count()} counters, "
            f"{c.staff.count()} staff."
            for c in centres.values()
        ]
        lines.append(
            f"amman: counters 1–{len(demo.OPEN_COUNTERS)} open, {issued} waiting tickets issued."
            if issued
            else "amman already has tickets today; its queue was left as it is."
        )
        lines.append(
            f"amman: {recorded} past tickets over {HISTORY_WEEKS} weeks for the planner."
            if recorded
            else "amman already has recorded days; its history was left as it is."
        )
        lines.append(
            f"Log-ins use the password {demo.PASSWORD!r}; `manage.py demo_urls` lists them."
        )
        self.stdout.write("\n".join(lines))


def seed_registry() -> dict[str, Service]:
    services = {}
    for dept in demo.DEPARTMENTS:
        department, _ = Department.objects.update_or_create(
            code=dept["code"], defaults={"name_ar": dept["ar"], "name_en": dept["en"]}
        )
        for spec in dept["services"]:
            note = spec.get("fee_note", {"ar": "", "en": ""})
            services[spec["code"]], _ = Service.objects.update_or_create(
                code=spec["code"],
                defaults={
                    "department": department,
                    "name_ar": spec["ar"],
                    "name_en": spec["en"],
                    "fee_kind": spec["fee_kind"],
                    "fee": Decimal(spec["fee"]),
                    "fee_note_ar": note["ar"],
                    "fee_note_en": note["en"],
                    "target_wait_minutes": spec["target"],
                    "standard_service_minutes": spec["standard"],
                    "required_documents": spec["documents"],
                    "conditions": spec["conditions"],
                    "procedure_steps": spec["steps"],
                    "digital_channels": spec["channels"],
                    "is_active": True,
                },
            )
    for spec in demo.BUNDLES:
        bundle, _ = Bundle.objects.update_or_create(
            code=spec["code"],
            defaults={"name_ar": spec["ar"], "name_en": spec["en"], "letter": spec["letter"]},
        )
        for position, code in enumerate(spec["services"]):
            BundleItem.objects.update_or_create(
                bundle=bundle, position=position, defaults={"service": services[code]}
            )
        bundle.items.filter(position__gte=len(spec["services"])).delete()
    return services


def seed_centre(spec: dict, services: dict[str, Service]) -> Centre:
    centre, _ = Centre.objects.update_or_create(
        code=spec["code"],
        defaults={
            "name_ar": spec["ar"],
            "name_en": spec["en"],
            "governorate": spec["governorate"],
            "size_class": spec["size_class"],
            "charter_line_ar": spec["charter_ar"],
            "charter_line_en": spec["charter_en"],
            "is_active": True,
        },
    )
    opens, closes = (dt.time.fromisoformat(value) for value in demo.ALL_DAY)
    for weekday in OpeningHours.Weekday.values:
        OpeningHours.objects.update_or_create(
            centre=centre, weekday=weekday, defaults={"opens": opens, "closes": closes}
        )
    letters = {s["code"]: d["letter"] for d in demo.DEPARTMENTS for s in d["services"]}
    offered = list(services) if spec["services"] == "all" else spec["services"]
    for code in offered:
        CentreService.objects.update_or_create(
            centre=centre,
            service=services[code],
            defaults={"letter": letters[code], "daily_cap": spec["daily_caps"].get(code)},
        )
    for number in range(1, spec["counters"] + 1):
        Counter.objects.get_or_create(centre=centre, number=number)
    return centre


def seed_people(centres: dict[str, Centre], services: dict[str, Service]) -> None:
    users = get_user_model().objects
    if not users.filter(username="admin").exists():
        users.create_superuser("admin", email="", password=demo.PASSWORD)
    for username, first, last, role, centre_code, certified in demo.STAFF:
        user = users.filter(username=username).first() or users.create_user(
            username, password=demo.PASSWORD, first_name=first, last_name=last
        )
        staff, _ = Staff.objects.update_or_create(
            user=user,
            defaults={
                "centre": centres.get(centre_code),
                "role": role,
                "is_universal": certified is None,
            },
        )
        for code in certified or ():
            Certification.objects.get_or_create(staff=staff, service=services[code])


def seed_kiosk(centre: Centre) -> KioskDevice:
    """A registered kiosk with the centre's fixed demo token (`demo_urls` prints its link)."""
    device, _ = KioskDevice.objects.update_or_create(
        token_hash=hash_token(demo.kiosk_token(centre.code)),
        defaults={
            "centre": centre,
            "name": demo.KIOSK_NAME,
            "token_prefix": demo.kiosk_token(centre.code)[:8],
            "is_active": True,
        },
    )
    return device


HISTORY_WEEKS = 8
HISTORY_PER_DAY = 120


def seed_history(centre: Centre) -> int:
    """Eight weeks of recorded days before today (`demo.history`), so the planner shows a real
    forecast and the wait estimators can be back-tested; 0 if the centre has any already."""
    today = centre.service_day()
    days = [today - dt.timedelta(days=k) for k in range(HISTORY_WEEKS * 7, 0, -1)]
    if Ticket.objects.filter(centre=centre, service_day__in=days).exists():
        return 0
    seated = [
        (
            Counter.objects.get(centre=centre, number=number),
            Staff.objects.get(user__username=username),
        )
        for number, username in demo.OPEN_COUNTERS
    ]
    with transaction.atomic():
        return record_days(
            centre=centre,
            days=days,
            per_day=HISTORY_PER_DAY,
            seated=seated,
            rng=random.Random(1),
        )


def seed_activity(centre: Centre, *, warn) -> int:
    """Open counters and issue waiting tickets so screens show something; 0 if already busy."""
    if Ticket.objects.filter(centre=centre, service_day=centre.service_day()).exists():
        return 0
    for number, username in demo.OPEN_COUNTERS:
        counter = Counter.objects.get(centre=centre, number=number)
        staff = Staff.objects.get(user__username=username)
        if counter.staff_id == staff.pk and counter.state != Counter.State.CLOSED:
            continue
        try:
            engine.counter_open(counter=counter, staff=staff)
        except QueueError as error:
            warn(f"Counter {number} left as it is: {error.message}")
    for request, priority, language in demo.DEMO_TICKETS:
        bundle = request if isinstance(request, str) else None
        engine.ticket_issue(
            centre=centre,
            service_codes=None if bundle else request,
            bundle_code=bundle,
            priority=priority,
            language=language,
        )
    return len(demo.DEMO_TICKETS)
