"""One staff navigation bar on every staff page, offering only the pages the person may open."""

import re

import pytest

from feedback.models import DepartmentOfficer
from staff.models import Staff
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db
NAV = re.compile(r'<nav class="staff-nav".*?</nav>', re.S)


def nav_links(html: str) -> list[str]:
    match = NAV.search(html)
    assert match, "no staff navigation bar"
    return re.findall(r'<a href="([^"]+)"', match.group(0))


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/amman/",
        "/complaints/manage/",
        "/feedback/improvements/",
        "/scorecard/amman/",
        "/appointments/amman/",
    ],
)
def test_it_shows_a_manager_the_same_bar_on_every_staff_page(client, centre, url):
    manager = make_staff("maryam", centre, role=Staff.Role.MANAGER)
    client.force_login(manager.user)
    html = client.get(url).content.decode()
    assert nav_links(html) == [
        "/counter/amman/supervisor/",
        "/appointments/amman/",
        "/dashboard/",
        "/complaints/manage/",
        "/feedback/improvements/",
        "/scorecard/",
    ]
    bar = NAV.search(html).group(0)
    assert str(manager) in bar
    assert 'action="/staff/logout/"' in bar


def test_it_marks_the_page_the_person_is_on(client, centre):
    manager = make_staff("maryam", centre, role=Staff.Role.MANAGER)
    client.force_login(manager.user)
    html = client.get("/complaints/manage/").content.decode()
    assert '<a href="/complaints/manage/" aria-current="page">' in html


def test_it_offers_an_agent_only_the_counter(client, alice):
    client.force_login(alice.user)
    html = client.get("/counter/amman/").content.decode()
    assert nav_links(html) == ["/counter/amman/"]


def test_it_offers_a_department_officer_the_complaints(client, civil, django_user_model):
    user = django_user_model.objects.create_user("dina", password="x")
    DepartmentOfficer.objects.create(user=user, department=civil)
    client.force_login(user)
    assert nav_links(client.get("/complaints/manage/").content.decode()) == ["/complaints/manage/"]


def test_it_shows_no_bar_to_a_citizen(client, centre):
    assert "staff-nav" not in client.get("/complaints/").content.decode()


def test_it_names_the_links_in_arabic(client, centre):
    manager = make_staff("maryam", centre, role=Staff.Role.MANAGER)
    client.force_login(manager.user)
    client.cookies["django_language"] = "ar"
    bar = NAV.search(client.get("/scorecard/amman/").content.decode()).group(0)
    for label in ("لوحة المتابعة", "الشكاوى", "التحسينات", "بطاقة الأداء", "تسجيل الخروج"):
        assert label in bar


def test_it_marks_only_the_supervisor_view_under_the_counter_link(client, centre):
    supervisor = make_staff("sami", centre, role=Staff.Role.SUPERVISOR)
    client.force_login(supervisor.user)
    bar = NAV.search(client.get("/counter/amman/supervisor/").content.decode()).group(0)
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', bar) == [
        "/counter/amman/supervisor/"
    ]


def test_staff_learns_its_links_without_importing_the_apps_above_it():
    """The bar's entries are registered by the apps that own the pages (`staff.nav`)."""
    import ast
    from pathlib import Path

    import staff

    above = {"counters", "displays", "kiosk", "scorecard", "feedback", "demo"}
    for path in Path(staff.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in above, f"{path.name}: {node.module}"
            elif isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & above, path.name
