"""The fixture day is built once per module and shared: a test may change it, the next one
starts from the day as built, and a test without the day sees none of it."""

from queueing.models import CounterEvent, Ticket

STATUSES = {
    "t1": Ticket.Status.DONE,
    "t2": Ticket.Status.DONE,
    "t3": Ticket.Status.NO_SHOW,
    "t4": Ticket.Status.WALKED_OUT,
    "t5": Ticket.Status.DONE,
    "t6": Ticket.Status.DONE,
}


def test_a_test_without_the_day_sees_none_of_it(db):
    assert not Ticket.objects.exists()
    assert not CounterEvent.objects.exists()


def test_a_test_may_change_the_day(fixture_day, centre, counter):
    fixture_day["t1"].status = Ticket.Status.CANCELLED  # in memory only
    Ticket.objects.filter(pk=fixture_day["t3"].pk).delete()
    CounterEvent.objects.all().delete()
    centre.name_en = "Renamed"
    centre.save()
    counter.delete()
    assert Ticket.objects.filter(centre=centre).count() == 5


def test_the_next_test_starts_from_the_day_as_built(fixture_day, centre, counter):
    assert {name: ticket.status for name, ticket in fixture_day.items()} == STATUSES
    assert Ticket.objects.filter(centre=centre).count() == 6
    assert CounterEvent.objects.filter(centre=centre).exists()
    assert centre.name_en == "Amman Comprehensive Government Service Centre"
    assert counter.number == 1 and counter.state_events.exists()


def test_a_test_without_the_day_in_the_same_module_still_sees_none_of_it(db):
    assert not Ticket.objects.exists()
