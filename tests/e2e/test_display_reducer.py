"""The hall display's reducer: an old snapshot plus the events since equals a fresh snapshot.

Zulip's `verify_action` idea, in the browser: a hall page stays open while the engine acts
(issue, call, recall, start, "done, next", no-show, pause and resume), every frame its socket
receives is recorded, and the page's own reducer (`NafithaDisplay.applyEvent`) replays them
on the snapshot it started from. The result must equal the snapshot a page loaded afterwards
receives, and the open page must show what the freshly loaded one shows.
"""

import json
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.test_display import agent, call_next

CENTRE = "/centres/amman"


@pytest.fixture
def agents(live_url):
    clients = [agent(live_url, "agent1"), agent(live_url, "agent2")]
    yield clients
    for client in clients:
        client.close()


def issue(live_url: str, service: str) -> None:
    response = httpx.post(
        f"{live_url}/api/v1{CENTRE}/tickets/",
        json={"services": [service]},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text


def act(client: httpx.Client, counter: int, action: str, body: dict | None = None) -> None:
    response = client.post(f"{CENTRE}/counters/{counter}/{action}/", json=body or {})
    assert response.status_code == 200, response.text


def free(client: httpx.Client, counter: int) -> None:
    """Finish whatever the counter is serving, so the scenario starts from an idle counter."""
    client.post(f"{CENTRE}/counters/{counter}/complete/", json={"outcome": "completed"})


class Frames:
    """Every JSON frame the page's display socket receives, in order."""

    def __init__(self, page):
        self.received: list[dict] = []
        self.socket = None
        page.on("websocket", self._follow)

    def _follow(self, socket) -> None:
        if "/ws/display/" in socket.url:
            self.socket = socket
            socket.on("framereceived", lambda payload: self.received.append(json.loads(payload)))

    def snapshots(self) -> list[dict]:
        return [frame for frame in self.received if frame["type"] == "snapshot"]

    def last_seq(self) -> int:
        """The seq of the latest snapshot or event (a heartbeat's seq may be ahead of them)."""
        numbered = [f["seq"] for f in self.received if f["type"] != "heartbeat"]
        return max(numbered, default=0)

    def wait_for_seq(self, seq: int) -> None:
        """Until the frame numbered `seq` has arrived (events arrive only inside Playwright
        calls, so nothing slips in between the check and the wait)."""
        while self.last_seq() < seq:
            self.socket.wait_for_event("framereceived", timeout=10_000)


def comparable(state: dict) -> dict:
    """What a hall screen shows: waiting counts, each counter's state and ticket, and the
    recent calls (ticket and counter; a call's ticket status moves on after the call)."""
    return {
        "queues": state["queues"],
        "counters": sorted(
            ((c["number"], c["state"], c["ticket"]) for c in state["counters"]),
            key=lambda counter: counter[0],
        ),
        "calls": [
            (call["ticket"]["id"], call["ticket"]["number"], call["counter"])
            for call in state["calls"][: state["config"]["recent_calls"] + 1]
        ],
    }


def shown(page) -> dict:
    """The hall page's rendered state, as text."""
    return {
        "now": [page.locator(f"#now-{part}").inner_text() for part in ("number-ar", "number-en")],
        "counter": page.locator("#now-counter-en").inner_text(),
        "recent": page.locator("#recent tr").all_inner_texts(),
        "waiting": page.locator("#waiting li").all_inner_texts(),
    }


REPLAY = """([snapshot, events]) => {
  const state = JSON.parse(JSON.stringify(snapshot));
  events.forEach((event) => NafithaDisplay.applyEvent(state, event));
  return state;
}"""


def test_old_snapshot_plus_events_equals_a_fresh_snapshot(page, browser, live_url, agents):
    agent1, agent2 = agents
    services = [s["code"] for s in httpx.get(f"{live_url}/api/v1{CENTRE}/services/").json()]
    free(agent1, 1)
    free(agent2, 2)

    page.set_viewport_size({"width": 1920, "height": 1080})
    frames = Frames(page)
    page.goto(live_url + "/display/amman/")
    expect(page.locator("#waiting li").first).to_be_visible()
    expect(page.locator("#offline")).to_be_hidden()

    for service in (services[0], services[0], services[-1], services[0]):
        issue(live_url, service)
    call_next(agent1, 1)
    call_next(agent2, 2)
    act(agent1, 1, "recall")
    act(agent1, 1, "start")
    act(agent1, 1, "call-next", {"finish": "completed"})  # "done, next": two frames
    act(agent2, 2, "recall")
    act(agent2, 2, "no-show", {"requeue": True})
    act(agent2, 2, "pause", {"reason": "break"})
    act(agent2, 2, "resume")

    fresh_page = browser.new_page(viewport={"width": 1920, "height": 1080})
    fresh_frames = Frames(fresh_page)
    fresh_page.goto(live_url + "/display/amman/")
    expect(fresh_page.locator("#waiting li").first).to_be_visible()
    fresh = fresh_frames.snapshots()[0]
    frames.wait_for_seq(fresh["seq"])

    [old] = frames.snapshots()  # one snapshot: the page never had to resync
    events = [
        f
        for f in frames.received
        if f["type"] not in ("snapshot", "heartbeat") and old["seq"] < f["seq"] <= fresh["seq"]
    ]
    assert [f["seq"] for f in events] == list(range(old["seq"] + 1, fresh["seq"] + 1))
    assert len(events) >= 10
    replayed = page.evaluate(REPLAY, [old, events])
    assert comparable(replayed) == comparable(fresh)
    assert comparable(replayed) != comparable(old)

    # The open page shows what a page loaded now shows.
    expected = shown(fresh_page)
    expect(page.locator("#now-number-en")).to_have_text(expected["now"][1])
    assert shown(page) == expected
    fresh_page.close()
