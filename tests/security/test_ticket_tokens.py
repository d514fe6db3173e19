"""A ticket's token is a bearer secret: whoever holds it follows the ticket and can take it
out of the queue. Only its issuer (the kiosk, the citizen's own request) gets it back, with
the printed or texted link. No staff or analyst response and no socket frame carries a
token or the citizen's phone, whatever the ticket's state; the walk over the URL map makes a
new endpoint that leaks one fail here."""

import asyncio
import contextlib
import functools
import os

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from displays.models import DisplayScreen
from feedback import services as feedback
from feedback.models import FeedbackTablet
from kiosk.activation import device_new_token
from kiosk.models import KioskDevice
from queueing import engine
from queueing.models import Ticket
from realtime.events import publisher
from staff.models import Staff
from tests.conftest import make_staff

PHONE = "+962791234567"
PHONE_DIGITS = "791234567"  # however a page formats the number, these digits stay together
# Routes addressed by a bearer secret belong to its holder (the ticket's tracking page, PDF,
# QR code, feedback link; a tablet's own page), not to staff.
HOLDER_KWARGS = {"token", "device_token"}
QUERIES = {"api-console": "?counter=1", "console": "?counter=1"}


@pytest.fixture(autouse=True)
def _no_immediate_sms(settings):
    settings.NAFITHA_NOTIFY_IMMEDIATE = "off"


@pytest.fixture
def people(centre, alice, sam) -> dict[str, Staff]:
    return {
        "agent": alice,
        "supervisor": sam,
        "manager": make_staff("maha", centre, role=Staff.Role.MANAGER),
        "analyst": make_staff("nour", None, role=Staff.Role.ANALYST),
    }


def kiosk_client(centre) -> APIClient:
    client = APIClient()
    token = device_new_token(KioskDevice(centre=centre, name="Hall kiosk 1"))
    client.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    return client


def staff_api(staff: Staff) -> APIClient:
    client = APIClient()
    client.force_authenticate(staff.user)
    return client


def secrets_in(body: bytes) -> list[str]:
    """The tokens of every ticket, and the phone, that `body` mentions."""
    secrets = [*Ticket.objects.values_list("token", flat=True), PHONE_DIGITS]
    return [secret for secret in secrets if secret.encode() in body]


def _routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def reachable_urls(values: dict[str, object]) -> list[tuple[str, str]]:
    """(name, URL) of every route but the admin's and those addressed by a bearer secret,
    with its path parameters taken from `values` (a new kind of parameter must be added)."""
    urls = []
    for route, pattern in _routes():
        if route.startswith("admin/"):
            continue
        kwargs = set(pattern.pattern.regex.groupindex)
        if kwargs & HOLDER_KWARGS:
            continue
        assert kwargs <= values.keys(), f"{route}: give its parameters a value in this test"
        url = "/" + route
        for name in kwargs:
            url = url.replace(f"<{_converter(route, name)}{name}>", str(values[name]))
        assert "<" not in url, route
        urls.append((pattern.name, url + QUERIES.get(pattern.name, "")))
    return urls


def _converter(route: str, name: str) -> str:
    """The `slug:` / `int:` / `str:` prefix of parameter `name` in `route` (or none)."""
    start = route.index(name + ">")
    opening = route.rindex("<", 0, start)
    return route[opening + 1 : start]


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


class Walker:
    """GETs every reachable page and API as every role, and records what leaked where."""

    def __init__(self, people, values):
        self.clients = {"anonymous": Client()}
        for role, staff in people.items():
            self.clients[role] = Client()
            self.clients[role].force_login(staff.user)
        self.urls = reachable_urls(values)
        self.leaks: list[tuple[str, str, str, list[str]]] = []

    def walk(self, moment: str) -> None:
        for role, client in self.clients.items():
            for _name, url in self.urls:
                found = secrets_in(body_of(client.get(url)))
                if found:
                    self.leaks.append((moment, role, url, found))


