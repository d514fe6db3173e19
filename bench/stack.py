"""Stack: issue + call-next cycles through nginx and the workers, with sockets and a killed worker.

Runs against the local stack (`deploy/local-stack`, started here unless --keep-running finds
one) over loopback only, in bounded loops. A cycle is one citizen: a kiosk issues a ticket
(with an Idempotency-Key), then a counter's "done, next" (`call-next` with `finish`)
completes the ticket it holds and calls the next one, in one request.

1. `cycles`:  C counters (default 8) each repeat the cycle for D seconds.
2. `sockets`: 20 counters do the same while 1,000 display and phone sockets are connected.
3. `failover`: as 2, with worker `a` killed (SIGKILL) halfway; sockets reconnect through
   nginx and resync from the snapshot; a counter whose request failed just goes on.
Then every ticket issued is checked in the database: issued once, called exactly once, done.

    python -m bench stack [--layout split|daphne] [--seconds 15] [--sockets 1000]
                          [--scenarios cycles,sockets,failover]
"""

import argparse
import asyncio
import collections
import json
import os
import random
import ssl
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench._client import LeanClient
from bench.common import percentile, print_table

ROOT = Path(__file__).resolve().parent.parent
# deploy/stack.py with this interpreter (deploy/local-stack would assume .venv in the checkout).
LOCAL_STACK = (sys.executable, str(ROOT / "deploy" / "stack.py"))
CENTRE = "amman"
PHONE_CENTRE = "irbid"
FIRST_BENCH_COUNTER = 101
SCENARIOS = ("cycles", "sockets", "failover")
DONE_NEXT = {"finish": "completed"}
TLS = ssl._create_unverified_context()  # the local stack's throw-away certificate


# --- Database side (runs inside the stack's environment, with Django) -----------------------


def db_task(task: str, argument: str = "") -> None:
    """`python -c "from bench.stack import db_task; db_task(...)"` with the stack's env."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nafitha.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from centre.models import Centre
    from queueing import engine
    from queueing.models import Counter, Ticket, TicketEvent
    from staff.models import Staff

    if task == "setup":
        centre = Centre.objects.get(code=CENTRE)
        tokens = {}
        for i in range(int(argument)):
            number = FIRST_BENCH_COUNTER + i
            user, _ = get_user_model().objects.get_or_create(username=f"bench{number}")
            staff, _ = Staff.objects.get_or_create(user=user, defaults={"centre": centre})
            counter, _ = Counter.objects.get_or_create(centre=centre, number=number)
            if counter.staff_id != staff.pk:
                engine.counter_open(counter=counter, staff=staff)
            tokens[number] = Token.objects.get_or_create(user=user)[0].key
        print(json.dumps(tokens))
    elif task == "verify":
        ids = json.loads(Path(argument).read_text())
        tickets = Ticket.objects.filter(pk__in=ids)
        called = TicketEvent.objects.filter(ticket_id__in=ids, kind=TicketEvent.Kind.CALLED)
        calls: dict[int, int] = {}
        for ticket_id in called.values_list("ticket_id", flat=True):
            calls[ticket_id] = calls.get(ticket_id, 0) + 1
        numbers = list(tickets.values_list("service_day", "letter", "number"))
        print(
            json.dumps(
                {
                    "issued": len(ids),
                    "in_db": tickets.count(),
                    "duplicate_numbers": len(numbers) - len(set(numbers)),
                    "not_called_once": sum(1 for i in ids if calls.get(i) != 1),
                    "not_done": tickets.exclude(status=Ticket.Status.DONE).count(),
                }
            )
        )


def stack_state() -> dict:
    return json.loads(
        (
            Path(os.environ.get("NAFITHA_STACK_DIR", ROOT / "var" / "local-stack")) / "state.json"
        ).read_text()
    )


def run_db_task(task: str, argument: str = "") -> dict:
    state = stack_state()
    env = {**os.environ, **state["env"]}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, "-c", f"from bench.stack import db_task; db_task({task!r}, {argument!r})"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- Load --------------------------------------------------------------------------------------


def progress(message: str) -> None:
    """A line on stderr, so a long run is never silent (the table goes to stdout)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Run:
    """Counts of one scenario: cycle latencies, errors (with their time), tickets seen."""

    def __init__(self):
        self.latencies: list[float] = []
        self.errors: list[float] = []
        self.reasons: collections.Counter[str] = collections.Counter()
        self.issued: list[int] = []
        self.started = time.monotonic()


