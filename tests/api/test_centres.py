from queueing import engine


def test_it_lists_active_centres(api, centre):
    response = api.get("/api/v1/centres/")
    assert response.status_code == 200
    assert [c["code"] for c in response.json()] == ["amman"]
    assert response.json()[0]["is_open"] is True


def test_it_answers_404_for_an_unknown_centre(api, db):
    response = api.get("/api/v1/centres/nowhere/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_lists_services_with_documents_and_live_load(
    api, centre, passport, licence, open_counter
):
    engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    engine.ticket_issue(centre=centre, service_codes=["passport-renewal"])
    response = api.get("/api/v1/centres/amman/services/")
    by_code = {row["code"]: row for row in response.json()}
    assert by_code["passport-renewal"]["waiting"] == 2
    assert by_code["passport-renewal"]["required_documents"] == [
        {"ar": "الهوية الشخصية", "en": "National ID card"}
    ]
    assert by_code["passport-renewal"]["department"]["code"] == "civil"
    # One open universal counter; two passport renewals of 8 minutes ahead of a new ticket.
    assert by_code["passport-renewal"]["estimated_wait_seconds"] == 2 * 8 * 60
    assert by_code["licence-renewal"]["waiting"] == 0


def test_it_gives_no_estimate_when_no_counter_is_open(api, centre, passport):
    response = api.get("/api/v1/centres/amman/services/")
    assert response.json()[0]["estimated_wait_seconds"] is None


def test_it_lists_bundles_whose_services_are_all_offered(api, centre, bundle):
    response = api.get("/api/v1/centres/amman/bundles/")
    assert response.json() == [
        {
            "code": "travel",
            "name_ar": "حزمة السفر",
            "name_en": "Travel bundle",
            "letter": "P",
            "services": ["passport-renewal", "licence-renewal"],
        }
    ]


def test_it_gives_opening_hours_as_local_times_its_schema_declares(api, centre):
    hours = api.get("/api/v1/centres/amman/").json()["opening_hours"][0]
    assert (hours["opens"], hours["closes"]) == ("00:00:00", "23:59:59")
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    closes = schema["components"]["schemas"]["OpeningHours"]["properties"]["closes"]
    assert "format" not in closes and closes["pattern"]
