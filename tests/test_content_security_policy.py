"""The Content-Security-Policy allows no inline script, handler or style: templates and
scripts must not need one, and only the kiosk's ticket PDF may be framed (by this site)."""

import re
from pathlib import Path

import pytest

from queueing import engine

ROOT = Path(__file__).resolve().parents[1]
# The project's own files: not the virtualenv, nor static files collected at run time (var/
# holds the local stack's, with Django admin's and the API docs' scripts).
APPS = [p for p in ROOT.iterdir() if p.is_dir() and p.name not in {".venv", "staticfiles", "var"}]
TEMPLATES = sorted(p for app in APPS for p in app.glob("**/templates/**/*.html"))
SCRIPTS = sorted(p for app in APPS for p in app.glob("**/static/**/*.js"))
INLINE = re.compile(
    r"<[a-z][^>]*\s(?:on[a-z]+|style)\s*=|<style\b|<script(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)",
    re.I,
)
HTML_FROM_STRINGS = re.compile(r"\.(?:inner|outer)HTML\s*=|insertAdjacentHTML|document\.write")


def test_it_finds_the_templates_and_scripts():
    assert len(TEMPLATES) > 20 and len(SCRIPTS) > 5


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_handler_or_style(path):
    assert INLINE.findall(path.read_text()) == []


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_script_builds_markup_from_strings(path):
    """Markup from strings could carry inline handlers or styles the policy refuses."""
    assert HTML_FROM_STRINGS.findall(path.read_text()) == []


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_pages_may_not_be_framed_but_the_ticket_pdf_may_by_this_site(client, centre, passport):
    page = directives(client.get("/complaints/"))
    assert page["script-src"] == "'self'" and page["style-src"] == "'self'"
    assert page["frame-ancestors"] == "'none'" and page["object-src"] == "'none'"

    ticket = engine.ticket_issue(centre=centre, service_codes=[passport.code]).ticket
    pdf = client.get(f"/kiosk/tickets/{ticket.token}.pdf")
    assert pdf.status_code == 200
    assert directives(pdf)["frame-ancestors"] == "'self'"