async def counter_loop(
    client, number: int, token: str, services: list[str], run: Run, until: float
) -> None:
    """One counter: a kiosk issues a ticket, the counter's "done, next" completes the ticket
    it holds and calls the next one (one request); repeat."""
    auth = {"Authorization": f"Token {token}"}
    base = f"/api/v1/centres/{CENTRE}"
    i = 0
    while time.monotonic() < until:
        i += 1
        started = time.monotonic()
        failed = None
        if await issue(client, base, {"services": [services[i % len(services)]]}, run) is None:
            failed = "issue: no ticket after 3 tries"
        try:
            called = await client.post(
                f"{base}/counters/{number}/call-next/", headers=auth, json=DONE_NEXT
            )
            if called.status_code not in (200, 204):
                failed = f"call-next: HTTP {called.status_code}"
        except Exception as exc:
            failed = f"call-next: {type(exc).__name__}"
        if failed is None:
            run.latencies.append(time.monotonic() - started)
        else:
            run.errors.append(time.monotonic())
            run.reasons[failed] += 1


async def issue(client, base: str, body: dict, run: Run | None) -> dict | None:
    """Issue with an idempotency key, retried: a lost answer never makes a second ticket."""
    key = uuid.uuid4().hex
    for _attempt in range(3):
        try:
            response = await client.post(
                f"{base}/tickets/", json=body, headers={"Idempotency-Key": key}
            )
            if response.status_code in (200, 201):
                ticket = response.json()
                if run is not None and response.status_code == 201:
                    run.issued.append(ticket["id"])
                return ticket
        except Exception:
            pass
        await asyncio.sleep(0.2)
    return None


class Socket:
    """A display or phone socket that reconnects through nginx and resyncs on a gap."""

    def __init__(self, url: str, origin: str, headers: dict | None = None):
        self.url, self.origin, self.headers = url, origin, headers
        self.connects = 0
        self.events = 0
        self.gaps = 0
        self.stale = 0
        self.seq = None
        self.ready = False  # a snapshot arrived on the current connection
        self.backoff = 0.25
        self.called: list[str] = []  # ticket numbers of the calls received as events
        self.dropped: list[float] = []  # when a connection broke (monotonic)
        self.snapshots: list[float] = []  # when a snapshot arrived
        self.snapshot: dict | None = None  # the latest one

    async def run(self, stop: asyncio.Event) -> None:
        import websockets

        while not stop.is_set():
            try:
                tls = TLS if self.url.startswith("wss:") else None
                async with websockets.connect(
                    self.url,
                    ssl=tls,
                    origin=self.origin,
                    additional_headers=self.headers,
                    open_timeout=20,
                    max_queue=None,
                ) as ws:
                    self.connects += 1
                    self.backoff = 0.25
                    self.seq = None
                    closer = asyncio.ensure_future(stop.wait())
                    while not stop.is_set():
                        receiver = asyncio.ensure_future(ws.recv())
                        await asyncio.wait({receiver, closer}, return_when=asyncio.FIRST_COMPLETED)
                        if not receiver.done():
                            receiver.cancel()
                            break
                        await self.handle(ws, json.loads(receiver.result()))
                    closer.cancel()
            except Exception:
                if self.ready:
                    self.dropped.append(time.monotonic())
                self.ready = False
                # Back off with jitter, as the screens do, so a dead worker's sockets do not
                # all come back in the same instant.
                self.backoff = min(5.0, self.backoff * 2)
                await asyncio.sleep(self.backoff * random.uniform(0.5, 1.0))

    async def handle(self, ws, frame: dict) -> None:
        seq, kind = frame.get("seq"), frame.get("type")
        if kind == "snapshot":
            self.seq = seq
            self.ready = True
            self.snapshots.append(time.monotonic())
            self.snapshot = frame
        elif seq is None or self.seq is None or (kind == "heartbeat" and seq == self.seq):
            return
        elif seq <= self.seq:
            self.stale += 1  # sent before the snapshot was read: already in it
        elif seq == self.seq + 1 and kind != "heartbeat":
            self.seq = seq
            self.events += 1
            if kind == "ticket.called":
                self.called.append(frame["ticket"]["number"])
        else:
            self.gaps += 1
            self.seq = None
            await ws.send(json.dumps({"type": "resync"}))


