"""Scorecard API under /api/v1/scorecard/: national table, centre cards, exports, frameworks,
the live dashboard snapshot and the federation feed. Errors are {"code", "detail"}."""

import csv
import io

from django.db import transaction
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from centre.models import Centre
from nafitha.schema import OBJECT_LIST
from scorecard import report
from scorecard.access import can_see_centre, can_see_national, sees_names, staff_of
from scorecard.dashboard import dashboard_snapshot
from scorecard.errors import ScorecardError
from scorecard.federation import export_feed, feed_schema
from scorecard.models import Framework
from scorecard.periods import parse_period
from scorecard.selectors import centre_card, load_framework, national

PERIOD = OpenApiParameter(
    "period", str, description="2026-11-24, 2026-W48, 2026-11, 2026-Q4 or 2026"
)
FRAMEWORK = OpenApiParameter(
    "framework", str, description="framework code (default framework if absent)"
)
TYPE = OpenApiParameter("type", str, enum=["json", "csv", "pdf"])


class ScorecardApi(APIView):
    def staff(self):
        return staff_of(self.request.user)

    def centre(self, code: str) -> Centre:
        centre = Centre.objects.filter(code=code).first()
        if centre is None:
            raise ScorecardError("centre_unknown")
        if not can_see_centre(self.staff(), centre):
            raise ScorecardError("forbidden")
        return centre

    def national_allowed(self) -> None:
        if not can_see_national(self.staff()):
            raise ScorecardError("forbidden")

    def query(self):
        period = parse_period(self.request.query_params.get("period"))
        return period, load_framework(self.request.query_params.get("framework"))


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv(rows: list[list]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return "\ufeff" + buffer.getvalue()  # BOM: spreadsheets then read the Arabic as UTF-8


DIMENSION_CODES = ("A", "B", "C", "D", "E")


def national_csv(table: list[dict]) -> str:
    header = [
        "rank",
        "rank_in_class",
        "code",
        "name_ar",
        "name_en",
        "size_class",
        "score",
        "stars",
        "previous_score",
        "change",
        "small_sample",
        *(f"dimension_{c}" for c in DIMENSION_CODES),
    ]
    rows = [header]
    for r in table:
        dims = {d["code"]: d["score"] for d in r["dimensions"]}
        c = r["centre"]
        rows.append(
            [
                r["rank"],
                r["rank_in_class"],
                c["code"],
                c["name_ar"],
                c["name_en"],
                c["size_class"],
                r["score"],
                r["stars"],
                r["previous_score"],
                r["change"],
                r["small_sample"],
                *(dims.get(code) for code in DIMENSION_CODES),
            ]
        )
    return _csv(rows)


def centre_csv(card: dict) -> str:
    rows = [["dimension", "metric", "value", "n", "floor", "target", "score", "small_sample"]]
    for d in card["dimensions"]:
        rows += [
            [
                d["code"],
                i["metric"],
                i["value"],
                i["n"],
                i["floor"],
                i["target"],
                i["score"],
                i["small_sample"],
            ]
            for i in d["indicators"]
        ]
    rows += [
        [],
        [
            "department",
            "service",
            "arrivals",
            "served",
            "service_level",
            "mean_wait_minutes",
            "p90_wait_minutes",
            "walk_out_rate",
        ],
    ]
    for dept in card["departments"]:
        for s in [dept, *dept["services"]]:
            rows.append(
                [
                    dept["code"],
                    s["code"] if s is not dept else "",
                    s["arrivals"],
                    s["served"],
                    s["service_level"],
                    s["mean_wait_minutes"],
                    s["p90_wait_minutes"],
                    s["walk_out_rate"],
                ]
            )
    return _csv(rows)


class NationalApi(ScorecardApi):
    """Every centre of the period, scored, ranked (overall and within its size class)."""

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[PERIOD, FRAMEWORK])
    def get(self, request):
        self.national_allowed()
        period, spec = self.query()
        return Response(
            {"period": period.key, "framework": spec.code, "centres": national(period, spec)}
        )


class NationalExportApi(ScorecardApi):
    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[PERIOD, FRAMEWORK, TYPE])
    def get(self, request):
        self.national_allowed()
        period, spec = self.query()
        kind = request.query_params.get("type", "csv")
        table = national(period, spec)
        name = f"scorecard-{period.key}"
        if kind == "csv":
            return _download(national_csv(table), "text/csv; charset=utf-8", f"{name}.csv")
        if kind == "pdf":
            return _download(
                report.national_report(
                    table,
                    period.key,
                    spec.code,
                    [c.as_json() for c in Centre.objects.filter(is_active=True)],
                ),
                "application/pdf",
                f"{name}.pdf",
            )
        if kind == "json":
            return Response(
                {"period": period.key, "framework": spec.code, "centres": table},
                headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
            )
        raise ScorecardError("format_unknown")


