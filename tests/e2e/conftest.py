"""Browser tests drive a real Daphne server on a free port, loaded with the demo centres.

The server runs in its own process on a fresh SQLite database (or, when DATABASE_URL points
at PostgreSQL, on a database of its own), so tests talk to it only over HTTP and websockets,
as a kiosk, display or browser would.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "NAFITHA_DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "THROTTLE_TICKET_ISSUE": "1000/min",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def start_server(data_dir: Path, *, seed: bool = True) -> tuple[subprocess.Popen, str]:
    env = server_env(data_dir)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    if seed:
        subprocess.run([*manage, "seed_demo"], env=env, check=True, cwd=ROOT, capture_output=True)
    port = free_port()
    log = open(data_dir / "server.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "nafitha.asgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/api/v1/centres/", timeout=2)
            return proc, url
        except OSError as exc:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log_text = (data_dir / "server.log").read_text()
                raise RuntimeError(f"server did not start: {log_text}") from exc
            time.sleep(0.2)


@pytest.fixture(scope="session")
def live_url(tmp_path_factory):
    """Base URL of a running Nafitha with the demo centres (shared by the session)."""
    proc, url = start_server(tmp_path_factory.mktemp("live"))
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium"}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and rendered files kept after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
