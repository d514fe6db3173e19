"""Requesters' personal data is removed after the retention period; the request stays for
the figures."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from feedback import services
from feedback.models import CitizenRequest, RequesterContact

pytestmark = pytest.mark.django_db


def test_it_anonymises_finished_requests_after_retention(settings, complaint, manager, centre):
    settings.NAFITHA_REQUEST_RETENTION_DAYS = 30
    complaint.body = "Call me on 0791112223, my number is 9861234567."
    complaint.save()
    services.request_answer(request=complaint, answer="Sorry.", by=manager.user)
    services.request_close(request=complaint, by=manager.user)
    still_open = services.request_submit(
        kind="complaint", body="Open one", centre=centre, phone="0795554443"
    )

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=29)):
        call_command("anonymise_requests")
    assert RequesterContact.objects.count() == 2

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=31)):
        call_command("anonymise_requests")
    complaint.refresh_from_db()
    assert not RequesterContact.objects.filter(request=complaint).exists()
    assert complaint.body == "Call me on •••, my number is •••."
    assert complaint.anonymised_at is not None and complaint.status == "closed"
    assert RequesterContact.objects.filter(request=still_open).exists()
    assert CitizenRequest.objects.count() == 2