def test_the_issuer_gets_the_token_with_its_ticket(centre, passport):
    kiosk = kiosk_client(centre)
    printed = kiosk.post(
        "/api/v1/kiosk/tickets/", {"services": [passport.code], "phone": PHONE}, format="json"
    )
    remote = APIClient().post(
        f"/api/v1/centres/{centre.code}/tickets/", {"services": [passport.code]}, format="json"
    )
    assert (printed.status_code, remote.status_code) == (201, 201)
    tickets = Ticket.objects.in_bulk([printed.json()["id"], remote.json()["id"]])
    assert printed.json()["token"] == tickets[printed.json()["id"]].token
    assert remote.json()["token"] == tickets[remote.json()["id"]].token
    # Its holder may look it up by the token; the phone is never echoed, even to them.
    status = APIClient().get(f"/api/v1/tickets/{printed.json()['token']}/")
    assert status.json()["token"] == printed.json()["token"]
    assert PHONE_DIGITS not in printed.content.decode() + status.content.decode()


def test_no_staff_or_analyst_response_carries_a_token_or_phone(
    centre, passport, counter, counter2, bob, people
):
    """A ticket with a phone goes from the kiosk through call, start and complete at
    counter 1, a second one is cancelled by the supervisor; every staff page and API is read
    by every role at each step, and every staff action's own answer is checked too."""
    alice, sam = people["agent"], people["supervisor"]
    issued = kiosk_client(centre).post(
        "/api/v1/kiosk/tickets/", {"services": [passport.code], "phone": PHONE}, format="json"
    )
    assert issued.status_code == 201 and issued.json()["token"]
    other = kiosk_client(centre).post(
        "/api/v1/kiosk/tickets/", {"services": [passport.code], "phone": PHONE}, format="json"
    )
    ticket = Ticket.objects.get(pk=issued.json()["id"])
    assert ticket.phone and PHONE_DIGITS in ticket.phone
    FeedbackTablet.objects.create(centre=centre, counter=counter)
    DisplayScreen.objects.create(centre=centre, slug="hall", name="Hall")
    complaint = feedback.request_submit(kind="complaint", body="The queue was slow.", ticket=ticket)
    values = {
        "code": centre.code,
        "centre_code": centre.code,
        "number": 1,
        "action": "call-next",
        "ticket_id": ticket.pk,
        "staff_id": alice.pk,
        "slug": "hall",
        "template_id": 1,
        "reference": complaint.reference,
        "language": "ar",
        "letter": "A",
        "counter": 1,
    }
    walker = Walker(people, values)
    walker.walk("waiting")

    agent, supervisor = staff_api(alice), staff_api(sam)
    base = f"/api/v1/centres/{centre.code}"
    answers = {
        "open": agent.post(f"{base}/counters/1/open/"),
        "open 2": staff_api(bob).post(f"{base}/counters/2/open/"),
        "call-next": agent.post(f"{base}/counters/1/call-next/"),
        "recall by supervisor": supervisor.post(f"{base}/counters/1/recall/"),
    }
    walker.walk("called")
    answers["start"] = agent.post(f"{base}/counters/1/start/")
    serving = walker.clients["analyst"].get(f"{base}/counters/").json()[0]["ticket"]
    assert (serving["id"], serving["status"]) == (ticket.pk, "serving")
    walker.walk("serving")
    answers["complete"] = agent.post(f"{base}/counters/1/complete/", {"outcome": "completed"})
    answers["pause"] = agent.post(f"{base}/counters/1/pause/", {"reason": "break"})
    answers["resume"] = agent.post(f"{base}/counters/1/resume/")
    answers["supervisor call"] = supervisor.post(
        f"{base}/counters/2/call-specific/", {"ticket": other.json()["id"]}, format="json"
    )
    answers["cancel"] = supervisor.post(
        f"{base}/tickets/{other.json()['id']}/cancel/", {"reason": "left"}, format="json"
    )
    answers["console"] = agent.get(f"{base}/console/?counter=1")
    walker.walk("done")

    assert [(name, r.content) for name, r in answers.items() if r.status_code != 200] == []
    assert answers["call-next"].json()["ticket"]["id"] == ticket.pk
    leaked = {name: found for name, r in answers.items() if (found := secrets_in(r.content))}
    assert (leaked, walker.leaks) == ({}, [])
    # The walk did read the counters and the live view with the ticket at the counter.
    assert ("api-counters", f"{base}/counters/") in walker.urls
    assert ("api-live", f"{base}/live/") in walker.urls


