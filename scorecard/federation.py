"""The federation daily feed: export this instance's aggregates, import other instances'.

A feed is one JSON document (schema "nafitha.scorecard.feed", version 1, docs/scorecard.md):
the centres and registry services it mentions, then one entry per centre-day holding the
CentreDay figures and the per-service figures. It carries aggregates only — no tickets,
names of people or phone numbers.

Import validates the whole file (JSON Schema, then cross-references) before touching the
database, then replaces each (centre, day) in one transaction. A day whose content digest
is unchanged is skipped, so re-importing a feed, or overlapping feeds from an instance
that was offline for days, changes nothing twice.
"""

import datetime as dt
import hashlib
import json

import jsonschema
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from centre.models import Centre, Department, Service
from scorecard.aggregation import local_centres, month_of, refresh_month
from scorecard.models import CentreDay, FederatedCentre, Figures, ImportedDay, ServiceDay

SCHEMA_NAME = "nafitha.scorecard.feed"
VERSION = 1
CENTRE_FIELDS = ("code", "name_ar", "name_en", "governorate", "size_class", "timezone")
SERVICE_FIELDS = ("code", "name_ar", "name_en", "target_wait_minutes", "standard_service_minutes")
JSON_FIELDS = {"arrivals_by_hour", "served_by_hour", "by_channel", "by_priority"}
CENTRE_FIGURES = (
    *Figures.ADDITIVE,
    *Figures.PERCENTILES,
    *CentreDay.CENTRE_ADDITIVE,
    "visit_p50",
    "visit_p90",
    "peak_waiting",
    *sorted(JSON_FIELDS),
)
SERVICE_FIGURES = (*Figures.ADDITIVE, *Figures.PERCENTILES)


class FeedError(Exception):
    """The feed is refused as a whole; nothing was changed."""


def _figure_schema(names) -> dict:
    number = {"type": "number", "minimum": 0}
    props = {}
    for name in names:
        if name in ("arrivals_by_hour", "served_by_hour"):
            props[name] = {
                "type": "array",
                "items": {"type": "integer", "minimum": 0},
                "minItems": 24,
                "maxItems": 24,
            }
        elif name in ("by_channel", "by_priority"):
            props[name] = {"type": "object", "additionalProperties": {"type": "object"}}
        elif name.endswith(("_p50", "_p90")):
            props[name] = {"type": ["number", "null"], "minimum": 0}
        else:
            props[name] = number
    return {
        "type": "object",
        "properties": props,
        "required": list(names),
        "additionalProperties": False,
    }


def feed_schema() -> dict:
    """JSON Schema of version 1 of the feed."""
    text = {"type": "string", "minLength": 1, "maxLength": 200}
    code = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 60}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Nafitha scorecard daily feed, version 1",
        "type": "object",
        "required": [
            "schema",
            "version",
            "instance",
            "generated_at",
            "centres",
            "services",
            "days",
        ],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": SCHEMA_NAME},
            "version": {"const": VERSION},
            "instance": text,
            "generated_at": {"type": "string"},
            "centres": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": list(CENTRE_FIELDS),
                    "properties": {
                        **{f: text for f in CENTRE_FIELDS},
                        "code": code,
                        "size_class": {"enum": [c.value for c in Centre.SizeClass]},
                    },
                },
            },
            "services": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [*SERVICE_FIELDS, "department"],
                    "properties": {
                        **{f: text for f in SERVICE_FIELDS},
                        "code": code,
                        "target_wait_minutes": {"type": "integer", "minimum": 1},
                        "standard_service_minutes": {"type": "integer", "minimum": 1},
                        "department": {
                            "type": "object",
                            "required": ["code", "name_ar", "name_en"],
                            "additionalProperties": False,
                            "properties": {"code": code, "name_ar": text, "name_en": text},
                        },
                    },
                },
            },
            "days": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["centre", "day", "figures", "services"],
                    "properties": {
                        "centre": code,
                        "day": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                        "figures": _figure_schema(CENTRE_FIGURES),
                        "services": {
                            "type": "object",
                            "additionalProperties": _figure_schema(SERVICE_FIGURES),
                        },
                    },
                },
            },
        },
    }


# --- Export ------------------------------------------------------------------------------


