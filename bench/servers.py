"""Start real Nafitha servers for benchmarks and browser tests: one way, used by all."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A load generator or a browser test is one client address playing every citizen: lift the
# per-client limits that would refuse it (docs/security.md).
ONE_CLIENT_PLAYS_EVERYONE = {
    "NAFITHA_WS_PER_CLIENT": "1000000",
    "NAFITHA_REMOTE_TICKETS_PER_CLIENT": "1000000",
    "NAFITHA_REMOTE_QUEUE_SHARE": "1",
    "NAFITHA_REMOTE_CAP_SHARE": "1",
}


def server_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    """Production-like settings on a data folder of its own; `overrides` win."""
    env = {
        **os.environ,
        "NAFITHA_DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        **overrides,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def prepare_database(env: dict[str, str], *, seed: bool = True) -> None:
    manage(env, "migrate", "--noinput", "-v0")
    if seed:
        manage(env, "seed_demo")


def start_daphne(
    env: dict[str, str], log_path: Path, *, timeout: float = 30, port: int | None = None
) -> tuple:
    """Run one Daphne worker on `port` (default: a free one); return (process, base URL) once
    it answers."""
    port = port or free_port()
    with open(log_path, "a") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-v",
                "0",
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
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url + "/api/v1/centres/", timeout=2)
            return proc, url
        except OSError as exc:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(
                    f"server did not start:\n{log_path.read_text()[-3000:]}"
                ) from exc
            time.sleep(0.2)
