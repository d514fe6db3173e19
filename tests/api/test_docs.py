"""The API docs page works on a centre network without internet: every asset is ours."""

import re

SOURCES = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


def test_it_serves_the_docs_page_from_its_own_origin_only(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = SOURCES.findall(html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert [a for a in assets if not a.startswith("/")] == []
    assert "cdn" not in html.lower()
    assert "@latest" not in html


def test_it_serves_the_swagger_set_up_script_as_a_file_not_inline(client, db):
    html = client.get("/api/v1/docs/").content.decode()
    assert re.findall(r"<script>\s*\S", html) == []
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
    assert "/api/v1/schema/" in script.content.decode()
