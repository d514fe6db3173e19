"""A fee is free, fixed or variable (with its rule): a variable fee is never "free"."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from centre.models import CentreService, Service
from tests.conftest import make_service

pytestmark = pytest.mark.django_db
RULE = {"fee_note_ar": "حسب المساحة وصنف الاستعمال", "fee_note_en": "By floor area and use class"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_tells_variable_fees_from_free_ones():
    executor = MigrationExecutor(connection)
    before, after = [("centre", "0005_public_holidays")], [("centre", "0006_fee_kind")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    department = old.get_model("centre", "Department").objects.create(
        code="d", name_ar="د", name_en="D"
    )
    old_service = old.get_model("centre", "Service").objects
    for code, fee, note in [
        ("free", 0, ""),
        ("fixed", 20, ""),
        ("variable", 0, RULE["fee_note_ar"]),
    ]:
        old_service.create(
            code=code, department=department, name_ar=code, name_en=code, fee=fee, fee_note_ar=note
        )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    kinds = dict(Service.objects.values_list("code", "fee_kind"))
    # Going back to centre 0005 also unapplied every later migration that depends on it:
    # the tests after this one need the whole schema again.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert kinds == {"free": "free", "fixed": "fixed", "variable": "variable"}


@pytest.mark.parametrize(
    "fields",
    [
        {"fee_kind": "variable"},  # no rule
        {"fee_kind": "fixed"},  # no amount
        {"fee_kind": "free", "fee": Decimal("5")},
    ],
)
def test_a_fee_must_match_its_kind(civil, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_service("bad", civil, **fields)
    assert not Service.objects.filter(code="bad").exists()


def test_the_api_says_which_kind_of_fee(client, centre, civil):
    for code, fields in {
        "free": {},
        "fixed": {"fee_kind": "fixed", "fee": Decimal("2"), "fee_note_ar": "بدل فاقد: ٥ دنانير"},
        "variable": {"fee_kind": "variable", **RULE},
    }.items():
        CentreService.objects.create(
            centre=centre, service=make_service(code, civil, **fields), letter="A"
        )
    body = {s["code"]: s for s in client.get("/api/v1/centres/amman/services/").json()}
    assert (body["free"]["fee_kind"], body["free"]["fee"]) == ("free", None)
    assert (body["fixed"]["fee_kind"], body["fixed"]["fee"]) == ("fixed", "2.000")
    variable = body["variable"]
    assert (variable["fee_kind"], variable["fee"], variable["fee_note_ar"]) == (
        "variable",
        None,
        RULE["fee_note_ar"],
    )
