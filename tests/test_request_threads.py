"""Daphne keeps its request threads (nafitha/handlers.py): sequential requests run on one
kept thread, each request's sync code on one thread, and concurrent requests on their own;
a request crosses from the event loop to its thread once, middleware and all."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.testing import HttpCommunicator
from django.core.signals import request_finished, request_started
from django.db import connections

from nafitha.handlers import RequestThreadsHandler

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db]


@pytest.fixture
def threads():
    """(signal, thread name) of every request's start and finish, in order."""
    seen = []

    def on_started(**kwargs):
        seen.append(("started", threading.current_thread().name))

    def on_finished(**kwargs):
        seen.append(("finished", threading.current_thread().name))

    request_started.connect(on_started)
    request_finished.connect(on_finished)
    yield seen
    request_started.disconnect(on_started)
    request_finished.disconnect(on_finished)


@pytest.fixture
def handler():
    handler = RequestThreadsHandler()
    yield handler
    for executor in handler._idle:  # the kept threads' connections, then the threads
        executor.submit(connections.close_all).result()
        executor.shutdown()


class CountingExecutor(ThreadPoolExecutor):
    """A request thread that counts the calls handed to it: one per crossing from the loop."""

    def __init__(self):
        super().__init__(max_workers=1, thread_name_prefix="nafitha-request")
        self.calls = 0

    def submit(self, *args, **kwargs):
        self.calls += 1
        return super().submit(*args, **kwargs)


async def get(handler, path="/healthz", status=200):
    communicator = HttpCommunicator(handler, "GET", path, headers=[(b"host", b"testserver")])
    response = await communicator.get_response(timeout=10)
    await communicator.wait(timeout=10)  # the handler's end: response.close, request_finished
    assert response["status"] == status
    return response


def header(response, name: bytes) -> bytes | None:
    return dict(response["headers"]).get(name)


async def test_sequential_requests_reuse_one_thread(threads, handler):
    await get(handler)
    await get(handler)
    idents = {ident for _, ident in threads}
    assert [signal for signal, _ in threads] == ["started", "finished"] * 2
    assert len(idents) == 1
    assert idents.pop().startswith("nafitha-request")  # a kept thread, not the loop's


async def test_concurrent_requests_run_on_threads_of_their_own(threads, handler):
    await asyncio.gather(get(handler), get(handler))
    assert len(handler._idle) == 2
    await asyncio.gather(get(handler), get(handler))
    assert len(handler._idle) == 2  # the same two again, none started


async def test_a_request_crosses_to_its_thread_once(threads, handler):
    executor = CountingExecutor()
    handler._idle.append(executor)
    response = await get(handler)
    # request_started, the whole middleware chain, the view and request_finished in one call
    assert executor.calls == 1
    assert [signal for signal, _ in threads] == ["started", "finished"]
    # the middleware ran around the view: first (request id) to last (CSP)
    assert header(response, b"X-Request-ID")
    assert header(response, b"Content-Security-Policy")
    assert response["body"] == b'{"status": "ok"}'


async def test_a_refusal_by_the_middleware_is_answered(handler):
    response = await get(handler, "/api/v1/centres/%00/", status=400)
    assert b"null_character" in response["body"]
    assert header(response, b"X-Request-ID")


async def test_a_streamed_file_is_sent_whole_then_closed(threads, handler):
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "path": "/static/nafitha/util.js",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
    }
    communicator = ApplicationCommunicator(handler, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(timeout=10)
    body = b""
    while (message := await communicator.receive_output(timeout=10)).get("more_body"):
        body += message["body"]
    await communicator.wait(timeout=10)
    headers = dict(start["headers"])
    assert start["status"] == 200
    assert headers[b"Content-Type"].startswith(b"text/javascript")
    assert int(headers[b"Content-Length"]) == len(body) > 0
    assert [signal for signal, _ in threads] == ["started", "finished"]  # closed after
