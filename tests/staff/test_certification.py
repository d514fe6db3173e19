"""A certification is in force through its last valid day, and every reader asks the same."""

import datetime as dt

import pytest

from staff.models import Certification
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 24)


def test_it_is_valid_through_its_last_day_and_not_after(centre, passport, licence, id_card):
    dana = make_staff("dana", centre, universal=False)
    Certification.objects.create(staff=dana, service=passport, valid_until=DAY)
    Certification.objects.create(staff=dana, service=licence)  # open-ended
    Certification.objects.create(
        staff=dana, service=id_card, valid_until=DAY - dt.timedelta(days=1)
    )
    valid = Certification.objects.valid_on(DAY).values_list("service_id", flat=True)
    assert set(valid) == {passport.pk, licence.pk}
    assert dana.certified_service_ids(DAY) == {passport.pk, licence.pk}
    assert dana.certified_service_ids(DAY + dt.timedelta(days=1)) == {licence.pk}
    assert dana.is_certified_for(passport.pk, DAY)
    assert not dana.is_certified_for(id_card.pk, DAY)


def test_a_universal_employee_serves_everything(alice):
    assert alice.certified_service_ids(DAY) is None
    assert alice.is_certified_for(12345, DAY)
