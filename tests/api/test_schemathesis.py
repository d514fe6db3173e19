"""The whole API under property-based fuzzing (schemathesis over the drf-spectacular schema).

Every operation is called as each kind of caller (anonymous, kiosk device, agent, supervisor,
manager, analyst) with generated valid and invalid input; no answer may be a 5xx or break the
documented response schema. Path parameters are narrowed to the fixture's real objects (plus
one unknown value each), so the generated bodies and query strings reach the views' logic
instead of stopping at a 404. The number of examples is bounded to keep the run short.
"""

import contextlib
import io
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

from feedback import services
from feedback.models import FeedbackTablet
from kiosk.activation import device_new_token
from kiosk.models import KioskDevice
from nafitha.wsgi import application
from queueing import engine
from staff.models import Staff
from tests.conftest import make_staff

EXAMPLES_PER_OPERATION = 8

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"mode": "all", "max-examples": EXAMPLES_PER_OPERATION, "no-shrink": True},
        "phases": {
            "examples": {"enabled": False},
            "coverage": {"enabled": False},
            "stateful": {"enabled": False},
        },
        "suppress-health-check": ["all"],
    }
)


CALLERS = ["anonymous", "kiosk", "agent", "supervisor", "manager", "analyst"]
# Path parameters take one of these names; each test maps them to the fixture's objects (or
# to something that does not exist), so the generated bodies and query strings reach the
# views' logic instead of stopping at a 404.
PLACES = {
    "code": ["centre", "unknown"],
    "number": ["counter", "counter2", "unknown"],
    "token": ["waiting", "called", "unknown"],
    "ticket_id": ["waiting", "called", "unknown"],
    "staff_id": ["agent", "supervisor", "unknown"],
    "reference": ["complaint", "unknown"],
    "device_token": ["tablet", "unknown"],
}


def _openapi() -> dict:
    """The API's OpenAPI document, as /api/v1/schema/ serves it, with known path parameters
    narrowed to the names in PLACES (its generator's warnings are for the docs, not here)."""
    with contextlib.redirect_stderr(io.StringIO()):
        document = SchemaGenerator().get_schema(request=None, public=True)
        raw = json.loads(OpenApiJsonRenderer().render(document))
    for operations in raw["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in PLACES:
                    parameter["schema"] = {"type": "string", "enum": PLACES[parameter["name"]]}
    return raw


def application_in_test(environ, start_response):
    """The project's WSGI application, inside the test's transaction: like Django's test
    client, it keeps the request's end from closing the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(_openapi(), config=CONFIG)
schema.app = application_in_test


@pytest.fixture
def world(centre, passport, licence, bundle, counter, counter2, alice, sam, open_counter):
    """A centre at work: a called ticket, a waiting one, a complaint, a tablet, and one
    account (or device) per kind of caller."""
    waiting = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    engine.ticket_issue(centre=centre, service_codes=["licence-renewal"])
    called = engine.ticket_call_next(counter=open_counter, staff=alice)
    complaint = services.request_submit(
        kind="complaint", body="The queue did not move.", centre=centre, service=passport
    )
    tablet = FeedbackTablet.objects.create(centre=centre, counter=counter)
    device_token = device_new_token(KioskDevice(centre=centre, name="Hall kiosk 1"))
    staff = {
        "agent": alice,
        "supervisor": sam,
        "manager": make_staff("maha", centre, role=Staff.Role.MANAGER),
        "analyst": make_staff("nour", None, role=Staff.Role.ANALYST),
    }
    return {
        "path": {
            "code": {"centre": centre.code, "unknown": "nowhere"},
            "number": {"counter": 1, "counter2": 2, "unknown": 99},
            "token": {"waiting": waiting.token, "called": called.token, "unknown": "nope"},
            "ticket_id": {"waiting": waiting.pk, "called": called.pk, "unknown": 10**9},
            "staff_id": {"agent": alice.pk, "supervisor": sam.pk, "unknown": 10**9},
            "reference": {"complaint": complaint.reference, "unknown": "NOPE"},
            "device_token": {"tablet": tablet.token, "unknown": "nope"},
        },
        "headers": {
            "anonymous": {},
            "kiosk": {"Authorization": f"Device {device_token}"},
            **{
                role: {"Authorization": f"Token {Token.objects.create(user=s.user).key}"}
                for role, s in staff.items()
            },
        },
    }


@schema.parametrize()
def test_no_operation_fails_or_breaks_its_schema(case, world):
    """Each generated request is sent once as every kind of caller (one world per
    operation keeps the run short)."""
    for name, value in (case.path_parameters or {}).items():
        case.path_parameters[name] = world["path"].get(name, {}).get(value, value)
    for caller in CALLERS:
        try:
            case.call_and_validate(
                headers=world["headers"][caller],
                checks=[not_a_server_error, response_schema_conformance],
            )
        except Exception as failure:
            failure.add_note(f"Sent as: {caller}")
            raise
