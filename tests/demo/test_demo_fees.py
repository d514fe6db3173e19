"""The demo declares each service's fee kind, so the kiosk says "free" or "fee varies" rightly."""

import json

from centre.models import Service
from demo import data as demo


def test_it_declares_a_fee_kind_for_every_demo_service():
    specs = [spec for dept in demo.DEPARTMENTS for spec in dept["services"]]
    assert all(spec["fee_kind"] in Service.FeeKind.values for spec in specs)
    for spec in specs:
        if spec["fee_kind"] == demo.VARIABLE:
            assert spec["fee_note"]["ar"] and spec["fee_note"]["en"], spec["code"]


def test_it_seeds_services_of_every_fee_kind(seeded):
    kinds = set(Service.objects.values_list("fee_kind", flat=True))
    assert kinds == {"free", "fixed", "variable"}
    assert Service.objects.get(code="tax-clearance").fee_kind == "free"
    assert Service.objects.get(code="traffic-fines-payment").fee_kind == "variable"
    assert Service.objects.get(code="licence-renewal").fee_kind == "variable"
    assert Service.objects.get(code="passport-renewal").fee_kind == "fixed"


def test_the_kiosk_service_list_carries_the_kind_and_its_wording(client, seeded):
    services = {s["code"]: s for s in client.get("/api/v1/centres/amman/services/").json()}
    assert services["tax-clearance"]["fee_kind"] == "free"
    assert services["tax-clearance"]["fee"] is None
    variable = services["vehicle-registration-renewal"]
    assert variable["fee_kind"] == "variable" and variable["fee"] is None
    assert variable["fee_note_en"] == "By engine size and model year"
    assert services["passport-renewal"]["fee_kind"] == "fixed"
    assert services["passport-renewal"]["fee"] == "20.000"

    html = client.get("/kiosk/amman/").content.decode()
    strings = json.loads(
        html.split('id="kiosk-config" type="application/json">')[1].split("</script>")[0]
    )["strings"]
    assert strings["en"]["fee_free"] == "Free of charge"
    assert strings["en"]["fee_variable"] == "Variable fee"
    assert strings["ar"]["fee_free"] == "مجانًا"
    assert strings["ar"]["fee_variable"] == "رسوم متغيرة"
