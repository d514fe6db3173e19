"""One client address holds at most NAFITHA_WS_PER_CLIENT open websockets per process; one
more is closed with code 4429 before anything behind the cap runs. A forged
X-Forwarded-For does not make a new client."""

import pytest
from channels.testing import WebsocketCommunicator

from realtime.middleware import WS_CLOSE_TOO_MANY
from realtime.stream import HallRelay
from tests.displays.conftest import ORIGIN

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
PATH = "/ws/display/amman/"


def relayed() -> int:
    return sum(len(relay.sockets) for relay in HallRelay.relays.values())


@pytest.fixture(autouse=True)
def _cap(settings):
    settings.NAFITHA_WS_PER_CLIENT = 3
    settings.NAFITHA_TRUSTED_PROXIES = 1


async def open_socket(application, client: str, forged: str = "10.0.0.1"):
    """A socket from `client` as nginx reports it, behind whatever the client wrote itself."""
    header = (b"x-forwarded-for", f"{forged}, {client}".encode())
    ws = WebsocketCommunicator(application, PATH, headers=[ORIGIN, header])
    connected, _ = await ws.connect()
    assert connected
    return ws


async def assert_refused(ws) -> None:
    closed = await ws.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": WS_CLOSE_TOO_MANY}
    await ws.wait()


async def run_cap_scenario(application) -> None:
    mine = [await open_socket(application, "198.51.100.7", f"10.0.0.{n}") for n in range(3)]
    for ws in mine:
        assert (await ws.receive_json_from())["type"] == "snapshot"
    assert relayed() == 3

    extra = await open_socket(application, "198.51.100.7", "10.9.9.9")
    await assert_refused(extra)
    assert relayed() == 3  # the refused socket joined nothing

    other = await open_socket(application, "203.0.113.50")
    assert (await other.receive_json_from())["type"] == "snapshot"

    await mine.pop().disconnect()
    again = await open_socket(application, "198.51.100.7")
    assert (await again.receive_json_from())["type"] == "snapshot"
    for ws in [*mine, other, again]:
        await ws.disconnect()
    assert relayed() == 0


async def test_a_client_over_its_cap_is_closed_with_4429(application, centre, passport):
    await run_cap_scenario(application)


@pytest.mark.redis
async def test_the_cap_holds_with_the_redis_layer(application, centre, passport):
    await run_cap_scenario(application)
