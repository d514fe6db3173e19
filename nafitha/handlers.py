"""Django's ASGI handler with its request threads kept between requests.

Django runs each HTTP request's sync code (middleware, view) on a thread of its own: a
`ThreadSensitiveContext` per request, whose single-thread executor starts a thread for the
request and, when it ends, another one to join it. On the embedded default that was two
thread starts per request and, with the thread, the request's database connection gone.
Here each request borrows a single-thread executor from a small per-process pool and gives
it back: sync code still runs on one thread per request at a time (what Django's
thread-sensitive code needs), but the threads, and the connections Django keeps on them,
are reused. asgiref's `ThreadSensitiveContext(executor=...)` leaves a given executor running.
"""

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler

# Idle request threads kept per process (more run while more requests are in flight). Each
# keeps its connection as CONN_MAX_AGE allows: with PostgreSQL and DB_POOL=false, up to this
# many idle persistent connections per Daphne worker (docs/deploy.md).
KEEP_IDLE = 8


class RequestThreadsHandler(ASGIHandler):
    def __init__(self):
        super().__init__()
        # Touched only from the server's event loop thread.
        self._idle: list[ThreadPoolExecutor] = []

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
