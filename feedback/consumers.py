"""The feedback tablet's socket: it follows its centre's hall stream and, when a service
ends at its own counter, receives a prompt in the ticket's language with a short-lived token.

Events are shared by every socket of the centre, so the counter is matched on the payload
first; only then does this one tablet read the ticket (one query set for one counter).
"""

from channels.db import database_sync_to_async

from centre.models import Centre
from feedback import services
from feedback.models import FeedbackTablet
from realtime.events import encode
from realtime.stream import CentreStream

FINISHED = {"ticket.completed", "ticket.done"}


class TabletStream(CentreStream):
    tablet: FeedbackTablet

    def get_centre(self) -> Centre | None:
        token = self.scope["url_route"]["kwargs"]["device_token"]
        tablet = (
            FeedbackTablet.objects.select_related("centre", "counter")
            .filter(token=token, is_active=True, centre__is_active=True)
            .first()
        )
        if tablet is None:
            return None
        self.tablet = tablet
        services.tablet_seen(tablet=tablet)
        return tablet.centre

    def snapshot(self) -> dict:
        """The counter, and the prompt of a service that ended while this socket was away."""
        missed = services.tablet_missed_prompt(tablet=self.tablet)
        return {"counter": self.tablet.counter.number, "prompt": missed and _prompt(missed)}

    async def hall_event(self, message: dict) -> None:
        if self._pending is not None:  # held back until the snapshot is sent
            await super().hall_event(message)
            return
        event = message["event"]
        counter, ticket = event.get("counter"), event.get("ticket")
        prompt = None
        if (
            FINISHED.intersection(event.get("kinds", ()))
            and counter
            and ticket
            and counter["number"] == self.tablet.counter.number
        ):
            prompt = await database_sync_to_async(services.tablet_prompt)(
                tablet=self.tablet, ticket_id=ticket["id"], kinds=event["kinds"]
            )
        if prompt is None:
            # Every event is numbered for the client, which resyncs on a gap in `seq`.
            await self.send(text_data=encode({"type": "skip", "seq": event["seq"]}))
            return
        await self.send(
            text_data=encode({"type": "prompt", "seq": event["seq"], **_prompt(prompt)})
        )


def _prompt(prompt: services.Prompt) -> dict:
    return {"ticket": prompt.ticket_number, "language": prompt.language, "token": prompt.token}