async def scenario(
    origin: str,
    tokens: dict,
    services: list[str],
    *,
    counters: int,
    seconds: float,
    phones: list[str],
    displays: int,
    kill: bool,
    connect_rate: float,
) -> tuple:
    async with LeanClient(origin, timeout=30) as client:
        stop = asyncio.Event()
        ws_base = origin.replace("https://", "wss://")
        sockets = [Socket(f"{ws_base}/ws/display/{CENTRE}/", origin) for _ in range(displays)]
        sockets += [Socket(f"{ws_base}/ws/ticket/{token}/", origin) for token in phones]
        socket_tasks = []
        for sock in sockets:
            socket_tasks.append(asyncio.ensure_future(sock.run(stop)))
            await asyncio.sleep(1 / connect_rate)  # screens and phones come up over time

        def connected() -> int:
            return sum(1 for s in sockets if s.connects)

        deadline = time.monotonic() + 60 + len(sockets) / connect_rate
        while connected() < len(sockets) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        if sockets:
            progress(f"{connected()} of {len(sockets)} sockets connected")
        run = Run()
        until = time.monotonic() + seconds
        numbers = sorted(int(n) for n in tokens)[:counters]
        loops = [
            asyncio.ensure_future(counter_loop(client, n, tokens[str(n)], services, run, until))
            for n in numbers
        ]
        killed_at = None
        if kill:
            await asyncio.sleep(seconds / 2)
            killed_at = time.monotonic()
            await asyncio.to_thread(subprocess.run, [*LOCAL_STACK, "kill-worker", "a"], check=True)
        await asyncio.gather(*loops)
        elapsed = time.monotonic() - run.started
        await asyncio.sleep(1)  # let the last events arrive
        recovery_deadline = time.monotonic() + 60
        while any(not s.ready for s in sockets) and time.monotonic() < recovery_deadline:
            await asyncio.sleep(0.2)  # sockets of a killed worker are still coming back
        stop.set()
        await asyncio.gather(*socket_tasks)
    return run, elapsed, sockets, killed_at


def recovery(sockets: list, killed_at: float | None) -> tuple[int, str, int]:
    """Sockets dropped by the kill, seconds until the last was back with a snapshot, and
    how many never came back."""
    if killed_at is None:
        return 0, "—", 0
    lost = [s for s in sockets if any(t >= killed_at for t in s.dropped)]
    back = []
    for sock in lost:
        first_drop = min(t for t in sock.dropped if t >= killed_at)
        again = [t for t in sock.snapshots if t > first_drop]
        if again:
            back.append(min(again))
    slowest = f"{max(back) - killed_at:.1f}" if back else "—"
    return len(lost), slowest, len(lost) - len(back)


def summary(name: str, run: Run, elapsed: float, sockets: list, killed_at: float | None) -> list:
    after = [t for t in run.errors if killed_at and t > killed_at + 3]
    ms = [x * 1000 for x in run.latencies] or [0.0]
    return [
        name,
        len(run.latencies),
        f"{len(run.latencies) / elapsed:.0f}",
        f"{percentile(ms, 50):.0f}",
        f"{percentile(ms, 99):.0f}",
        len(sockets),
        *recovery(sockets, killed_at),
        sum(s.gaps for s in sockets),
        sum(s.stale for s in sockets),
        len(run.errors) - len(after),
        len(after),
    ]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench stack", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--layout", choices=("split", "daphne"), default="split")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--counters", type=int, default=20)
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument(
        "--displays", type=int, default=50, help="of the sockets; the rest are phones"
    )
    parser.add_argument("--connect-rate", type=float, default=50, help="new sockets per second")
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"comma-separated, of {', '.join(SCENARIOS)}",
    )
    parser.add_argument("--keep-running", action="store_true", help="use and keep a running stack")
    args = parser.parse_args(argv)
    args.scenarios = args.scenarios.split(",")
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")

    if not args.keep_running:
        subprocess.run([*LOCAL_STACK, "stop"], check=True)
        subprocess.run(
            [*LOCAL_STACK, "start", "--layout", args.layout], check=True, stdout=subprocess.DEVNULL
        )
    try:
        rows, issued = asyncio.run(_measure(args))
        verdict = _verify(issued)
    finally:
        if not args.keep_running:
            subprocess.run([*LOCAL_STACK, "stop"], check=True)
    layout = stack_state()["layout"] if args.keep_running else args.layout
    print(f"layout: {layout}, {args.seconds:.0f} s per scenario, through nginx (TLS)")
    print_table(
        [
            "scenario",
            "cycles",
            "cycles/s",
            "p50 ms",
            "p99 ms",
            "sockets",
            "dropped",
            "all back after s",
            "not back",
            "gaps",
            "stale frames",
            "errors at kill",
            "errors after",
        ],
        rows,
    )
    print("database: " + ", ".join(f"{k} {v}" for k, v in verdict.items()))


