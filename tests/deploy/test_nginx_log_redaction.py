"""nginx's access log cuts the same secrets out of URIs as Django's logs: the shipped map and
log format run in a real nginx, and each logged URI must equal `ops.log.redact` of it."""

import http.client
import json
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time

import pytest

from ops.log import REDACTED, redact
from tests.deploy.conftest import DEPLOY
from tests.ops.test_log_redaction import route_url, routes

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")

EXTRA = [
    "/kiosk/amman/?device={s}&lang=en",
    "/kiosk/amman/?lang=en&device={s}",
    "/complaints/?lang=en&ticket={s}",
    "/complaints/status/?reference=C-ABCDE-23456-FGHJK",
    "/ws/ticket/{s}/",
    "/ws/feedback/{s}/",
    "/t/{s}/?lang=ar",
]


def _log_rules() -> str:
    """The maps and log format of the rendered site, as shipped."""
    site = subprocess.run(
        [sys.executable, str(DEPLOY / "stack.py"), "render-nginx", "--server-name", "x.jo"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.search(
        r"map \$request_uri \$nafitha_log_path.*?log_format nafitha_json.*?';", site, re.S
    )[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nginx_logs_every_uri_as_django_would_redact_it(tmp_path):
    port = _free_port()
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (tmp_path / "nginx.conf").write_text(
        f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    {_log_rules()}
    server {{
        listen 127.0.0.1:{port};
        access_log {tmp_path}/access.log nafitha_json;
        location / {{ return 204; }}
    }}
}}
"""
    )
    secret = secrets.token_urlsafe(16)
    urls = [route_url(route, secret)[0] for route in sorted(set(routes()))]
    urls += [url.format(s=secret) for url in EXTRA]
    server = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "nginx did not start"
                time.sleep(0.05)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        for url in urls:
            connection.request("GET", url)
            connection.getresponse().read()
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=10)

    logged = [
        json.loads(line)["uri"] for line in (tmp_path / "access.log").read_text().splitlines()
    ]
    assert logged == [redact(url) for url in urls]
    assert secret not in "".join(logged)
    assert sum(REDACTED in uri for uri in logged) >= len(EXTRA) + 10


def test_the_app_servers_write_no_access_log_of_their_own():
    """Daphne and gunicorn would log raw paths: nginx (redacted) and ops.access do it."""
    commands = [(DEPLOY / "docker-compose.yml").read_text()]
    commands += [unit.read_text() for unit in (DEPLOY / "systemd").glob("*.service")]
    assert not [c for c in commands if re.search(r"access[-_]log", c)]
