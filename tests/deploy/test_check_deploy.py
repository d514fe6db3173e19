import os
import subprocess
import sys

from django.core.management.utils import get_random_secret_key

from tests.deploy.conftest import DEPLOY, ROOT, read_env_file


def test_it_passes_check_deploy_with_the_example_production_settings(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text(get_random_secret_key())
    (tmp_path / "metrics").mkdir()
    env = {
        "PATH": os.environ["PATH"],
        **read_env_file(DEPLOY / "nafitha.env.example"),
        # Paths of a real host, moved into the test's folder.
        "SECRET_KEY_FILE": str(key),
        "NAFITHA_DATA_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Every deployment warning counts (other apps' schema warnings are not about deployment).
    assert "(security." not in done.stdout + done.stderr
