"""Browser tests drive a real Daphne server on a free port, loaded with the demo centres.

The server runs in its own process on a fresh SQLite database with the in-memory channel
layer, so tests talk to it only over HTTP and websockets, as a kiosk, display or browser
would. (Several processes sharing PostgreSQL and Redis are tested in tests/displays and
tests/deploy.)
"""

import os
import re
from pathlib import Path

import pytest

from bench.servers import (
    ONE_CLIENT_PLAYS_EVERYONE,
    manage,
    prepare_database,
    server_env,
    start_daphne,
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def live_env(data_dir: Path) -> dict[str, str]:
    return server_env(data_dir, THROTTLE_TICKET_ISSUE="1000/min", **ONE_CLIENT_PLAYS_EVERYONE)


def start_server(data_dir: Path, *, seed: bool = True):
    """Migrate (and seed) a fresh database and start Daphne on it: (process, base URL)."""
    env = live_env(data_dir)
    prepare_database(env, seed=seed)
    return start_daphne(env, data_dir / "server.log")


@pytest.fixture(scope="session")
def live_data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("live")


@pytest.fixture(scope="session")
def live_url(live_data):
    """Base URL of a running Nafitha with the demo centres (shared by the session)."""
    proc, url = start_server(live_data)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def kiosk_device(live_url, live_data) -> str:
    """The token of a registered kiosk of the Amman centre, as the hall's kiosks are: only
    they may ask for messages to a phone."""
    out = manage(live_env(live_data), "create_kiosk_device", "amman", "Hall kiosk 1")
    return re.search(r"token: (\S+)", out).group(1)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium"}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and rendered files kept after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
