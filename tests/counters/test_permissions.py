"""Who may open which page, call which endpoint and act on which counter: one table."""

import json

import pytest

from counters.models import AuditLog

ROLES = ("anonymous", "agent", "supervisor", "manager", "analyst", "outsider")
API = "/api/v1/centres/amman/"


def expect(default, **by_role):
    return {role: by_role.get(role, default) for role in ROLES}


READ_SUPERVISION = expect(403, supervisor=200, manager=200)
SUPERVISE = expect(403, supervisor=200)

# (method, path, body, expected status per role). Paths are formatted with the world.
CASES = [
    ("get", "/counter/amman/", None, expect(403, anonymous=302, agent=200, supervisor=200)),
    ("get", "/counter/amman/supervisor/", None, {**READ_SUPERVISION, "anonymous": 302}),
    ("get", API + "console/", None, expect(403, agent=200, supervisor=200)),
    (
        "post",
        API + "console/1/claim/",
        {"tab": "tab-0123456789"},
        expect(403, agent=200, supervisor=200),
    ),
    (
        "post",
        API + "console/2/claim/",
        {"tab": "tab-0123456789"},
        expect(403, agent=409, supervisor=200),
    ),
    ("get", API + "supervisor/", None, READ_SUPERVISION),
    ("get", API + "supervisor/audit/", None, READ_SUPERVISION),
    ("get", API + "supervisor/pauses/", None, READ_SUPERVISION),
    # The staff counter API: agents at their own counter only, supervisors anywhere in the
    # centre; the supervisor's actions for someone else are audited.
    ("post", API + "counters/3/open/", {"staff": "{dave}"}, SUPERVISE),
    ("post", API + "counters/1/close/", {}, expect(403, agent=200, supervisor=200)),
    (
        "post",
        API + "counters/1/call-specific/",
        {"ticket": "{waiting}"},
        expect(403, agent=200, supervisor=200),
    ),
    (
        "post",
        API + "staff/{dave}/services/",
        {"universal": False, "services": ["passport-renewal"]},
        SUPERVISE,
    ),
    ("post", API + "tickets/{called}/transfer/", {"service": "licence-renewal"}, SUPERVISE),
    ("post", API + "tickets/{waiting}/cancel/", {"reason": "duplicate"}, SUPERVISE),
    ("post", API + "counters/1/call-next/", {}, expect(403, agent=200, supervisor=200)),
    ("post", API + "counters/2/recall/", {}, expect(403, supervisor=200)),
    ("get", API + "live/", None, expect(403, agent=200, supervisor=200, manager=200, analyst=200)),
]


def fill(value, world):
    ids = {"dave": world.staff["dave"].pk, "waiting": world.waiting.pk, "called": world.called.pk}
    if isinstance(value, str):
        return (
            int(ids[value[1:-1]])
            if value.startswith("{") and value.endswith("}")
            else value.format(**ids)
        )
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "body", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES]
)
def test_it_allows_each_role_only_its_own_actions(world, role, method, path, body, expected):
    client = world.client(role)
    path = fill(path, world)
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, json.dumps(fill(body, world)), content_type="application/json")
    assert response.status_code == expected[role], response.content[:300]
    if response.status_code >= 400:
        assert not AuditLog.objects.exists()


def test_it_sends_anonymous_visitors_to_the_login_page(world):
    response = world.client("anonymous").get("/counter/amman/")
    assert response["Location"].startswith("/staff/login/?next=/counter/amman/")


def test_it_refuses_an_agent_at_someone_elses_counter_with_a_reason(world):
    response = world.client("agent").post(
        API + "console/2/claim/", {"tab": "tab-0123456789"}, content_type="application/json"
    )
    assert response.json()["code"] == "counter_occupied"


def test_it_hides_names_from_the_supervisor_snapshot_of_analysts(world):
    assert world.client("analyst").get(API + "supervisor/").status_code == 403
    live = world.client("analyst").get(API + "live/").json()
    assert all(c["staff"] is None for c in live["counters"])
