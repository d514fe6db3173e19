"""Two tabs on one counter: the newest tab holds it, the other is told and refused."""

import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from counters.models import ConsoleLease
from counters.services import console_group
from queueing.models import Ticket

API = "/api/v1/centres/amman/"
OLD, NEW = "tab-old-0000000001", "tab-new-0000000002"


def claim(client, tab, number=1):
    return client.post(
        f"{API}console/{number}/claim/", {"tab": tab}, content_type="application/json"
    )


def act(client, action, tab=None, number=1, **body):
    headers = {"HTTP_X_CONSOLE_TAB": tab} if tab else {}
    return client.post(
        f"{API}counters/{number}/{action}/",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_it_refuses_the_older_tab_once_a_newer_one_claims_the_counter(world):
    agent = world.client("agent")
    claim(agent, OLD)
    claim(agent, NEW)
    refused = act(agent, "call-next", OLD)
    assert (refused.status_code, refused.json()["code"]) == (409, "console_superseded")
    assert not Ticket.objects.filter(counter=world.counters[1]).exists()
    assert act(agent, "call-next", NEW).status_code == 200


def test_it_refuses_a_transfer_from_the_older_tab(world):
    bob = world.client("bob")
    claim(bob, OLD, number=2)
    claim(bob, NEW, number=2)
    refused = bob.post(
        f"{API}tickets/{world.called.pk}/transfer/",
        {"service": "licence-renewal"},
        content_type="application/json",
        HTTP_X_CONSOLE_TAB=OLD,
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "console_superseded")
    assert Ticket.objects.get(pk=world.called.pk).service.code == "passport-renewal"


def test_it_tells_the_snapshot_which_tab_holds_the_counter(world):
    agent = world.client("agent")
    claim(agent, OLD)
    assert claim(agent, NEW).json()["lease"] == NEW
    assert agent.get(API + "console/").json()["lease"] == NEW


def test_it_notifies_the_staff_socket_group_when_a_tab_takes_over(
    world, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(console_group(world.centre.pk), channel)
    with django_capture_on_commit_callbacks(execute=True):
        claim(world.client("agent"), NEW)
    message = async_to_sync(layer.receive)(channel)
    assert message == {"type": "console.lease", "counter": 1, "tab": NEW}


def test_it_leaves_requests_without_a_tab_alone(world):
    agent = world.client("agent")
    claim(agent, NEW)
    assert act(agent, "call-next").status_code == 200


def test_it_lets_another_employee_take_a_counter_once_it_is_closed(world):
    claim(world.client("agent"), OLD)
    act(world.client("agent"), "close", OLD)
    dave = world.client("dave")
    assert claim(dave, NEW).status_code == 200
    assert act(dave, "open", NEW).status_code == 200
    assert ConsoleLease.objects.get(counter=world.counters[1]).staff == world.staff["dave"]
