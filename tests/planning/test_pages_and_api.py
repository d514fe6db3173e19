"""Who may plan, what the pages and the API answer, and the national sizing table."""

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from queueing.models import Counter
from scorecard.models import CentreDay
from staff.models import Staff
from tests.conftest import make_centre, make_staff
from tests.planning.test_forecast_and_plan import DAY, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(centre):
    other = make_centre("irbid", name_en="Irbid centre", name_ar="مركز إربد")
    return {
        "manager": make_staff("maryam", centre, role=Staff.Role.MANAGER),
        "agent": make_staff("ali", centre),
        "analyst": make_staff("nour", None, role=Staff.Role.ANALYST),
        "other_manager": make_staff("omar", other, role=Staff.Role.MANAGER),
    }


def client_for(client, staff):
    client.force_login(staff.user)
    return client


@pytest.fixture
def busy_centre(centre, passport, licence, counter, counter2):
    for weeks in (1, 2):
        issue(centre, passport, DAY - dt.timedelta(weeks=weeks), 9, 12)
    make_staff("alice", centre, universal=False, certified=[licence])
    return centre


@pytest.mark.parametrize(
    ("who", "status"), [("manager", 200), ("analyst", 200), ("agent", 403), ("other_manager", 403)]
)
def test_the_centre_plan_is_for_its_managers_and_national_analysts(
    client, people, busy_centre, who, status
):
    response = client_for(client, people[who]).get(
        f"/planning/centres/{busy_centre.code}/?day={DAY}"
    )
    assert response.status_code == status
    api = client.get(f"/api/v1/planning/centres/{busy_centre.code}/?day={DAY}")
    assert api.status_code == status
    if status == 403:
        assert api.json()["code"] in {"forbidden", "permission_denied"}


def test_the_plan_shows_the_forecast_peak_and_the_what_if(client, people, busy_centre):
    page = client_for(client, people["manager"]).get(
        f"/planning/centres/{busy_centre.code}/?day={DAY}&universal=1", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert 'data-testid="what-if-level"' in html
    api = client.get(f"/api/v1/planning/centres/{busy_centre.code}/?day={DAY}&universal=1").json()
    nine = next(h for h in api["plan"]["hours"] if h["hour"] == 9)
    assert nine["arrivals"] == 12
    assert nine["needed_universal"] >= 2
    # Ali (universal) alone on 1.6 erlangs of passports; Alice serves licences only.
    assert api["plan"]["employees_seated"] == 2
    assert nine["simulated_level"] < 0.7
    trained = next(h for h in api["what_if"]["hours"] if h["hour"] == 9)
    assert trained["simulated_level"] > nine["simulated_level"] + 0.25


@pytest.mark.parametrize(
    "query", ["day=2026-02-30", "day=tomorrow", "counters=-1", "counters=abc", "universal=9999"]
)
def test_bad_parameters_are_a_400_with_a_code(client, people, busy_centre, query):
    client_for(client, people["manager"])
    api = client.get(f"/api/v1/planning/centres/{busy_centre.code}/?{query}")
    assert api.status_code == 400
    assert api.json()["code"] == "parameter_invalid"
    assert client.get(f"/planning/centres/{busy_centre.code}/?{query}").status_code == 400


def test_the_planner_is_throttled_per_client(client, people, busy_centre, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "planning", "2/min")
    cache.clear()
    client_for(client, people["manager"])
    url = f"/api/v1/planning/centres/{busy_centre.code}/?day={DAY}"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    page = f"/planning/centres/{busy_centre.code}/?day={DAY}"
    assert [client.get(page).status_code for _ in range(3)] == [200, 200, 429]


def test_training_suggests_certifying_someone_for_the_uncovered_queue(
    client, people, busy_centre, passport
):
    page = client_for(client, people["manager"]).get(
        f"/planning/centres/{busy_centre.code}/training/?day={DAY}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    options = page.context["options"]
    assert options[0][1] == passport
    assert options[0][0].staff.user.username == "alice"
    assert options[0][0].gain > 0.3


def centre_days(centre, *, days, peak, counters):
    Counter.objects.bulk_create(Counter(centre=centre, number=n) for n in range(1, counters + 1))
    for k in range(days):
        hours = [0] * 24
        hours[10] = peak
        hours[11] = peak // 2
        CentreDay.objects.create(
            centre=centre,
            day=dt.date(2026, 10, 1) + dt.timedelta(days=k),
            visits=peak + peak // 2,
            arrivals=peak + peak // 2,
            arrivals_by_hour=hours,
            service_n=100,
            service_sum=100 * 600.0,
            called=peak,
            within_target=peak // 2,
        )


def test_national_sizing_lists_the_most_under_sized_centre_first(client, people):
    small = make_centre("small-busy", name_en="Small and busy", name_ar="صغير ومزدحم")
    big = make_centre("big-quiet", name_en="Big and quiet", name_ar="كبير وهادئ")
    centre_days(small, days=3, peak=60, counters=3)  # 10 erlangs at the peak, 3 counters
    centre_days(big, days=3, peak=6, counters=10)
    api = client_for(client, people["analyst"]).get("/api/v1/planning/national/?period=2026-10")
    rows = api.json()["centres"]
    assert [r["centre"] for r in rows] == ["small-busy", "big-quiet"]
    assert rows[0]["peak_hour"] == 10
    assert rows[0]["counters_needed"] > rows[0]["counters_installed"] == 3
    assert rows[1]["gap"] < 0
    csv = client.get("/api/v1/planning/national/?period=2026-10&type=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "صغير ومزدحم" in csv.content.decode("utf-8-sig")
    page = client.get("/planning/national/?period=2026-10").content.decode()
    assert page.index("صغير ومزدحم") < page.index("كبير وهادئ")


def test_national_sizing_is_for_analysts_only(client, people):
    api = client_for(client, people["manager"]).get("/api/v1/planning/national/")
    assert api.status_code == 403
    assert client.get("/planning/national/").status_code == 403


def test_the_plan_and_the_what_if_give_the_appointment_level_apart(
    client, people, busy_centre, passport
):
    import hashlib

    from appointments.models import Booking

    for k in range(4):
        starts = dt.datetime.combine(DAY, dt.time(9, 15 * k), tzinfo=busy_centre.tz)
        Booking.objects.create(
            centre=busy_centre,
            service=passport,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=passport.standard_service_minutes),
            phone="+962790000000",
            reference_digest=hashlib.sha256(str(k).encode()).hexdigest(),
        )
    page = client_for(client, people["manager"]).get(
        f"/planning/centres/{busy_centre.code}/?day={DAY}&universal=1", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert 'data-testid="appointment-level"' in html
    assert 'data-testid="what-if-appointment-level"' in html
    api = client.get(f"/api/v1/planning/centres/{busy_centre.code}/?day={DAY}&universal=1").json()
    for plan in (api["plan"], api["what_if"]):
        assert plan["appointments_booked"] == 4
        assert plan["appointments_from"] == "bookings"
        assert 0 <= plan["simulated_appointment_level"] <= 1
        assert 0 <= plan["simulated_day_level"] <= 1
