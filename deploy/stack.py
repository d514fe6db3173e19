"""Render the nginx site, and run a production-like Nafitha on loopback (the local stack).

    python deploy/stack.py render-nginx --server-name queue.example.jo --workers 4 > site.conf
    deploy/local-stack start [--layout split|daphne] | stop | status
    deploy/local-stack kill-worker a | start-worker a

The local stack is nginx (Debian package, its own prefix, TLS with a throw-away
certificate) in front of gunicorn for HTTP and two Daphne workers, `a` and `b`, for
websockets (the split layout; with `--layout daphne` the Daphne workers serve HTTP too),
with production settings: DEBUG off, a generated secret key, a PostgreSQL
database of its own and a Redis channel-layer prefix of its own. It writes everything under
NAFITHA_STACK_DIR (default var/local-stack/) and describes itself in state.json there.
No Django import here: this runs before the database exists.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import string
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "nafitha.conf.template"
BIN = Path(sys.executable).parent
STACK_DIR = Path(os.environ.get("NAFITHA_STACK_DIR", ROOT / "var" / "local-stack"))
PG_SERVER = os.environ.get("NAFITHA_STACK_PG", "postgres://127.0.0.1:5432")
PG_DATABASE = os.environ.get("NAFITHA_STACK_DB", "nafitha_stack")
REDIS_URL = os.environ.get("NAFITHA_STACK_REDIS_URL", "redis://127.0.0.1:6379/0")
WORKERS = ("a", "b")


# --- Commands, shared with the systemd units and docker-compose ------------------------------


def daphne_command(port: int) -> list[str]:
    """Same arguments as deploy/systemd/nafitha-daphne@.service (a test checks)."""
    return [
        str(BIN / "daphne"),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--verbosity",
        "0",
        "--no-server-name",
        "--application-close-timeout",
        "10",
        "nafitha.asgi:application",
    ]


def gunicorn_command(port: int) -> list[str]:
    """Same arguments as deploy/systemd/nafitha-gunicorn.service (a test checks).

    Sync workers, two per core: requests are CPU-bound Django work, and threads only added
    contention (docs/deploy.md, "Process layout").
    """
    return [
        str(BIN / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "4",
        "--max-requests",
        "10000",
        "--max-requests-jitter",
        "1000",
        "--graceful-timeout",
        "15",
        "nafitha.wsgi:application",
    ]


def render_nginx(
    *,
    server_name: str,
    http_listen: str,
    https_listen: str,
    cert: str,
    key: str,
    static_root: str,
    log_dir: str,
    ws_servers: list[str],
    http_servers: list[str],
    limit_exempt: list[str] = (),
) -> str:
    """The site configuration: the template with its ${NAFITHA_...} placeholders filled in.

    `limit_exempt`: client networks nginx's per-client limits do not count (a load generator,
    a centre whose screens share one address)."""

    def servers(addresses: list[str], max_fails: int) -> str:
        return " ".join(f"server {a} max_fails={max_fails} fail_timeout=5s;" for a in addresses)

    values = {
        "NAFITHA_SERVER_NAME": server_name,
        "NAFITHA_HTTP_LISTEN": http_listen,
        "NAFITHA_HTTPS_LISTEN": https_listen,
        "NAFITHA_TLS_CERT": cert,
        "NAFITHA_TLS_KEY": key,
        "NAFITHA_STATIC_ROOT": static_root.rstrip("/"),
        "NAFITHA_LOG_DIR": log_dir,
        # Sockets: a dead worker refuses at once and nginx tries the next, so never mark a
        # worker down; after a burst of reconnecting screens it would empty the whole pool.
        "NAFITHA_WS_SERVERS": servers(ws_servers, max_fails=0),
        # HTTP: a worker that fails 3 times is left alone for 5 s (a hung one, too).
        "NAFITHA_HTTP_SERVERS": servers(http_servers, max_fails=3),
        "NAFITHA_LIMIT_EXEMPT": " ".join(f"{network} 1;" for network in limit_exempt),
    }
    text = string.Template(TEMPLATE.read_text()).safe_substitute(values)
    left = sorted(set(re.findall(r"\$\{(NAFITHA_\w+)\}", text)))
    if left:
        raise ValueError(f"unfilled placeholders in the nginx template: {left}")
    return text


# --- Processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_pids(port: int) -> set[int]:
    """PIDs with a listening socket on the port: the real servers, not a wrapper's PID."""
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True)
    return {int(pid) for pid in re.findall(r"pid=(\d+)", out.stdout)}


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie we spawned earlier in this process is not alive
        done, _status = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