# --- Sockets (the counter display page uses the hall's) --------------------------------------------------------------------------------


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def channel_layer(request, settings):
    """Frames through the in-process layer, and through Redis when REDIS_URL is given."""
    if request.param == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("needs REDIS_URL")
        settings.REDIS_URL = url
        settings.NAFITHA_DISPLAY_SEQ_PREFIX = "nafitha-test-security"
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "ops.redis.ResilientRedisChannelLayer",
                "CONFIG": {
                    "hosts": [{"address": url, "socket_timeout": None}],
                    "prefix": "nafitha-test-security",
                },
            }
        }
    return request.param


@database_sync_to_async
def _session_cookie(staff: Staff) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(staff.user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def _frames_until_quiet(ws) -> list[str]:
    frames = []
    for _ in range(100):
        if await ws.receive_nothing(timeout=0.7):
            return frames
        frames.append(await ws.receive_from())
    raise AssertionError("the socket never went quiet")


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_no_socket_frame_carries_a_token_or_phone(
    channel_layer, centre, passport, counter, people
):
    from nafitha.asgi import application

    alice = people["agent"]
    tablet = await database_sync_to_async(FeedbackTablet.objects.create)(
        centre=centre, counter=counter
    )
    await database_sync_to_async(DisplayScreen.objects.create)(
        centre=centre, slug="hall", name="Hall"
    )
    await database_sync_to_async(engine.counter_open)(counter=counter, staff=alice)
    assert await asyncio.to_thread(publisher.flush)
    origin = (b"origin", b"http://testserver")
    sockets = {
        "hall": ("/ws/display/amman/", [origin]),
        "screen": ("/ws/display/amman/screen/hall/", [origin]),
        "console": ("/ws/counter/amman/", [origin, await _session_cookie(alice)]),
        "dashboard (manager)": (
            "/ws/dashboard/amman/",
            [origin, await _session_cookie(people["manager"])],
        ),
        "dashboard (analyst)": (
            "/ws/dashboard/amman/",
            [origin, await _session_cookie(people["analyst"])],
        ),
        "tablet": (f"/ws/feedback/{tablet.token}/", [origin]),
    }
    async with contextlib.AsyncExitStack() as stack:
        open_sockets = {}
        for name, (path, headers) in sockets.items():
            ws = WebsocketCommunicator(application, path, headers=headers)
            connected, _ = await ws.connect()
            assert connected, name
            stack.push_async_callback(ws.disconnect)
            open_sockets[name] = ws

        def issue():
            return engine.ticket_issue(
                centre=centre,
                service_codes=[passport.code],
                issuer=engine.Issuer(engine.Issuer.KIOSK, "device:1"),
                phone=PHONE,
            ).ticket

        steps = [
            functools.partial(step, counter=counter, staff=alice)
            for step in (
                engine.ticket_call_next,
                engine.ticket_recall,
                engine.ticket_start,
                engine.ticket_complete,
            )
        ]
        # After each step every socket is read until quiet, so that even the dashboard (which
        # sends a fresh snapshot rather than the event) shows the ticket in each state.
        frames: dict[str, list[str]] = {name: [] for name in open_sockets}
        for step in [issue, *steps]:
            await database_sync_to_async(step)()
            read = await asyncio.gather(*map(_frames_until_quiet, open_sockets.values()))
            for name, seen in zip(open_sockets, read, strict=True):
                frames[name].extend(seen)

    ticket = await database_sync_to_async(Ticket.objects.get)(centre=centre)
    assert ticket.status == Ticket.Status.DONE and PHONE_DIGITS in ticket.phone
    # Every socket saw the visit at the counter (the tablet was asked for feedback on it) ...
    # (in either form: the tablet speaks the ticket's language, the screens carry both)
    forms = {ticket.number_in("ar"), ticket.number_in("en")}
    assert [
        name for name, seen in frames.items() if not any(f in "".join(seen) for f in forms)
    ] == []
    assert any('"type":"prompt"' in frame for frame in frames["tablet"])
    # ... and none was told its token or phone.
    leaked = {
        name: found
        for name, seen in frames.items()
        if (found := [s for s in (ticket.token, PHONE_DIGITS) if any(s in f for f in seen)])
    }
    assert leaked == {}
