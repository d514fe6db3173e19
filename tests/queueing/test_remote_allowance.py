"""Remote channels take only their allowance of a centre's capacity: a share of each daily
cap and of the queue they join, and a number of tickets per client and day. The centre's own
channels (kiosk devices, reception) always find the rest. Refusals change nothing."""

import datetime as dt

import pytest
from django.db import connection

from centre.models import CentreService
from queueing import engine
from queueing.errors import QueueError
from queueing.models import ClientIssueCount, Ticket
from tests.queueing import race
from tests.queueing.conftest import T0, db_state, issue

REMOTE = {"cap_share": 0.5, "queue_share": 0.5, "queue_floor": 5, "per_client_day": 10}
PASSPORT = "passport-renewal"


@pytest.fixture(autouse=True)
def remote_allowance(settings):
    settings.NAFITHA_CHANNEL_ALLOWANCES = {"remote": dict(REMOTE)}
    return settings.NAFITHA_CHANNEL_ALLOWANCES["remote"]


def citizen(n: int | str) -> engine.Issuer:
    return engine.Issuer(engine.Issuer.CITIZEN, f"ip:{n}")


def kiosk() -> engine.Issuer:
    return engine.Issuer(engine.Issuer.KIOSK, "device:1")


def refused(code: str, **options) -> None:
    before = db_state()
    with pytest.raises(QueueError) as error:
        issue(**options)
    assert error.value.code == code
    assert db_state() == before


def test_remote_tickets_use_only_their_share_of_a_cap(centre, passport, remote_allowance):
    remote_allowance["queue_share"] = 1.0  # the cap alone
    CentreService.objects.filter(service=passport).update(daily_cap=40)
    for n in range(20):
        issue(centre, PASSPORT, issuer=citizen(n))
    refused("remote_share_reached", centre=centre, service_codes=[PASSPORT], issuer=citizen(99))
    # The centre's kiosk still finds the other half, then the cap itself holds.
    for _ in range(20):
        issue(centre, PASSPORT, issuer=kiosk())
    refused("daily_cap_reached", centre=centre, service_codes=[PASSPORT], issuer=kiosk())
    assert Ticket.objects.filter(channel="remote").count() == 20


def test_cancelled_remote_tickets_give_their_share_back(centre, passport, remote_allowance):
    remote_allowance["queue_share"] = 1.0
    CentreService.objects.filter(service=passport).update(daily_cap=4)
    first, _second = (issue(centre, PASSPORT, issuer=citizen(n)) for n in range(2))
    refused("remote_share_reached", centre=centre, service_codes=[PASSPORT], issuer=citizen(3))
    engine.ticket_cancel(ticket=first, reason="citizen")
    issue(centre, PASSPORT, issuer=citizen(3))


def test_remote_tickets_fill_at_most_their_share_of_a_queue(centre, passport):
    for n in range(5):  # any queue holds the floor
        issue(centre, PASSPORT, issuer=citizen(n))
    refused("remote_share_reached", centre=centre, service_codes=[PASSPORT], issuer=citizen(9))
    for _ in range(6):  # citizens at the centre: six of twelve may now be remote
        issue(centre, PASSPORT, issuer=kiosk())
    issue(centre, PASSPORT, issuer=citizen(9))
    refused("remote_share_reached", centre=centre, service_codes=[PASSPORT], issuer=citizen(10))


def test_a_client_takes_a_limited_number_of_remote_tickets_a_day(
    centre, passport, remote_allowance, django_capture_on_commit_callbacks
):
    remote_allowance["queue_share"] = 1.0
    for _ in range(10):
        issue(centre, PASSPORT, issuer=citizen("me"))
    refused("client_day_limit", centre=centre, service_codes=[PASSPORT], issuer=citizen("me"))
    assert ClientIssueCount.objects.get(client="ip:me").issued == 10
    issue(centre, PASSPORT, issuer=citizen("someone-else"))
    tomorrow = T0 + dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        issue(centre, PASSPORT, issuer=citizen("me"), at=tomorrow)
    # The first ticket of a day clears the counts nothing reads any more.
    assert list(ClientIssueCount.objects.values_list("service_day", "client")) == [
        (tomorrow.date(), "ip:me")
    ]


def test_the_error_says_why_in_the_citizens_language(centre, passport, remote_allowance):
    remote_allowance["per_client_day"] = 0
    with pytest.raises(QueueError) as error:
        issue(centre, PASSPORT, issuer=citizen(1))
    assert (error.value.status, error.value.message) == (
        429,
        "لقد أخذت أقصى عدد من التذاكر المسموح به لاتصال واحد اليوم.",
    )


def test_centre_channels_have_no_allowance(centre, passport):
    for _ in range(15):
        issue(centre, PASSPORT, issuer=kiosk())
    assert not ClientIssueCount.objects.exists()


def test_a_service_named_twice_is_one_step(centre, passport, licence):
    CentreService.objects.filter(service=passport).update(daily_cap=2)
    ticket = issue(centre, PASSPORT, PASSPORT, "licence-renewal", PASSPORT, issuer=kiosk())
    assert [s.service.code for s in ticket.steps.all()] == [PASSPORT, "licence-renewal"]
    issue(centre, PASSPORT, issuer=kiosk())  # the first ticket used one place, not three


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_remote_issues_never_pass_the_share_or_the_client_limit_on_postgres(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.NAFITHA_CHANNEL_ALLOWANCES = {
        "remote": {**REMOTE, "queue_share": 1.0, "per_client_day": 4}
    }
    centre, _ = race.build_world(0)
    CentreService.objects.filter(centre=centre, service__code=PASSPORT).update(daily_cap=20)
    outcomes = []

    def take(client):
        try:
            race.retrying(
                lambda: engine.ticket_issue(
                    centre=centre, service_codes=[PASSPORT], issuer=citizen(client)
                )
            )
            outcomes.append("issued")
        except QueueError as exc:
            outcomes.append(exc.code)

    # 8 clients × 3 attempts at the cap's 10 remote places; one greedy client tries 8 times.
    takers = [lambda c=c: take(c) for c in range(8) for _ in range(3)]
    takers += [lambda: take("greedy")] * 8
    assert race.run_threads([(takers, None)]) == []
    remote = Ticket.objects.filter(centre=centre, channel="remote")
    assert outcomes.count("issued") == remote.count() == 10
    assert remote.count() <= 10
    greedy = ClientIssueCount.objects.filter(client="ip:greedy").first()
    assert greedy is None or greedy.issued <= 4
    assert set(outcomes) <= {"issued", "remote_share_reached", "client_day_limit"}