def stop_pids(pids: set[int], sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def spawn(command: list[str], *, env: dict, log: Path) -> int:
    with log.open("ab") as out:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return proc.pid


def wait_http(url: str, *, pid: int, log: Path, timeout: float = 60) -> None:
    context = ssl._create_unverified_context()  # the stack's own throw-away certificate
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if not alive(pid) or time.monotonic() > deadline:
            raise SystemExit(f"{url} did not come up; see {log}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


# --- The local stack --------------------------------------------------------------------------


class Stack:
    def __init__(self, directory: Path = STACK_DIR):
        self.dir = directory
        self.state_file = directory / "state.json"

    def state(self) -> dict:
        if not self.state_file.exists():
            raise SystemExit(f"no local stack in {self.dir}; run `deploy/local-stack start`")
        return json.loads(self.state_file.read_text())

    def save(self, state: dict) -> None:
        self.state_file.write_text(json.dumps(state, indent=2))

    def env(self, state: dict) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(state["env"])
        return env

    def manage(self, state: dict, *args: str) -> None:
        with (self.dir / "logs" / "manage.log").open("ab") as log:
            done = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.env(state),
                stdout=log,
                stderr=log,
            )
        if done.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed; see {self.dir}/logs/manage.log")

    def start(self, layout: str = "split") -> dict:
        if self.state_file.exists():
            running = [n for n, pid in self._pids(self.state()).items() if alive(pid)]
            if running:
                raise SystemExit(
                    f"the local stack is running ({', '.join(running)}); stop it first"
                )
        shutil.rmtree(self.dir, ignore_errors=True)
        for sub in ("data", "static", "metrics", "logs", "nginx/tmp", "tls"):
            (self.dir / sub).mkdir(parents=True)
        https, http = free_port(), free_port()
        origin = f"https://127.0.0.1:{https}"
        database_url = f"{PG_SERVER}/{PG_DATABASE}"
        state = {
            "layout": layout,
            "url": origin,
            "https_port": https,
            "http_port": http,
            "database_url": database_url,
            "workers": {name: {"port": free_port(), "pid": None} for name in WORKERS},
            "gunicorn": {"port": free_port(), "pid": None} if layout == "split" else None,
            "nginx": {"pid": None},
            "env": {
                "DEBUG": "false",
                "NAFITHA_REQUIRE_SECRET_KEY": "true",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "USE_TLS": "true",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "CSRF_TRUSTED_ORIGINS": origin,
                "NAFITHA_PUBLIC_URL": origin,
                "DATABASE_URL": database_url,
                # As production should (docs/deploy.md): a pool per worker process.
                "DB_POOL": "true",
                "REDIS_URL": REDIS_URL,
                "CHANNEL_LAYER_PREFIX": f"nafitha-stack-{secrets.token_hex(4)}",
                "NAFITHA_DATA_DIR": str(self.dir / "data"),
                "STATIC_ROOT": str(self.dir / "static"),
                "NAFITHA_STATIC_MANIFEST": "true",
                "PROMETHEUS_MULTIPROC_DIR": str(self.dir / "metrics"),
                "LOG_FORMAT": "json",
                "LOG_LEVEL": "WARNING",
                "OPS_LOG_LEVEL": "INFO",
                # One load generator is one client address: lift the per-client rates. Per
                # second, not per minute: a throttle keeps every request of its window in
                # its history (read and written back on each request), and a minute of a
                # benchmark's requests made that history the cost being measured.
                "THROTTLE_TICKET_ISSUE": "1000000/s",
                "THROTTLE_AUTH": "1000000/s",
                "THROTTLE_PUBLIC_READ": "1000000/s",
                "THROTTLE_PUBLIC_WRITE": "1000000/s",
                "NAFITHA_KIOSK_THROTTLE": "1000000/s",
                "NAFITHA_WS_PER_CLIENT": "1000000",
                "NAFITHA_REMOTE_TICKETS_PER_CLIENT": "1000000",
                "NAFITHA_REMOTE_QUEUE_SHARE": "1",
                "NAFITHA_REMOTE_CAP_SHARE": "1",
                # nginx sets X-Forwarded-For from its peer; the workers believe that one hop.
                "NAFITHA_TRUSTED_PROXIES": "1",
            },
        }
        self.save(state)
        (self.dir / "nafitha.env").write_text(
            "".join(f"{k}={v}\n" for k, v in state["env"].items())
        )
        self._create_database()
        self.manage(state, "migrate", "--noinput", "-v0")
        self.manage(state, "seed_demo")
        self.manage(state, "collectstatic", "--noinput", "-v0")
        self._write_nginx(state)
        for name in WORKERS:
            self._start_worker(state, name)
        if state["gunicorn"]:
            log = self.dir / "logs" / "gunicorn.log"
            port = state["gunicorn"]["port"]
            state["gunicorn"]["pid"] = spawn(gunicorn_command(port), env=self.env(state), log=log)
            self.save(state)
            wait_http(f"http://127.0.0.1:{port}/healthz", pid=state["gunicorn"]["pid"], log=log)
        log = self.dir / "logs" / "nginx.log"
        command = [
            "nginx",
            "-p",
            str(self.dir / "nginx"),
            "-c",
            str(self.dir / "nginx" / "nginx.conf"),
            "-e",
            str(log),
            "-g",
            "daemon off;",
        ]
        state["nginx"]["pid"] = spawn(command, env=self.env(state), log=log)
        self.save(state)
        wait_http(f"{origin}/healthz", pid=state["nginx"]["pid"], log=log)
        return state

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')

    def _write_nginx(self, state: dict) -> None:
        tls = self.dir / "tls"
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "7",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                str(tls / "key.pem"),
                "-out",
                str(tls / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )
        workers = [f"127.0.0.1:{w['port']}" for w in state["workers"].values()]
        http = [f"127.0.0.1:{state['gunicorn']['port']}"] if state["gunicorn"] else workers
        nginx = self.dir / "nginx"
        site = render_nginx(
            server_name="127.0.0.1 localhost",
            http_listen=f"127.0.0.1:{state['http_port']}",
            https_listen=f"127.0.0.1:{state['https_port']}",
            cert=str(tls / "cert.pem"),
            key=str(tls / "key.pem"),
            static_root=state["env"]["STATIC_ROOT"],
            log_dir=str(self.dir / "logs"),
            ws_servers=workers,
            http_servers=http,
            limit_exempt=["127.0.0.1"],
        )
        (nginx / "nafitha.conf").write_text(site)
        temp = "\n".join(
            f"    {kind}_temp_path {nginx / 'tmp' / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # As root, workers would switch to nobody, who cannot read the files in this tree.
        user = "user root root;\n" if os.geteuid() == 0 else ""
        (nginx / "nginx.conf").write_text(
            f"{user}worker_processes auto;\nworker_rlimit_nofile 16384;\n"
            f"pid {nginx / 'nginx.pid'};\nerror_log {self.dir / 'logs' / 'nginx-error.log'} warn;\n"
            "events { worker_connections 8192; }\n"
            "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
            f"    sendfile on;\n    tcp_nopush on;\n    types_hash_max_size 2048;\n{temp}\n"
            f"    include {nginx / 'nafitha.conf'};\n}}\n"
        )

    def _start_worker(self, state: dict, name: str) -> None:
        worker = state["workers"][name]
        log = self.dir / "logs" / f"daphne-{name}.log"
        worker["pid"] = spawn(daphne_command(worker["port"]), env=self.env(state), log=log)
        self.save(state)
        wait_http(f"http://127.0.0.1:{worker['port']}/healthz", pid=worker["pid"], log=log)

    def start_worker(self, name: str) -> dict:
        state = self.state()
        if alive(state["workers"][name]["pid"]):
            raise SystemExit(f"worker {name} is already running")
        self._start_worker(state, name)
        return state

    def kill_worker(self, name: str, sig: int = signal.SIGKILL) -> dict:
        """Kill one worker the hard way (a crash), or with SIGTERM (a restart)."""
        state = self.state()
        worker = state["workers"][name]
        stop_pids({p for p in (worker["pid"],) if p} | listening_pids(worker["port"]), sig)
        worker["pid"] = None
        self.save(state)
        return state

    def _pids(self, state: dict) -> dict[str, int | None]:
        pids = {f"worker {n}": w["pid"] for n, w in state["workers"].items()}
        pids["nginx"] = state["nginx"]["pid"]
        if state["gunicorn"]:
            pids["gunicorn"] = state["gunicorn"]["pid"]
        return pids

    def _ports(self, state: dict) -> list[int]:
        ports = [
            state["https_port"],
            state["http_port"],
            *(w["port"] for w in state["workers"].values()),
        ]
        return ports + ([state["gunicorn"]["port"]] if state["gunicorn"] else [])

    def stop(self) -> None:
        if not self.state_file.exists():
            return
        state = self.state()
        pids = {pid for pid in self._pids(state).values() if pid}
        for port in self._ports(state):
            pids |= listening_pids(port)
        stop_pids(pids)
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        self.state_file.unlink()

    def status(self) -> dict:
        state = self.state()
        return {
            name: ("running" if alive(pid) else "stopped")
            for name, pid in self._pids(state).items()
        }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="local-stack", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="create the database, start workers and nginx")
    start.add_argument(
        "--layout",
        choices=("daphne", "split"),
        default="split",
        help="split: gunicorn serves HTTP, Daphne /ws/ (default); daphne: Daphne serves both",
    )
    sub.add_parser("stop", help="stop every process and drop the stack's database")
    sub.add_parser("status", help="which processes run")
    for verb in ("kill-worker", "start-worker"):
        sub.add_parser(verb).add_argument("name", choices=WORKERS)
    render = sub.add_parser("render-nginx", help="print the nginx site for a systemd host")
    render.add_argument("--server-name", required=True)
    render.add_argument("--workers", type=int, default=4, help="Daphne ports 8001..800N")
    render.add_argument("--layout", choices=("daphne", "split"), default="split")
    render.add_argument("--static-root", default="/var/lib/nafitha/static")
    render.add_argument("--cert", default="/etc/nafitha/tls/fullchain.pem")
    render.add_argument("--key", default="/etc/nafitha/tls/privkey.pem")
    render.add_argument(
        "--limit-exempt",
        action="append",
        default=[],
        metavar="NETWORK",
        help="client network nginx's per-client limits do not count (repeatable)",
    )
    args = parser.parse_args(argv)

    stack = Stack()
    if args.command == "render-nginx":
        workers = [f"127.0.0.1:{8001 + i}" for i in range(args.workers)]
        print(
            render_nginx(
                server_name=args.server_name,
                http_listen="80",
                https_listen="443",
                cert=args.cert,
                key=args.key,
                static_root=args.static_root,
                log_dir="/var/log/nginx",
                ws_servers=workers,
                http_servers=["127.0.0.1:8000"] if args.layout == "split" else workers,
                limit_exempt=args.limit_exempt,
            ),
            end="",
        )
    elif args.command == "start":
        state = stack.start(args.layout)
        print(json.dumps({"url": state["url"], "layout": state["layout"], "dir": str(stack.dir)}))
    elif args.command == "stop":
        stack.stop()
    elif args.command == "status":
        print(json.dumps(stack.status()))
    elif args.command == "kill-worker":
        stack.kill_worker(args.name)
    elif args.command == "start-worker":
        stack.start_worker(args.name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
