"""Daphne keeps its request threads (nafitha/handlers.py): sequential requests run on one
kept thread, each request's sync code on one thread, and concurrent requests on their own."""

import asyncio
import threading

import pytest
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


async def get(handler, path="/healthz"):
    communicator = HttpCommunicator(handler, "GET", path, headers=[(b"host", b"testserver")])
    response = await communicator.get_response(timeout=10)
    await communicator.wait(timeout=10)  # the handler's end: response.close, request_finished
    assert response["status"] == 200
    return response


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
