"""The staffing plan and the national sizing table as printable A4 PDFs, English and Arabic
side by side, drawn with the same helpers as the scorecard reports (`nafitha.pdf`: each line
wrapped, then shaped and put in visual order)."""

from django.utils.translation import gettext_lazy as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from nafitha.arabic import arabic_digits
from nafitha.pdf import (
    LRI,
    PDI,
    Columns,
    bilingual_header,
    document,
    in_both,
    report_styles,
    table,
)
from planning.sizing import CentreSize
from planning.staffing import DayPlan

PLAN_TITLE = _("Staffing plan")
SIZING_TITLE = _("Centre sizing")
HOUR = _("Hour")
ARRIVALS = _("Expected arrivals")
NEEDED_UNIVERSAL = _("Counters needed (universal employees)")
NEEDED_DEDICATED = _("Counters needed (one queue per service)")
LEVEL = _("Walk-in service level with today's staff")
APPOINTMENT_LEVEL = _("Appointments called within their slot")
FORECAST_ERROR = _("Forecast error (citizens per hour)")
PEAK = _("Counters needed at the peak")
CENTRE = _("Centre")
PEAK_HOUR = _("Busiest hour")
INSTALLED = _("Installed")
GAP = _("Gap")


def _num(value, digits: int = 1) -> tuple[str, str]:
    """A number for the English and the Arabic column."""
    if value is None:
        return "—", "—"
    text = f"{value:.{digits}f}"
    return text, arabic_digits(text)


def _percent(value) -> tuple[str, str]:
    return _num(None if value is None else value * 100, 0)


def _header(story, styles, title, name_en: str, name_ar: str, when: str) -> None:
    title_en, title_ar = in_both(title)
    bilingual_header(
        story,
        styles,
        title_en=title_en,
        title_ar=title_ar,
        line_en=f"{name_en} · {when}",
        line_ar=f"{name_ar} · {LRI}{when}{PDI}",
    )


def _facts(rows: list[tuple]) -> object:
    """Label | value | value | label (Arabic), for a few key figures."""
    columns = Columns(60 * mm, 25 * mm, 25 * mm, 60 * mm, arabic=(2, 3))
    body = []
    for label, (en, ar) in rows:
        label_en, label_ar = in_both(label)
        body.append(columns.row([label_en, en, ar, label_ar]))
    return table(body, columns, header=False)


def plan_pdf(plan: DayPlan) -> bytes:
    styles = report_styles()
    story = []
    centre = plan.centre
    _header(story, styles, PLAN_TITLE, centre.name_en, centre.name_ar, plan.day.isoformat())
    story.append(
        _facts(
            [
                (ARRIVALS, _num(plan.forecast.total, 0)),
                (FORECAST_ERROR, _num(plan.forecast.mean_absolute_error)),
                (PEAK, _num(plan.peak_pooled, 0)),
                (LEVEL, _percent(plan.day_level)),
                *(
                    [(APPOINTMENT_LEVEL, _percent(plan.appointment_level))]
                    if plan.appointments and plan.appointments.booked
                    else []
                ),
            ]
        )
    )
    story.append(Spacer(1, 4 * mm))
    columns = Columns(*(170 * mm / 5,) * 5)
    heads = [in_both(t) for t in (HOUR, ARRIVALS, NEEDED_UNIVERSAL, NEEDED_DEDICATED, LEVEL)]
    rows = [columns.row(["\n".join(pair) for pair in heads], bold=True)]
    for hour in plan.hours:
        cells = [
            _num(hour.hour, 0),
            _num(hour.arrivals),
            _num(hour.pooled, 0),
            _num(hour.dedicated, 0),
            _percent(hour.simulated_level),
        ]
        rows.append(columns.row([en for en, _ar in cells]))
    story.append(table(rows, columns))
    return document(story, title="Nafitha staffing plan")


def sizing_pdf(rows: list[CentreSize], period: str) -> bytes:
    styles = report_styles()
    story = []
    _header(story, styles, SIZING_TITLE, "Jordan", "الأردن", period)
    columns = Columns(40 * mm, 40 * mm, 22 * mm, 22 * mm, 23 * mm, 23 * mm, arabic=(1,))
    titles = (CENTRE, CENTRE, PEAK_HOUR, PEAK, INSTALLED, GAP)
    heads = [in_both(t) for t in titles]
    header = [heads[0][0], heads[1][1]] + ["\n".join(pair) for pair in heads[2:]]
    body = [columns.row(header, bold=True)]
    for row in rows:
        values = [row.peak_hour, row.needed, row.installed, row.gap]
        body.append(
            columns.row(
                [row.centre.name_en, row.centre.name_ar]
                + ["—" if v is None else f"{v}" for v in values]
            )
        )
    story.append(table(body, columns))
    return document(story, title="Nafitha centre sizing")
