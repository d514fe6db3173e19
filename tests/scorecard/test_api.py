"""The scorecard API: national table, centre card, exports, and clear errors for bad input."""

import csv
import io

import pytest

from scorecard.models import Dimension


@pytest.fixture
def analyst(people, login, aggregated):
    return login(people["analyst"])


def test_it_ranks_the_centre_in_the_national_table(analyst):
    body = analyst.get("/api/v1/scorecard/?period=2026-11").json()
    (row,) = body["centres"]
    assert (body["period"], row["centre"]["code"], row["rank"], row["rank_in_class"]) == (
        "2026-11",
        "amman",
        1,
        1,
    )
    assert row["figures"]["served"] == 5 and row["stars"] in range(2, 8)


def test_it_shows_a_centre_card_with_drilldown(analyst):
    card = analyst.get("/api/v1/scorecard/centres/amman/?period=2026-11-24").json()
    assert card["period"] == "2026-11-24"
    assert [d["code"] for d in card["departments"]] == ["civil", "licensing"]
    civil = card["departments"][0]
    assert civil["served"] == 5 and {s["code"] for s in civil["services"]} == {
        "id-card",
        "passport-renewal",
    }
    assert len(card["trend"]) == 12 and card["trend"][-1]["score"] == card["score"]


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/scorecard/?period=2026-13", 400, "period_invalid"),
        ("/api/v1/scorecard/?period=last-month", 400, "period_invalid"),
        ("/api/v1/scorecard/?framework=nope", 404, "framework_unknown"),
        ("/api/v1/scorecard/centres/nowhere/", 404, "centre_unknown"),
        ("/api/v1/scorecard/export/?type=docx", 400, "format_unknown"),
    ],
)
def test_it_answers_bad_input_with_a_code_and_a_reason(analyst, url, status, code):
    response = analyst.get(url)
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["detail"]


def test_it_refuses_weights_that_do_not_sum_to_100_and_changes_nothing(analyst):
    url = "/api/v1/scorecard/frameworks/national-2026/"
    response = analyst.put(
        url, {"A": 30, "B": 25, "C": 20, "D": 10, "E": 5}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "weights_sum" and "90" in response.json()["detail"]
    assert Dimension.objects.get(framework__code="national-2026", code="A").weight == 35
    ok = analyst.put(
        url, {"A": 30, "B": 30, "C": 20, "D": 10, "E": 10}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["dimensions"][0]["weight"] == 30


@pytest.mark.parametrize(
    "weights",
    [
        {"A": 35, "B": 25, "C": 20, "D": 10},
        {"A": True, "B": 34, "C": 25, "D": 20, "E": 20},
        {"A": "35", "B": 25, "C": 20, "D": 10, "E": 10},
    ],
)
def test_it_refuses_weights_that_are_not_one_whole_number_per_dimension(analyst, weights):
    url = "/api/v1/scorecard/frameworks/national-2026/"
    response = analyst.put(url, weights, content_type="application/json")
    assert response.status_code == 400
    assert (
        response.json()["code"] == "weights_invalid"
        and "A, B, C, D, E" in response.json()["detail"]
    )
    assert Dimension.objects.get(framework__code="national-2026", code="A").weight == 35


def test_it_refuses_to_score_with_a_framework_broken_in_the_database(analyst):
    Dimension.objects.filter(code="E").update(weight=0)
    response = analyst.get("/api/v1/scorecard/")
    assert response.status_code == 400 and "90" in response.json()["detail"]


def test_it_exports_the_national_table_as_csv(analyst):
    response = analyst.get("/api/v1/scorecard/export/?type=csv&period=2026-11")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][:3] == ["rank", "rank_in_class", "code"]
    assert rows[1][2] == "amman" and "عمّان" in rows[1][3]


def test_it_exports_a_centre_card_as_json_and_csv(analyst):
    card = analyst.get("/api/v1/scorecard/centres/amman/export/?type=json&period=2026-11").json()
    assert card["centre"]["code"] == "amman"
    text = analyst.get(
        "/api/v1/scorecard/centres/amman/export/?type=csv&period=2026-11"
    ).content.decode("utf-8-sig")
    assert "service_level" in text and "passport-renewal" in text


def test_it_serves_the_feed_schema(client, db):
    schema = client.get("/api/v1/scorecard/feed/schema/").json()
    assert schema["properties"]["version"] == {"const": 1}
