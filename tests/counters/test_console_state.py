"""The console shows the server's state, so a reload or a new session keeps the current ticket."""

import datetime as dt

import time_machine
from django.test import Client

from queueing import engine

API = "/api/v1/centres/amman/console/"


def test_it_shows_the_current_ticket_after_a_reload_and_a_new_log_in(world):
    agent = world.client("agent")
    agent.post("/api/v1/centres/amman/counters/1/call-next/", {}, content_type="application/json")
    before = agent.get(API).json()
    fresh = Client()
    fresh.force_login(world.staff["agent"].user)
    after = fresh.get(API).json()
    assert before["counter"]["ticket"]["number"] == after["counter"]["ticket"]["number"] == "A-002"
    assert after["counter"]["ticket"]["id"] == world.waiting.pk


def test_it_describes_the_ticket_with_documents_step_and_standard_time(world, bundle):
    ticket = engine.ticket_issue(centre=world.centre, bundle_code=bundle.code, priority=None).ticket
    engine.ticket_call_specific(
        counter=world.counters[1], staff=world.staff["agent"], ticket=ticket
    )
    shown = world.client("agent").get(API, HTTP_ACCEPT_LANGUAGE="en").json()["counter"]["ticket"]
    assert shown["step"] == {"position": 1, "count": 2}
    assert shown["bundle"] == "Travel bundle"
    assert shown["service"] == {
        "code": "passport-renewal",
        "name": "Passport renewal",
        "standard_service_minutes": 8,
    }
    assert shown["documents"] == ["National ID card"]


def test_it_shows_documents_in_arabic_by_default(world):
    shown = world.client("bob").get(API).json()["counter"]["ticket"]
    assert shown["documents"] == ["الهوية الشخصية"]


def test_it_counts_todays_served_tickets_and_average_time(world):
    bob, counter = world.staff["bob"], world.counters[2]
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        engine.ticket_start(counter=counter, staff=bob)
    with time_machine.travel(start + dt.timedelta(minutes=4), tick=False):
        engine.ticket_complete(counter=counter, staff=bob)
    today = world.client("bob").get(API).json()["today"]
    assert today == {"served": 1, "average_service_seconds": 240}


def test_it_lists_only_the_queues_of_services_the_employee_may_serve(world, carol):
    client = Client()
    client.force_login(carol.user)
    queues = client.get(API).json()["queues"]
    assert [q["code"] for q in queues] == ["licence-renewal"]
    passport = next(
        q
        for q in world.client("agent").get(API).json()["queues"]
        if q["code"] == "passport-renewal"
    )
    assert (passport["name"], passport["waiting"], passport["target_wait_minutes"]) == (
        "تجديد جواز السفر",
        1,
        20,
    )


def test_it_offers_the_counter_picker_to_an_employee_without_a_counter(world):
    state = world.client("dave").get(API).json()
    assert state["counter"] is None
    assert [(c["number"], c["staff"]) for c in state["counters"]] == [
        (1, "alice"),
        (2, "bob"),
        (3, None),
    ]
