"""/ws/counter/<centre>/: the staff socket of the counter console and the supervisor view.

It carries every engine event of the centre (the shared hall payload, which has no personal
data) and console-lease notices. Pages treat each message as a nudge to refetch their state
over HTTP, so a missed message costs nothing but a few seconds.
"""

from counters.services import console_group
from realtime.stream import CentreStream
from staff.access import staff_of, works_at


class CounterStream(CentreStream):
    def authorize(self) -> bool:
        """Agents, supervisors and managers of this centre; everyone else is refused."""
        return works_at(staff_of(self.scope.get("user")), self.centre)

    def stream_groups(self) -> list[str]:
        return [*super().stream_groups(), console_group(self.centre.pk)]

    def snapshot(self) -> dict:
        return {"centre": self.centre.code}

    async def console_lease(self, message: dict) -> None:
        await self.send_json(
            {"type": "console.lease", "counter": message["counter"], "tab": message["tab"]}
        )