async def _measure(args) -> tuple[list, list[int]]:
    import httpx

    origin = stack_state()["url"]
    tokens = run_db_task("setup", str(max(args.counters, args.concurrency)))
    async with httpx.AsyncClient(base_url=origin, verify=False) as client:
        offered = (await client.get(f"/api/v1/centres/{CENTRE}/services/")).json()
        services = [s["code"] for s in offered if s["daily_cap"] is None]
        # Phones follow tickets of another centre: connected all along, quiet most of the time.
        phone_service = (await client.get(f"/api/v1/centres/{PHONE_CENTRE}/services/")).json()[0]
        body = {"services": [phone_service["code"]]}
        phones: list[str] = []
        wanted = args.sockets - args.displays if args.scenarios != ["cycles"] else 0
        if wanted:
            progress(f"issuing {wanted} tickets at {PHONE_CENTRE} for the phone sockets")
        while len(phones) < wanted:
            batch = min(20, wanted - len(phones))
            issued = await asyncio.gather(
                *(
                    issue(client, f"/api/v1/centres/{PHONE_CENTRE}", body, None)
                    for _ in range(batch)
                )
            )
            phones += [ticket["token"] for ticket in issued if ticket]
    rows, issued = [], []
    plans = [
        ("cycles", dict(counters=args.concurrency, phones=[], displays=0, kill=False)),
        (
            "sockets",
            dict(counters=args.counters, phones=phones, displays=args.displays, kill=False),
        ),
        (
            "failover",
            dict(counters=args.counters, phones=phones, displays=args.displays, kill=True),
        ),
    ]
    for name, plan in plans:
        if name not in args.scenarios:
            continue
        progress(f"scenario {name}: {plan['counters']} counters, {args.seconds:.0f} s")
        run, elapsed, sockets, killed_at = await scenario(
            origin, tokens, services, seconds=args.seconds, connect_rate=args.connect_rate, **plan
        )
        rows.append(summary(name, run, elapsed, sockets, killed_at))
        for reason, count in run.reasons.most_common():
            progress(f"{name}: {count} × {reason}")
        issued += run.issued
        if plan["kill"]:
            subprocess.run([*LOCAL_STACK, "start-worker", "a"], check=True)
    await drain(origin, tokens)
    return rows, issued


async def drain(origin: str, tokens: dict) -> None:
    """Serve whatever still waits, so every ticket issued can be checked as done."""
    import httpx

    base = f"/api/v1/centres/{CENTRE}"
    async with httpx.AsyncClient(base_url=origin, verify=False, timeout=30) as client:

        async def serve(number: str, token: str) -> None:
            auth = {"Authorization": f"Token {token}"}
            for _bounded in range(10_000):
                called = await client.post(
                    f"{base}/counters/{number}/call-next/", headers=auth, json=DONE_NEXT
                )
                if called.status_code != 200:  # 204: finished, and nobody else waits
                    return

        await asyncio.gather(*(serve(n, t) for n, t in tokens.items()))


def _verify(issued: list[int]) -> dict:
    path = Path(stack_state()["env"]["NAFITHA_DATA_DIR"]) / "bench-issued.json"
    path.write_text(json.dumps(issued))
    return run_db_task("verify", str(path))
