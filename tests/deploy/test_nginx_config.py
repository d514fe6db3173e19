import re
import shutil
import subprocess
import sys

import pytest

from tests.deploy.conftest import DEPLOY


def upstream(config: str, name: str) -> list[str]:
    block = re.search(rf"upstream {name} \{{(.*?)\}}", config, re.DOTALL)[1]
    return re.findall(r"server (\S+)", block)


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx (Debian package) is not installed")
def test_it_renders_a_site_nginx_accepts(tmp_path, stack):
    local = stack.Stack(tmp_path)
    for sub in ("nginx/tmp", "tls", "logs", "static"):
        (tmp_path / sub).mkdir(parents=True)
    state = {
        "https_port": 18443,
        "http_port": 18080,
        "gunicorn": {"port": 18000},
        "workers": {"a": {"port": 18001}, "b": {"port": 18002}},
        "env": {"STATIC_ROOT": str(tmp_path / "static")},
    }
    local._write_nginx(state)
    done = subprocess.run(
        [
            "nginx",
            "-t",
            "-p",
            str(tmp_path / "nginx"),
            "-c",
            str(tmp_path / "nginx" / "nginx.conf"),
            "-e",
            str(tmp_path / "logs" / "test.log"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    site = (tmp_path / "nginx" / "nafitha.conf").read_text()
    assert upstream(site, "nafitha_ws") == ["127.0.0.1:18001", "127.0.0.1:18002"]
    assert upstream(site, "nafitha_http") == ["127.0.0.1:18000"]


def render_site(*options: str) -> str:
    command = [sys.executable, str(DEPLOY / "stack.py"), "render-nginx"]
    command += ["--server-name", "queue.example.jo", "--workers", "3", *options]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_it_renders_the_systemd_host_site_for_n_workers():
    site = render_site()
    assert upstream(site, "nafitha_ws") == ["127.0.0.1:8001", "127.0.0.1:8002", "127.0.0.1:8003"]
    assert upstream(site, "nafitha_http") == ["127.0.0.1:8000"]  # gunicorn, the split layout
    assert "server_name queue.example.jo;" in site
    assert not re.search(r"\$\{NAFITHA_\w+\}", site)


def test_the_daphne_layout_sends_http_to_the_daphne_workers_too():
    site = render_site("--layout", "daphne")
    assert upstream(site, "nafitha_http") == upstream(site, "nafitha_ws")


def test_it_refuses_to_render_with_a_placeholder_left(stack, monkeypatch, tmp_path):
    template = tmp_path / "site.template"
    template.write_text("listen ${NAFITHA_HTTPS_LISTEN}; root ${NAFITHA_UNKNOWN};")
    monkeypatch.setattr(stack, "TEMPLATE", template)
    with pytest.raises(ValueError, match="NAFITHA_UNKNOWN"):
        stack.render_nginx(
            server_name="x",
            http_listen="80",
            https_listen="443",
            cert="c",
            key="k",
            static_root="/s",
            log_dir="/l",
            ws_servers=[],
            http_servers=[],
        )


def location(site: str, head: str) -> str:
    """The body of the location block whose opening line is `location <head> {`."""
    return re.search(rf"location {re.escape(head)} \{{(.*?)\n    \}}", site, re.DOTALL)[1]


def test_it_sets_the_forwarded_address_instead_of_appending_the_clients():
    site = render_site()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "$proxy_add_x_forwarded_for" not in site
    # No second header the app could be told to believe.
    assert "X-Real-IP" not in site


def test_it_limits_the_public_endpoints_and_websockets_per_client():
    site = render_site()
    limited = {
        "~ ^/api/v1/centres/[^/]+/tickets/$": "zone=nafitha_issue",
        "~ ^/(api/v1/feedback/requests|complaints)/$": "zone=nafitha_requests",
        "= /api/v1/auth/token/": "zone=nafitha_token",
        "/ws/": "zone=nafitha_ws_open",
    }
    for head, zone in limited.items():
        assert f"limit_req {zone}" in location(site, head), head
    assert re.search(r"limit_conn nafitha_ws_conn \d+;", location(site, "/ws/"))
    lookups = next(h for h in re.findall(r"location (~ \^/\(api/v1/tickets.*?) \{", site))
    assert "limit_req zone=nafitha_lookup" in location(site, lookups)
    for path in ("/api/v1/tickets/abc/", "/t/abc/", "/complaints/R-1/", "/complaints/status/"):
        assert re.match(lookups[2:], path), path
    assert not re.match(lookups[2:], "/complaints/manage/")
    assert "limit_req_status 429;" in site and "limit_conn_status 429;" in site


def test_it_exempts_only_the_networks_it_is_given():
    assert re.search(r"geo \$nafitha_limit_exempt \{\s*default 0;\s*\}", render_site())
    site = render_site("--limit-exempt", "10.20.0.0/16", "--limit-exempt", "127.0.0.1")
    assert "10.20.0.0/16 1; 127.0.0.1 1;" in site
