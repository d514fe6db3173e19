"""Planner API under /api/v1/planning/: a centre's day plan (with a what-if) and the national
sizing table (JSON or CSV). The same functions as the pages; errors are {"code", "detail"}."""

import csv
import datetime as dt
import io

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from nafitha.clients import ClientRateThrottle
from nafitha.input import param_date
from planning import pdf, sizing, staffing
from planning.views import what_if_request
from scorecard.api import PERIOD, ScorecardApi
from scorecard.errors import ScorecardError
from scorecard.periods import parse_period

DAY = OpenApiParameter("day", dt.date, description="the day to plan (default: tomorrow)")
COUNTERS = OpenApiParameter("counters", int, description="what-if: counters open")
UNIVERSAL = OpenApiParameter("universal", int, description="what-if: more universal employees")
TYPE = OpenApiParameter("type", str, enum=["json", "csv", "pdf"])
PLAN_TYPE = OpenApiParameter("type", str, enum=["json", "pdf"])


def _hours(plan: staffing.DayPlan) -> list[dict]:
    return [
        {
            "hour": h.hour,
            "arrivals": round(h.arrivals, 2),
            "load": round(h.load, 3),
            "needed_universal": h.pooled,
            "needed_dedicated": h.dedicated,
            "simulated_level": None if h.simulated_level is None else round(h.simulated_level, 3),
            "appointments": round(h.appointments, 2),
            "appointment_level": _round(h.appointment_level),
        }
        for h in plan.hours
    ]


def _round(level: float | None) -> float | None:
    return None if level is None else round(level, 3)


def plan_payload(plan: staffing.DayPlan) -> dict:
    return {
        "day": plan.day,
        "target_level": plan.target_level,
        "employees_seated": plan.staffing.size,
        "expected_arrivals": round(plan.forecast.total, 2),
        "forecast_days_used": plan.forecast.days_used,
        "forecast_mean_absolute_error": plan.forecast.mean_absolute_error,
        "forecast_baseline_error": plan.forecast.baseline_error,
        "forecast_calendar": plan.forecast.kind,
        "forecast_calendar_factor": plan.forecast.factor,
        "peak_needed_universal": plan.peak_pooled,
        "simulated_day_level": plan.day_level,
        "appointments_booked": len(plan.appointments.booked) if plan.appointments else 0,
        "appointments_from": plan.appointments.source if plan.appointments else None,
        "appointment_no_show_share": (
            _round(plan.appointments.punctuality.no_show) if plan.appointments else None
        ),
        "simulated_appointment_level": _round(plan.appointment_level),
        "hours": _hours(plan),
    }


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PlanningApi(ScorecardApi):
    throttle_classes = [ClientRateThrottle]
    throttle_scope = "planning"


class CentrePlanApi(PlanningApi):
    """Counters needed per hour, the simulated service level with the centre's staff, and
    with a what-if staffing when `counters` or `universal` is given."""

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[DAY, COUNTERS, UNIVERSAL, PLAN_TYPE])
    def get(self, request, code):
        centre = self.centre(code)
        day = param_date(
            request.query_params, "day", default=centre.service_day() + dt.timedelta(days=1)
        )
        kind = request.query_params.get("type", "json")
        if kind not in ("json", "pdf"):
            raise ScorecardError("format_unknown")
        asked = what_if_request(request.query_params, centre, day)
        if kind == "pdf":
            plan = staffing.plan_day(centre=centre, day=day, staffing=asked)
            return _pdf(pdf.plan_pdf(plan), f"plan-{centre.code}-{day.isoformat()}.pdf")
        body = {
            "centre": centre.code,
            "plan": plan_payload(staffing.plan_day(centre=centre, day=day)),
        }
        if asked is not None:
            body["what_if"] = plan_payload(
                staffing.plan_day(centre=centre, day=day, staffing=asked)
            )
        return Response(body)


def sizing_rows(table: list[sizing.CentreSize]) -> list[dict]:
    return [
        {
            "centre": row.centre.code,
            "name_ar": row.centre.name_ar,
            "name_en": row.centre.name_en,
            "size_class": row.centre.size_class,
            "open_days": row.days,
            "arrivals_per_day": round(row.arrivals_per_day, 1),
            "peak_hour": row.peak_hour,
            "peak_arrivals": round(row.peak_arrivals, 1),
            "mean_service_minutes": round(row.service_minutes, 1),
            "target_minutes": round(row.target_minutes, 1),
            "counters_needed": row.needed,
            "counters_installed": row.installed,
            "gap": row.gap,
            "service_level": None if row.service_level is None else round(row.service_level, 3),
        }
        for row in table
    ]


class NationalSizingApi(PlanningApi):
    """Every centre's counters needed at its busiest hour against those installed."""

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[PERIOD, TYPE])
    def get(self, request):
        self.national_allowed()
        period = parse_period(request.query_params.get("period"))
        found = sizing.national_sizing(period)
        rows = sizing_rows(found)
        kind = request.query_params.get("type", "json")
        if kind == "pdf":
            return _pdf(pdf.sizing_pdf(found, period.key), f"sizing-{period.key}.pdf")
        if kind == "json":
            return Response({"period": period.key, "centres": rows})
        if kind != "csv":
            raise ScorecardError("format_unknown")
        out = io.StringIO()
        out.write("\ufeff")  # Excel opens UTF-8 Arabic names correctly with a BOM
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["centre"])
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sizing-{period.key}.csv"'
        return response
