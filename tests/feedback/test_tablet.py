"""The counter tablet: a service finished at its counter prompts it, in the ticket's language,
with a short-lived token; answers with that token are stored once; other counters' events
leave it idle."""

import datetime as dt

import pytest
import time_machine
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from feedback.models import FeedbackTablet, ServiceFeedback
from feedback.services import feedback_submit
from nafitha.asgi import application
from queueing import engine
from tests.feedback.conftest import serve

IN_MEMORY = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


async def connect(token):
    communicator = WebsocketCommunicator(
        application, f"/ws/feedback/{token}/", headers=[(b"origin", b"http://127.0.0.1")]
    )
    connected, _ = await communicator.connect()
    return communicator, connected


async def types_until_quiet(communicator) -> list[str]:
    """Types of the frames that arrive before the socket is quiet for half a second."""
    types = []
    for _ in range(50):
        if await communicator.receive_nothing(timeout=0.5):
            return types
        types.append((await communicator.receive_json_from())["type"])
    raise AssertionError("the socket never went quiet")


async def next_of(communicator, kind):
    while True:
        message = await communicator.receive_json_from(timeout=3)
        if message["type"] == kind:
            return message


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@override_settings(CHANNEL_LAYERS=IN_MEMORY)
async def test_it_prompts_in_the_tickets_language_when_its_counter_finishes(
    centre, passport, counter, counter2, alice, bob
):
    tablet = await database_sync_to_async(FeedbackTablet.objects.create)(
        centre=centre, counter=counter
    )
    other = await database_sync_to_async(FeedbackTablet.objects.create)(
        centre=centre, counter=counter2
    )

    def finish_visit():
        engine.counter_open(counter=counter, staff=alice)
        ticket = engine.ticket_issue(
            centre=centre, service_codes=[passport.code], language="en"
        ).ticket
        return serve(ticket, counter, alice)

    mine, ok = await connect(tablet.token)
    theirs, ok2 = await connect(other.token)
    assert ok and ok2
    await next_of(mine, "snapshot")
    await next_of(theirs, "snapshot")
    ticket = await database_sync_to_async(finish_visit)()
    prompt = await next_of(mine, "prompt")
    assert (prompt["ticket"], prompt["language"]) == (ticket.display_number, "en")
    assert "phone" not in str(prompt)
    # Only the tablet of the counter that served is asked, and only once per visit; the
    # other events reach a tablet as `skip`, so its client sees no gap in `seq`.
    assert set(await types_until_quiet(theirs)) <= {"skip"}
    assert set(await types_until_quiet(mine)) <= {"skip"}
    await mine.disconnect()
    await theirs.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@override_settings(CHANNEL_LAYERS=IN_MEMORY)
async def test_it_refuses_an_unknown_or_disabled_tablet(centre, counter):
    tablet = await database_sync_to_async(FeedbackTablet.objects.create)(
        centre=centre, counter=counter, is_active=False
    )
    for token in ("nope", tablet.token):
        _communicator, connected = await connect(token)
        assert not connected


@pytest.fixture
def prompt(tablet, visit):
    from feedback.services import tablet_prompt

    return tablet_prompt(tablet=tablet, ticket_id=visit.pk, kinds=["ticket.done"])


def answer(client, tablet, data):
    return client.post(
        f"/api/v1/feedback/tablets/{tablet.token}/answers/", data, content_type="application/json"
    )


@pytest.mark.django_db
def test_the_prompt_ignores_a_steps_completion_when_asking_per_visit(tablet, visit):
    from feedback.services import tablet_prompt

    assert tablet_prompt(tablet=tablet, ticket_id=visit.pk, kinds=["ticket.completed"]) is None


