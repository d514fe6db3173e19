"""One form of the ticket number everywhere: `Ticket.number_in` writes it, and every surface
(API, SMS, counter tablet, feedback page, console, displays, tracking page, paper) takes it
from there. Each surface is checked with `number_in` replaced by a marker."""

import pytest

from counters.selectors import ticket_at_counter
from displays.state import ticket_tracking
from feedback import services as feedback
from feedback.models import FeedbackTablet
from kiosk import notify
from kiosk.pdf import ticket_print_data
from queueing import engine
from queueing.models import Ticket
from queueing.serializers import ticket_data
from realtime.events import ticket_public
from tests.feedback.conftest import serve


def test_it_writes_the_number_as_paper_and_displays_show_it(centre, passport):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    assert ticket.number_in("en") == ticket.display_number == "A-001"
    assert ticket.number_in("ar") == "أ-٠٠١"


@pytest.fixture
def marked(monkeypatch):
    """Every number written through `Ticket.number_in` comes out as «language:letter»."""
    monkeypatch.setattr(Ticket, "number_in", lambda self, language: f"«{language}:{self.letter}»")


def test_every_surface_writes_the_number_with_number_in(
    marked, centre, passport, open_counter, alice, client
):
    ticket = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], language="ar"
    ).ticket
    ticket = Ticket.objects.select_related("centre", "service__department").get(pk=ticket.pk)

    api = ticket_data(ticket)
    assert (api["number"], api["number_ar"]) == ("«en:A»", "«ar:A»")
    assert "«ar:A»" in notify._issued_text(ticket, 0)
    assert ticket_print_data(ticket).number == "«ar:A»"
    assert ticket_print_data(ticket).number_latin == "«en:A»"
    printed = client.get(f"/kiosk/tickets/{ticket.token}/print/").content.decode()
    assert "<bdi>«ar:A»</bdi>" in printed and ">«en:A»</p>" in printed
    assert ticket_public(ticket)["number"] == "«en:A»"
    assert ticket_public(ticket)["number_ar"] == "«ar:A»"
    tracked = ticket_tracking(ticket, "ar")
    assert (tracked["number"], tracked["number_ar"]) == ("«en:A»", "«ar:A»")

    engine.ticket_call_specific(counter=open_counter, staff=alice, ticket=ticket)
    console = ticket_at_counter(Ticket.objects.get(pk=ticket.pk), ticket.issued_at)
    assert (console["number"], console["number_ar"]) == ("«en:A»", "«ar:A»")

    engine.ticket_complete(counter=open_counter, staff=alice)
    done = serve(Ticket.objects.get(pk=ticket.pk), open_counter, alice)
    tablet = FeedbackTablet.objects.create(centre=centre, counter=open_counter)
    prompt = feedback.tablet_prompt(tablet=tablet, ticket_id=done.pk, kinds=["ticket.done"])
    assert prompt.ticket_number == "«ar:A»"
    page = client.get(f"/feedback/{done.token}/")
    assert "<bdi>«ar:A»</bdi>" in page.content.decode()