def export_feed(start: dt.date, end: dt.date, codes: list[str] | None = None) -> dict:
    """This instance's own centre-days from `start` to `end` (inclusive) as a feed."""
    centres = local_centres(codes)
    rows = list(
        CentreDay.objects.filter(centre__in=centres, day__gte=start, day__lte=end)
        .select_related("centre")
        .order_by("centre__code", "day")
    )
    service_rows = ServiceDay.objects.filter(centre__in=centres, day__gte=start, day__lte=end)
    per_day: dict[tuple, dict] = {}
    service_ids = set()
    for row in service_rows.values("centre_id", "day", "service_id", *SERVICE_FIGURES):
        key = (row.pop("centre_id"), row.pop("day"))
        service_ids.add(row["service_id"])
        per_day.setdefault(key, {})[row.pop("service_id")] = row
    services = Service.objects.select_related("department").in_bulk(service_ids)
    return {
        "schema": SCHEMA_NAME,
        "version": VERSION,
        "instance": settings.SCORECARD_INSTANCE,
        "generated_at": timezone.now().isoformat(),
        "centres": [{f: getattr(c, f) for f in CENTRE_FIELDS} for c in {r.centre for r in rows}],
        "services": [
            {
                **{f: getattr(s, f) for f in SERVICE_FIELDS},
                "department": {f: getattr(s.department, f) for f in ("code", "name_ar", "name_en")},
            }
            for s in sorted(services.values(), key=lambda s: s.code)
        ],
        "days": [
            {
                "centre": row.centre.code,
                "day": row.day.isoformat(),
                "figures": {f: getattr(row, f) for f in CENTRE_FIGURES},
                "services": {
                    services[sid].code: figures
                    for sid, figures in sorted(per_day.get((row.centre_id, row.day), {}).items())
                },
            }
            for row in rows
        ],
    }


# --- Import ------------------------------------------------------------------------------


def validate_feed(feed) -> None:
    if not isinstance(feed, dict) or feed.get("schema") != SCHEMA_NAME:
        raise FeedError(f"not a {SCHEMA_NAME} document")
    if feed.get("version") != VERSION:
        raise FeedError(
            f"unsupported feed version {feed.get('version')!r}; this instance reads {VERSION}"
        )
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(feed_schema()).iter_errors(feed)
    )
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise FeedError(f"{where}: {error.message}")
    centres = {c["code"] for c in feed["centres"]}
    services = {s["code"] for s in feed["services"]}
    seen = set()
    for entry in feed["days"]:
        try:
            dt.date.fromisoformat(entry["day"])
        except ValueError as exc:
            raise FeedError(f"not a date: {entry['day']}") from exc
        if entry["centre"] not in centres:
            raise FeedError(
                f"day {entry['day']} names centre {entry['centre']!r}, not listed in centres"
            )
        unknown = set(entry["services"]) - services
        if unknown:
            raise FeedError(f"day {entry['day']} names unlisted services {sorted(unknown)}")
        if (entry["centre"], entry["day"]) in seen:
            raise FeedError(f"centre {entry['centre']} day {entry['day']} appears twice")
        seen.add((entry["centre"], entry["day"]))
    federated = set(FederatedCentre.objects.values_list("centre__code", flat=True))
    local = set(
        Centre.objects.filter(code__in=centres)
        .exclude(code__in=federated)
        .values_list("code", flat=True)
    )
    if local:
        raise FeedError(
            f"centres {sorted(local)} are run by this instance; a feed may not overwrite them"
        )


def _digest(entry: dict) -> str:
    return hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()


def import_feed(feed) -> dict:
    """Validate, then apply a feed; returns how many centre-days were written or unchanged."""
    validate_feed(feed)
    written = unchanged = 0
    touched = set()
    with transaction.atomic():
        centres = {}
        for data in feed["centres"]:
            centre, _ = Centre.objects.update_or_create(
                code=data["code"], defaults={**data, "is_active": False}
            )
            FederatedCentre.objects.update_or_create(
                centre=centre, defaults={"instance": feed["instance"]}
            )
            centres[centre.code] = centre
        services = {}
        for data in feed["services"]:
            dept = data["department"]
            department, _ = Department.objects.get_or_create(
                code=dept["code"], defaults={"name_ar": dept["name_ar"], "name_en": dept["name_en"]}
            )
            fields = {f: data[f] for f in SERVICE_FIELDS if f != "code"}
            services[data["code"]], _ = Service.objects.get_or_create(
                code=data["code"], defaults={**fields, "department": department, "is_active": False}
            )
        for entry in feed["days"]:
            centre, day, digest = (
                centres[entry["centre"]],
                dt.date.fromisoformat(entry["day"]),
                _digest(entry),
            )
            if ImportedDay.objects.filter(centre=centre, day=day, digest=digest).exists():
                unchanged += 1
                continue
            ServiceDay.objects.filter(centre=centre, day=day).delete()
            CentreDay.objects.filter(centre=centre, day=day).delete()
            CentreDay.objects.create(
                centre=centre, day=day, origin=feed["instance"], **entry["figures"]
            )
            ServiceDay.objects.bulk_create(
                ServiceDay(centre=centre, day=day, service=services[code], **figures)
                for code, figures in entry["services"].items()
            )
            ImportedDay.objects.update_or_create(
                centre=centre, day=day, defaults={"digest": digest}
            )
            touched.add((centre.pk, month_of(day)[0]))
            written += 1
        for centre_id, month in touched:
            refresh_month([centre_id], month)
    return {"written": written, "unchanged": unchanged}