@pytest.mark.django_db
def test_an_answer_with_the_prompts_token_is_stored_once(client, tablet, visit, prompt, alice):
    assert (
        answer(
            client, tablet, {"token": prompt.token, "satisfaction": 5, "recommend": 10}
        ).status_code
        == 201
    )
    again = answer(client, tablet, {"token": prompt.token, "satisfaction": 1})
    assert again.status_code == 409
    stored = ServiceFeedback.objects.get()
    assert (stored.ticket, stored.staff, stored.channel, stored.satisfaction, stored.recommend) == (
        visit,
        alice,
        "tablet",
        5,
        10,
    )


@pytest.mark.django_db
def test_the_prompt_token_is_short_lived_and_tamper_proof(client, tablet, prompt, settings):
    settings.NAFITHA_FEEDBACK_TABLET_MINUTES = 10
    forged = answer(client, tablet, {"token": prompt.token[:-2] + "xx", "satisfaction": 5})
    assert forged.status_code == 404
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11)):
        late = answer(client, tablet, {"token": prompt.token, "satisfaction": 5})
    assert late.status_code == 410 and late.json()["code"] == "prompt_expired"
    assert not ServiceFeedback.objects.exists()


@pytest.mark.django_db
def test_the_tablet_page_carries_both_languages(client, tablet):
    page = client.get(f"/feedback/tablet/{tablet.token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/ws/feedback/{tablet.token}/" in html
    assert "Thank you for your feedback!" in html
    assert client.get("/feedback/tablet/unknown/").status_code == 404


@pytest.mark.django_db
def test_a_manager_binds_a_tablet_to_a_counter_and_an_agent_cannot(
    client, centre, counter, manager, alice
):
    body = {"centre": centre.code, "counter": counter.number}
    client.force_login(alice.user)
    assert (
        client.post("/api/v1/feedback/tablets/", body, content_type="application/json").status_code
        == 403
    )
    client.force_login(manager.user)
    first = client.post("/api/v1/feedback/tablets/", body, content_type="application/json")
    second = client.post("/api/v1/feedback/tablets/", body, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["token"] == second.json()["token"] == FeedbackTablet.objects.get().token


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@override_settings(CHANNEL_LAYERS=IN_MEMORY)
async def test_a_tablet_that_was_away_asks_the_citizen_who_just_left(
    centre, passport, open_counter, alice
):
    """A service that ended while the tablet's socket was away (a Redis restart, Wi-Fi) is
    asked about from the snapshot when it comes back; once answered, or after two minutes,
    it is not asked again."""
    tablet = await database_sync_to_async(FeedbackTablet.objects.create)(
        centre=centre, counter=open_counter
    )

    def finish_visit():
        ticket = engine.ticket_issue(
            centre=centre, service_codes=[passport.code], language="en"
        ).ticket
        return serve(ticket, open_counter, alice)

    ticket = await database_sync_to_async(finish_visit)()  # no socket open meanwhile
    back, ok = await connect(tablet.token)
    assert ok
    snapshot = await next_of(back, "snapshot")
    assert (snapshot["prompt"]["ticket"], snapshot["prompt"]["language"]) == (
        ticket.display_number,
        "en",
    )
    await back.disconnect()

    await database_sync_to_async(feedback_submit)(
        ticket=ticket,
        step=None,
        satisfaction=5,
        recommend=None,
        channel=ServiceFeedback.Channel.TABLET,
    )
    again, ok = await connect(tablet.token)
    assert ok and (await next_of(again, "snapshot"))["prompt"] is None
    await again.disconnect()


@pytest.mark.django_db
def test_a_service_that_ended_long_ago_is_not_asked_about(centre, passport, open_counter, alice):
    from feedback import services

    tablet = FeedbackTablet.objects.create(centre=centre, counter=open_counter)
    ticket = engine.ticket_issue(centre=centre, service_codes=[passport.code]).ticket
    serve(ticket, open_counter, alice)
    assert services.tablet_missed_prompt(tablet=tablet) is not None
    later = ticket.steps.get().ended_at + services.TABLET_CATCH_UP + dt.timedelta(seconds=1)
    assert services.tablet_missed_prompt(tablet=tablet, now=later) is None
