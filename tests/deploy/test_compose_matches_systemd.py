"""docker-compose, the systemd units, the image and the local stack run the same commands
with the same settings; only service addresses differ."""

import json
import re
import shlex

import pytest
from django.core.management import get_commands

from tests.deploy.conftest import DEPLOY, read_env_file, read_unit

SERVICES = [
    "nafitha-daphne@.service",
    "nafitha-gunicorn.service",
    "nafitha-aggregate-daily.service",
    "nafitha-backup.service",
]


def normalised(command: list[str]) -> list[str]:
    """Program name without its folder, and the listening address left out."""
    command = [command[0].rsplit("/", 1)[-1], *command[1:]]
    if "--bind" in command:
        at = command.index("--bind") + 1
        command[at] = command[at].replace("0.0.0.0", "ADDRESS").replace("127.0.0.1", "ADDRESS")
    return command


def exec_start(unit: str, instance: str = "8001") -> list[str]:
    return shlex.split(read_unit(unit)["Service.ExecStart"][0].replace("%i", instance))


def test_it_runs_daphne_with_the_same_arguments_everywhere(compose, stack):
    systemd = normalised(exec_start("nafitha-daphne@.service"))
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    image = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)[1])
    assert normalised(compose["services"]["daphne"]["command"]) == systemd
    assert normalised(image) == systemd
    assert normalised(stack.daphne_command(8001)) == systemd


def test_it_runs_gunicorn_with_the_same_arguments_everywhere(compose, stack):
    systemd = normalised(exec_start("nafitha-gunicorn.service"))
    assert normalised(compose["services"]["gunicorn"]["command"]) == systemd
    assert normalised(stack.gunicorn_command(8000)) == systemd


def test_it_reads_settings_from_one_env_file(compose):
    for name in SERVICES:
        unit = read_unit(name)
        assert unit["Service.EnvironmentFile"] == ["/etc/nafitha/nafitha.env"], name
        assert "Service.Environment" not in unit, f"{name}: put settings in the env file"
    app = compose["x-app"]
    assert app["env_file"] == "nafitha.env"
    assert set(app["environment"]) == {"DATABASE_URL", "REDIS_URL"}


def test_it_mounts_the_paths_the_settings_name(compose):
    example = read_env_file(DEPLOY / "nafitha.env.example")
    app = compose["x-app"]
    targets = {volume.split(":")[1] for volume in app["volumes"]}
    assert {
        example["SECRET_KEY_FILE"],
        example["STATIC_ROOT"],
        example["NAFITHA_DATA_DIR"],
    } <= targets
    assert app["tmpfs"] == [example["PROMETHEUS_MULTIPROC_DIR"]]
    assert (
        example["PROMETHEUS_MULTIPROC_DIR"]
        in (DEPLOY / "systemd" / "nafitha.tmpfiles.conf").read_text()
    )
    assert (
        compose["services"]["nginx"]["environment"]["NAFITHA_STATIC_ROOT"] == example["STATIC_ROOT"]
    )
    for name in SERVICES:
        assert read_unit(name).get("Service.WorkingDirectory", ["/srv/nafitha"]) == ["/srv/nafitha"]
    assert "WORKDIR /srv/nafitha" in (DEPLOY / "Dockerfile").read_text()


def test_it_fills_every_nginx_placeholder_in_compose(compose):
    template = (DEPLOY / "nginx" / "nafitha.conf.template").read_text()
    placeholders = set(re.findall(r"\$\{(NAFITHA_\w+)\}", template))
    assert set(compose["services"]["nginx"]["environment"]) == placeholders
    daphne_port = compose["services"]["daphne"]["command"][
        compose["services"]["daphne"]["command"].index("--port") + 1
    ]
    assert (
        f"server daphne:{daphne_port} "
        in compose["services"]["nginx"]["environment"]["NAFITHA_WS_SERVERS"]
    )
    gunicorn_bind = compose["services"]["gunicorn"]["command"][
        compose["services"]["gunicorn"]["command"].index("--bind") + 1
    ]
    assert (
        f"server gunicorn:{gunicorn_bind.rsplit(':', 1)[1]} "
        in compose["services"]["nginx"]["environment"]["NAFITHA_HTTP_SERVERS"]
    )


@pytest.mark.parametrize(
    ("unit", "command"),
    [
        ("nafitha-aggregate-daily.service", "aggregate_daily"),
        ("nafitha-calibrate-estimates.service", "calibrate_estimates"),
        ("nafitha-notifications.service", "send_notifications"),
        ("nafitha-escalate.service", "escalate_requests"),
        ("nafitha-anonymise.service", "anonymise_requests"),
        ("nafitha-expire-remote.service", "expire_remote_tickets"),
    ],
)
def test_it_schedules_management_commands_that_exist(unit, command):
    assert exec_start(unit)[1:3] == ["manage.py", command]
    assert command in get_commands()


def test_it_runs_the_notification_worker_in_compose_too(compose):
    command = compose["services"]["notifications"]["command"]
    assert command[1:] == ["manage.py", "send_notifications"]
