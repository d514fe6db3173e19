import logging

import pytest
from django.http import HttpResponse
from django.urls import path

from centre.models import Centre
from ops.log import RequestIdFilter
from queueing import engine


def issue(request):
    engine.ticket_issue(centre=Centre.objects.get(code="amman"), service_codes=["passport-renewal"])
    return HttpResponse(status=201)


urlpatterns = [path("issue/", issue), path("", lambda request: HttpResponse())]
pytestmark = pytest.mark.urls(__name__)


def test_it_keeps_the_id_nginx_sends(client):
    assert client.get("/", HTTP_X_REQUEST_ID="3f2a9c0e11")["X-Request-ID"] == "3f2a9c0e11"


@pytest.mark.parametrize("header", ["", "two words", "x" * 200, "id\nInjected: 1"])
def test_it_makes_a_new_id_for_a_missing_or_odd_header(client, header):
    returned = client.get("/", HTTP_X_REQUEST_ID=header)["X-Request-ID"]
    assert returned != header
    assert len(returned) == 32


@pytest.mark.django_db(transaction=True)
def test_it_carries_the_request_id_into_engine_event_logs(client, caplog, centre, passport):
    caplog.set_level(logging.INFO, logger="ops.events")
    caplog.handler.addFilter(RequestIdFilter())
    assert client.post("/issue/", HTTP_X_REQUEST_ID="req-42").status_code == 201
    events = [r for r in caplog.records if r.name == "ops.events"]
    assert (events[0].event, events[0].request_id) == ("ticket.issued", "req-42")
    assert all(r.request_id == "req-42" and r.centre_id == centre.pk for r in events)
