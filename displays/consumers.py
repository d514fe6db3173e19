"""Public, read-only sockets: the hall and counter displays, and one ticket on a phone."""

from urllib.parse import parse_qs

from centre.models import Centre
from displays.models import DisplayScreen, default_config
from displays.state import display_snapshot, ticket_tracking
from queueing.models import Ticket
from realtime.events import encode
from realtime.stream import CentreStream


def screen_group(screen_id: int) -> str:
    """The group of one configured screen's sockets, told to reload it after an admin save."""
    return f"display.screen.{screen_id}"


class DisplayStream(CentreStream):
    """/ws/display/<centre>/ and /ws/display/<centre>/screen/<slug>/: every call in the hall.

    Screens filter events themselves (each event names its service and department), so the
    shared payload goes out unchanged. A configured screen also listens to its own group and
    sends a fresh snapshot, with the new configuration, when an admin saves it.
    """

    screen: DisplayScreen | None = None

    def get_centre(self) -> Centre | None:
        centre = super().get_centre()
        slug = self.scope["url_route"]["kwargs"].get("slug")
        if centre is None or slug is None:
            return centre
        self.screen = DisplayScreen.objects.filter(centre=centre, slug=slug).first()
        return centre if self.screen else None

    def stream_groups(self) -> list[str]:
        return [screen_group(self.screen.pk)] if self.screen else []

    def config(self) -> dict:
        if self.screen is None:
            return default_config()
        self.screen.refresh_from_db()
        return self.screen.config()

    def snapshot_key(self) -> str:
        self.current_config = self.config()
        return encode(self.current_config)

    def snapshot(self) -> dict:
        return display_snapshot(self.centre, self.current_config)

    async def display_config(self, message: dict) -> None:
        await self.send_snapshot()


class TicketStream(CentreStream):
    """/ws/ticket/<token>/: one ticket's status, for the phone that scanned its QR code.

    It forwards the events of its own ticket in full, and any other event that changes the
    waiting counts or the counters as `queue.moved`; the phone then asks for a resync (with
    jitter) to read its new position and estimate. Other events become `skip`.
    """

    ticket_id: int
    language = "ar"
    queues: dict | None = None  # waiting counts of the last event seen

    def get_centre(self) -> Centre | None:
        token = self.scope["url_route"]["kwargs"]["token"]
        ticket = Ticket.objects.select_related("centre").filter(token=token).first()
        if ticket is None:
            return None
        self.ticket_id = ticket.pk
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.language = "en" if query.get("lang") == ["en"] else ticket.language
        return ticket.centre

    def snapshot(self) -> dict:
        ticket = Ticket.objects.select_related("service", "counter").get(pk=self.ticket_id)
        return {
            "centre": self.centre.as_json(),
            "ticket": ticket_tracking(ticket, self.language),
        }

    def transform(self, event: dict) -> dict | None:
        ticket = event.get("ticket")
        if ticket and ticket["id"] == self.ticket_id:
            return event
        moved = event["type"] == "counter.changed" or event["queues"] != self.queues
        self.queues = event["queues"]
        return {"type": "queue.moved", "seq": event["seq"]} if moved else None
