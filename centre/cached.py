"""Centres, their opening hours and offers, and the service registry, kept in process.

They (and the public holidays) change a few times a year and were read on every ticket and counter action (four to six
queries a request). Each process keeps one copy; a save or delete of any of these rows bumps a
generation number in the shared cache (Redis in production), and every process reloads its
copy when it sees a new generation (`nafitha.generations`): the process that made the change
at once, every other one within `CACHE_GENERATION_CHECK_SECONDS` (1 s), at the price of one
cache read per process and second instead of the queries.

Queryset `update()`, `bulk_create()` and `bulk_update()` of these models invalidate as well
(`centre.models.InvalidatingQuerySet`).
The cached instances are shared between threads: read them, never change them.
"""

import os
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save

from centre.models import (
    Bundle,
    BundleItem,
    Centre,
    CentreService,
    Department,
    OpeningHours,
    PublicHoliday,
    Service,
)
from nafitha import generations

GENERATION_KEY = "centre-cached-generation"
WATCHED = (
    Centre,
    OpeningHours,
    PublicHoliday,
    Department,
    Service,
    CentreService,
    Bundle,
    BundleItem,
)

_lock = threading.Lock()
_state: dict = {
    "generation": None,
    "centres": {},
    "offers": {},
    "services": None,
    "bundles": None,
    "holidays": None,
}


def _shared_cache() -> bool:
    """Redis (production): every process sees the generation. The embedded default's cache
    is per process, so there the generation is a marker file beside the database, which a
    management command in another process (a registry import, `seed_holidays`) also bumps."""
    return settings.REDIS_URL != ""


def _marker() -> Path:
    return Path(settings.DATA_DIR) / "registry.generation"


def _generation() -> str:
    if not _shared_cache():
        try:
            found = _marker().stat()
        except FileNotFoundError:
            return "none"
        return f"{found.st_ino}.{found.st_mtime_ns}"
    return generations.current(GENERATION_KEY)[0]


def _fresh() -> dict:
    """This process's copy, emptied first if another process (or this one) changed a row."""
    generation = _generation()
    if _state["generation"] != generation:
        with _lock:
            _state.update(
                generation=generation,
                centres={},
                offers={},
                services=None,
                bundles=None,
                holidays=None,
            )
    return _state


def _bump() -> None:
    if _shared_cache():
        generations.bump(GENERATION_KEY)
    else:  # a new file each time: a new inode, whatever the clock's resolution
        marker = _marker()
        marker.parent.mkdir(parents=True, exist_ok=True)
        fresh = marker.with_suffix(f".{uuid.uuid4().hex}")
        fresh.write_text("")
        os.replace(fresh, marker)
    _state["generation"] = None


def invalidate(**kwargs) -> None:
    """Make every process reload: now, for this transaction, and again once it commits, so
    no process keeps what it read before the commit under the new generation."""
    _bump()
    transaction.on_commit(_bump)


def generation() -> str:
    """The registry's current generation: a key for copies built from these rows elsewhere
    (`queueing.waits.centre_capacity`)."""
    return _fresh()["generation"]


def centre(code: str) -> Centre | None:
    """The active centre with this code, its opening hours loaded."""
    state = _fresh()
    if code not in state["centres"]:
        state["centres"][code] = (
            Centre.objects.filter(code=code, is_active=True)
            .prefetch_related("opening_hours")
            .first()
        )
    return state["centres"][code]


def offers(centre_id: int) -> dict[int, CentreService]:
    """The centre's active offers by service id, each with its service and department."""
    state = _fresh()
    found = state["offers"].get(centre_id)
    if found is None:
        found = state["offers"][centre_id] = {
            offer.service_id: offer
            for offer in CentreService.objects.filter(
                centre_id=centre_id, is_active=True
            ).select_related("service__department")
        }
    return found


def services() -> dict[str, Service]:
    """Active registry services by code, each with its department."""
    state = _fresh()
    if state["services"] is None:
        state["services"] = (
            Service.objects.filter(is_active=True)
            .select_related("department")
            .in_bulk(field_name="code")
        )
    return state["services"]


def bundles() -> dict[str, Bundle]:
    """Active bundles by code, each with its items and their services in order."""
    state = _fresh()
    if state["bundles"] is None:
        items = BundleItem.objects.select_related("service__department").order_by("position")
        state["bundles"] = {
            bundle.code: bundle
            for bundle in Bundle.objects.filter(is_active=True).prefetch_related(
                Prefetch("items", items)
            )
        }
    return state["bundles"]


def holidays() -> frozenset:
    """Every confirmed public holiday date (a few dozen rows a decade)."""
    state = _fresh()
    if state["holidays"] is None:
        state["holidays"] = frozenset(
            PublicHoliday.objects.observed().values_list("date", flat=True)
        )
    return state["holidays"]


def connect() -> None:
    for model in WATCHED:
        uid = f"centre.cached.{model.__name__}"
        post_save.connect(invalidate, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(invalidate, sender=model, dispatch_uid=uid + ".delete")
