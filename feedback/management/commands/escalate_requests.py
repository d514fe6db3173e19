"""Escalate overdue citizen requests; run every few minutes (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from feedback.services import requests_escalate


class Command(BaseCommand):
    help = "Escalate open complaints, suggestions, inquiries and reports past their deadline."

    def handle(self, *args, **options):
        escalated = requests_escalate()
        for request in escalated:
            self.stdout.write(f"{request.reference} escalated to level {request.escalation_level}")
        self.stdout.write(f"{len(escalated)} request(s) escalated")
