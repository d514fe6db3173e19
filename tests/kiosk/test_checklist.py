"""A citizen without all the documents gets the list printed instead of a ticket."""

import pytest

from queueing.models import Ticket

pytestmark = pytest.mark.django_db


def test_it_lists_the_documents_of_a_service_in_arabic(client, centre, passport):
    page = client.get("/kiosk/amman/checklist/?service=passport-renewal").content.decode()
    assert 'lang="ar"' in page
    assert "تجديد جواز السفر" in page
    assert "الهوية الشخصية" in page
    assert "الوثائق المطلوبة" in page
    assert not Ticket.objects.exists()


def test_it_lists_every_service_of_a_bundle_in_english(client, centre, bundle):
    page = client.get("/kiosk/amman/checklist/?bundle=travel&lang=en").content.decode()
    assert page.index("Passport renewal") < page.index("Driving licence renewal")
    assert page.count("National ID card") == 2


@pytest.mark.parametrize("query", ["", "?service=nope", "?bundle=nope", "?service=licence-renewal"])
def test_it_refuses_what_the_centre_does_not_offer(client, centre, passport, query):
    assert client.get(f"/kiosk/amman/checklist/{query}").status_code == 404
