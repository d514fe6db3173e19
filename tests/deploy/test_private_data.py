"""The embedded default keeps its secret key and SQLite database away from other accounts."""

import os
import stat
import subprocess
import sys

from tests.deploy.conftest import ROOT

OPEN_DATABASE = (
    "import django; django.setup(); from django.db import connection; "
    "connection.ensure_connection(); connection.cursor().execute('CREATE TABLE t (x int)')"
)


def _start_embedded(data_dir) -> None:
    """Start Django as `./dev demo` does (no SECRET_KEY, no DATABASE_URL), with umask 022."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "nafitha.settings",
        "NAFITHA_DATA_DIR": str(data_dir),
    }
    done = subprocess.run(
        [sys.executable, "-c", OPEN_DATABASE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert done.returncode == 0, done.stderr


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_it_creates_the_data_folder_key_and_database_for_the_owner_only(tmp_path):
    data_dir = tmp_path / "var"

    _start_embedded(data_dir)

    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "secret_key") == 0o600
    assert len((data_dir / "secret_key").read_text().strip()) >= 50
    for name in ("nafitha.sqlite3", "nafitha.sqlite3-wal", "nafitha.sqlite3-shm"):
        if (data_dir / name).exists():
            assert _mode(data_dir / name) == 0o600, name
    assert (data_dir / "nafitha.sqlite3").stat().st_size > 0


def test_it_narrows_an_existing_world_readable_installation_and_keeps_its_key(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    key = data_dir / "secret_key"
    key.write_text("an-existing-key-" * 4)
    key.chmod(0o644)
    database = data_dir / "nafitha.sqlite3"
    database.touch()
    database.chmod(0o644)

    _start_embedded(data_dir)

    assert _mode(data_dir) == 0o700
    assert _mode(key) == 0o600
    assert key.read_text() == "an-existing-key-" * 4
    assert _mode(database) == 0o600
