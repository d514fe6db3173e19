"""Render printed tickets (80 mm PDF with shaped Arabic and a QR code): ms per ticket, tickets/s.

Times `kiosk.pdf.render_ticket` alone: the data a ticket prints is read from the database
before rendering, so this is the cost a kiosk request adds on top of issuing the ticket.
"""

import argparse
import dataclasses
import datetime as dt
import os
import time
import zoneinfo

from bench.common import percentile, print_table


def _samples():
    from kiosk.pdf import TicketPrint

    now = dt.datetime(2026, 11, 24, 10, 35, tzinfo=zoneinfo.ZoneInfo("Asia/Amman"))
    arabic = TicketPrint(
        language="ar",
        centre_name="مركز الخدمات الحكومية الشامل - عمّان",
        number="أ-٠٠١",
        number_latin="A-001",
        services=["تجديد جواز السفر العادي"],
        bundle="",
        priority="كبار السن",
        position=12,
        wait_seconds=1500,
        issued_at=now,
        tracking_url="https://nafitha.example.jo/t/Jq3v9Xr2bT0kLmN8pQs1Aw/",
        feedback_url="https://nafitha.example.jo/feedback/Jq3v9Xr2bT0kLmN8pQs1Aw/",
        charter_line="نلتزم بخدمتك خلال وقت الانتظار المعلن لكل خدمة، وبالاحترام والشفافية.",
    )
    english = dataclasses.replace(
        arabic,
        language="en",
        number="A-001",
        centre_name="Amman Comprehensive Government Service Centre",
        services=["Ordinary passport renewal", "Driving licence renewal"],
        bundle="Travel bundle",
        priority="Elderly",
        charter_line="We serve you within the published waiting time for each service.",
    )
    return {"ar": arabic, "en": english}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench ticket-pdf", description=__doc__)
    parser.add_argument("-n", type=int, default=500, help="tickets per language (default 500)")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nafitha.settings")
    import django

    django.setup()
    from django.utils import translation

    from kiosk.pdf import fonts, render_ticket

    start = time.perf_counter()
    fonts()
    load_ms = (time.perf_counter() - start) * 1000
    rows = []
    for language, sample in _samples().items():
        with translation.override(language):
            first = time.perf_counter()
            render_ticket(sample)
            cold_ms = (time.perf_counter() - first) * 1000
            times, size = [], 0
            began, cpu_began = time.perf_counter(), time.process_time()
            for index in range(args.n):
                data = dataclasses.replace(
                    sample, number=f"A-{index % 1000:03d}", position=index % 40
                )
                tick = time.perf_counter()
                size = len(render_ticket(data))
                times.append((time.perf_counter() - tick) * 1000)
            total = time.perf_counter() - began
            cpu_ms = (time.process_time() - cpu_began) * 1000 / args.n
        rows.append(
            [
                language,
                args.n,
                f"{cold_ms:.1f}",
                f"{percentile(times, 50):.2f}",
                f"{percentile(times, 99):.2f}",
                f"{max(times):.2f}",
                f"{cpu_ms:.2f}",
                f"{args.n / total:.0f}",
                f"{size / 1024:.0f}",
            ]
        )
    print(f"font registration: {load_ms:.0f} ms (once per process)")
    print_table(
        [
            "lang",
            "tickets",
            "first ms",
            "p50 ms",
            "p99 ms",
            "max ms",
            "CPU ms/ticket",
            "tickets/s",
            "PDF KiB",
        ],
        rows,
    )