class CentreCardApi(ScorecardApi):
    """One centre's card: score, stars, ranks, change, dimensions, drill-down and trend."""

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[PERIOD, FRAMEWORK])
    def get(self, request, code):
        centre = self.centre(code)
        period, spec = self.query()
        return Response(centre_card(centre, period, spec))


class CentreExportApi(ScorecardApi):
    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=[PERIOD, FRAMEWORK, TYPE])
    def get(self, request, code):
        centre = self.centre(code)
        period, spec = self.query()
        kind = request.query_params.get("type", "pdf")
        card = centre_card(centre, period, spec)
        name = f"scorecard-{centre.code}-{period.key}"
        if kind == "pdf":
            return _download(report.centre_report(card), "application/pdf", f"{name}.pdf")
        if kind == "csv":
            return _download(centre_csv(card), "text/csv; charset=utf-8", f"{name}.csv")
        if kind == "json":
            return Response(
                card, headers={"Content-Disposition": f'attachment; filename="{name}.json"'}
            )
        raise ScorecardError("format_unknown")


class DashboardApi(ScorecardApi):
    """The live dashboard snapshot (the socket pushes the same after every event)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, code):
        centre = self.centre(code)
        return Response(dashboard_snapshot(centre, names=sees_names(self.staff())))


def _framework_data(framework: Framework) -> dict:
    return {
        "code": framework.code,
        "name_ar": framework.name_ar,
        "name_en": framework.name_en,
        "is_default": framework.is_default,
        "min_sample": framework.min_sample,
        "problems": framework.problems(),
        "dimensions": [
            {
                "code": d.code,
                "name_ar": d.name_ar,
                "name_en": d.name_en,
                "weight": d.weight,
                "indicators": [
                    {"metric": i.metric, "floor": i.floor, "target": i.target, "weight": i.weight}
                    for i in d.indicators.all()
                ],
            }
            for d in framework.dimensions.all()
        ],
        "bands": [{"min_score": b.min_score, "stars": b.stars} for b in framework.bands.all()],
        "caps": [
            {"kind": c.kind, "metric": c.metric, "threshold": c.threshold, "max_stars": c.max_stars}
            for c in framework.caps.all()
        ],
    }


def _frameworks():
    return Framework.objects.prefetch_related("dimensions__indicators", "bands", "caps")


class FrameworkListApi(ScorecardApi):
    @extend_schema(responses=OBJECT_LIST, operation_id="scorecard_frameworks_list")
    def get(self, request):
        self.national_allowed()
        return Response([_framework_data(f) for f in _frameworks()])


class FrameworkWeightsApi(ScorecardApi):
    """Set a framework's dimension weights, e.g. {"A": 35, "B": 25, ...}; they must sum to 100."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, code):
        self.national_allowed()
        framework = _frameworks().filter(code=code).first()
        if framework is None:
            raise ScorecardError("framework_unknown")
        return Response(_framework_data(framework))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def put(self, request, code):
        self.national_allowed()
        framework = _frameworks().filter(code=code).first()
        if framework is None:
            raise ScorecardError("framework_unknown")
        dims = {d.code: d for d in framework.dimensions.all()}
        weights = request.data if isinstance(request.data, dict) else {}
        if set(weights) != set(dims) or not all(
            type(w) is int and 0 <= w <= 100 for w in weights.values()
        ):
            raise ScorecardError("weights_invalid", codes=", ".join(sorted(dims)))
        if sum(weights.values()) != 100:
            raise ScorecardError("weights_sum", sum=sum(weights.values()))
        with transaction.atomic():
            for code_, weight in weights.items():
                dims[code_].weight = weight
                dims[code_].save(update_fields=["weight"])
        return Response(_framework_data(_frameworks().get(pk=framework.pk)))


class FeedApi(ScorecardApi):
    """This instance's daily feed (aggregates only) for a national instance to import."""

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("from", str), OpenApiParameter("to", str)],
    )
    def get(self, request):
        self.national_allowed()
        first = parse_period(request.query_params.get("from"))
        last = parse_period(request.query_params.get("to") or request.query_params.get("from"))
        return Response(export_feed(first.start, last.end))


class FeedSchemaApi(APIView):
    """JSON Schema of the feed, version 1."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(feed_schema())
