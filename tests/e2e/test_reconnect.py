"""Live pages come back by themselves when the server side drops their socket, through the
one browser client (static/nafitha/stream.js): after the embedded default's Daphne restarts
(its in-memory layer and sequence numbers start again), and when a socket goes silent."""

import re
import subprocess
import urllib.parse

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from bench.servers import prepare_database, server_env, start_daphne
from tests.e2e.test_dashboard import agent_api, call_next, log_in


class Server:
    """The embedded default (one Daphne, SQLite, in-memory layer) that a test may restart on
    the same port, with heartbeats every second so a silent socket shows in seconds."""

    def __init__(self, data_dir):
        self.log = data_dir / "server.log"
        self.env = server_env(
            data_dir, THROTTLE_TICKET_ISSUE="1000/min", NAFITHA_DISPLAY_HEARTBEAT_SECONDS="1"
        )
        prepare_database(self.env)
        self.proc, self.url = start_daphne(self.env, self.log)

    def restart(self) -> None:
        self.stop()
        port = urllib.parse.urlsplit(self.url).port
        self.proc, _ = start_daphne(self.env, self.log, port=port)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still closing its sockets: no need to wait
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def server(tmp_path):
    server = Server(tmp_path)
    yield server
    server.stop()


def test_the_console_and_the_hall_display_resync_after_a_daphne_restart(page: Page, server):
    api = agent_api(server.url)
    log_in(page, server.url, "agent1", r"/counter/amman/")  # the demo seats agent1 at 1
    expect(page.locator("#counter-state")).to_have_class(re.compile("badge-open"))
    display = page.context.new_page()
    display.goto(server.url + "/display/amman/")
    expect(display.locator("#offline")).to_be_hidden()

    server.restart()  # every socket drops; the in-memory layer and seq counter start again
    first = call_next(api)

    expect(display.locator("#offline")).to_be_hidden(timeout=15_000)
    expect(display.locator("#now-number-en")).to_have_text(first["number"])
    expect(page.locator("#ticket")).to_have_attribute("data-status", "called", timeout=15_000)
    shown = page.locator("#t-number").inner_text()
    # And back live: the next call arrives as an event on both pages.
    second = call_next(api)
    expect(display.locator("#now-number-en")).to_have_text(second["number"])
    expect(page.locator("#t-number")).not_to_have_text(shown)
    expect(page.locator("#ticket")).to_have_attribute("data-status", "called")


def test_a_silent_dashboard_socket_is_dropped_and_resynced(page: Page, server):
    """The socket stays open but nothing reaches the page (a half-open connection): the
    heartbeat watchdog closes it, and the new connection's snapshot shows what happened."""
    routes: list[WebSocketRoute] = []

    def route(ws: WebSocketRoute) -> None:
        upstream = ws.connect_to_server()
        routes.append(ws)
        if len(routes) == 1:  # the first connection: its snapshot, then silence
            delivered = []

            def forward_first(message) -> None:
                if not delivered:
                    delivered.append(message)
                    ws.send(message)

            upstream.on_message(forward_first)

    page.route_web_socket(re.compile(r"/ws/dashboard/"), route)
    api = agent_api(server.url)
    log_in(page, server.url, "manager", r"/dashboard/amman/$")
    cell = page.get_by_test_id("counter-1-ticket")
    expect(cell).to_be_visible()

    ticket = call_next(api)  # not forwarded on the silent socket

    expect(cell).to_have_text(ticket["number"], timeout=15_000)
    assert len(routes) >= 2  # it came through a new connection
