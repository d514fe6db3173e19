"""Django's ASGI handler with one thread hop per request, on request threads kept between
requests.

Django runs each HTTP request's sync code (middleware, view) on a thread of its own: a
`ThreadSensitiveContext` per request, whose single-thread executor starts a thread for the
request and, when it ends, another one to join it. On the embedded default that was two
thread starts per request and, with the thread, the request's database connection gone.
Here each request borrows a single-thread executor from a small per-process pool and gives
it back: sync code still runs on one thread per request at a time (what Django's
thread-sensitive code needs), but the threads, and the connections Django keeps on them,
are reused. asgiref's `ThreadSensitiveContext(executor=...)` leaves a given executor running.

And the request crosses to that thread once. Django's ASGI handler builds its middleware
chain for async: where a sync-only middleware (WhiteNoise, the project's) sits between
async-capable ones, the request goes event loop → thread → loop → thread and back, the
async-capable `process_request`/`process_response` each hop to the thread on their own, and
the `request_started` signal and `response.close()` take a hop each. Here the chain is
built sync, as under WSGI (every middleware in MIDDLEWARE is sync-capable and every view is
sync), and the request is started, answered and, for an answer held in memory, closed in
one call on the request thread; the event loop only reads the body and writes the answer.
"""

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.http import FileResponse
from django.urls import set_script_prefix

# Idle request threads kept per process (more run while more requests are in flight). Each
# keeps its connection as CONN_MAX_AGE allows: with PostgreSQL and DB_POOL=false, up to this
# many idle persistent connections per Daphne worker (docs/deploy.md).
KEEP_IDLE = 8


class RequestThreadsHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        # Touched only from the server's event loop thread.
        self._idle: list[ThreadPoolExecutor] = []

    def load_middleware(self, is_async=False):
        super().load_middleware(is_async=False)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        if self._idle:
            executor = self._idle.pop()
        else:
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nafitha-request")
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            # A view still running after its client left keeps the thread busy; the next
            # request on it waits for it, on the same one thread.
            if len(self._idle) < KEEP_IDLE:
                self._idle.append(executor)
            else:
                executor.shutdown(wait=False)

    async def handle(self, scope, receive, send):
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        response = await sync_to_async(self.respond, thread_sensitive=True)(scope, body_file)
        try:
            # A client that left meanwhile is not listened for: the answer was computed
            # anyway (a sync view cannot be stopped), and Daphne drops what is sent to a
            # closed connection.
            await self.send_response(response, send)
        finally:
            if response.streaming:  # a file: its iterator is read while sending
                await sync_to_async(response.close, thread_sensitive=True)()
                body_file.close()

    def respond(self, scope, body_file):
        """What Django's `handle` does between reading the body and sending the answer, on
        the request thread; an answer held in memory is closed here (`request_finished`
        before its bytes leave, which only frees the request's resources sooner)."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
        response._handler_class = self.__class__
        if isinstance(response, FileResponse):
            response.block_size = self.chunk_size
        if not response.streaming:
            response.close()
            body_file.close()
        return response
