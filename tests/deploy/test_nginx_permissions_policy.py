"""nginx keeps the Permissions-Policy Django sent (the camera allowed on the pages that scan
QR codes) and adds the strict one only to answers without it: one header, never two that a
browser would combine into "no camera". The shipped map and header line run in a real nginx
in front of a stand-in upstream."""

import http.client
import re
import shutil
import subprocess
import sys
import time

import pytest

from nafitha.middleware import permissions_policy
from tests.deploy.conftest import DEPLOY
from tests.deploy.test_nginx_log_redaction import _free_port

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")


def _policy_rules() -> tuple[str, str]:
    site = subprocess.run(
        [sys.executable, str(DEPLOY / "stack.py"), "render-nginx", "--server-name", "x.jo"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    mapping = re.search(r"map \$upstream_http_permissions_policy .*?\n\}", site, re.S)[0]
    header = re.search(r"add_header Permissions-Policy [^;]+;", site)[0]
    return mapping, header


def test_nginx_passes_the_apps_policy_and_fills_in_the_default(tmp_path):
    front, app = _free_port(), _free_port()
    mapping, header = _policy_rules()
    camera = permissions_policy(camera="(self)")
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (tmp_path / "nginx.conf").write_text(
        f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    {mapping}
    server {{
        listen 127.0.0.1:{app};
        location /camera/ {{ add_header Permissions-Policy "{camera}"; return 200 "ok"; }}
        location / {{ return 200 "ok"; }}
    }}
    server {{
        listen 127.0.0.1:{front};
        {header}
        location / {{ proxy_pass http://127.0.0.1:{app}; }}
    }}
}}
"""
    )
    server = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    try:
        answers = {}
        for path in ("/camera/", "/other/"):
            answers[path] = _headers(front, path, server)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert answers["/camera/"] == [camera]
    assert answers["/other/"] == [permissions_policy()]


def _headers(port: int, path: str, server: subprocess.Popen) -> list[str]:
    deadline = time.monotonic() + 10
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            return response.msg.get_all("Permissions-Policy") or []
        except OSError:
            assert time.monotonic() < deadline and server.poll() is None, "nginx did not start"
            time.sleep(0.05)
