"""What the API says about centres, services and tickets. Tickets never carry personal data.

A ticket has two shapes, one per audience. Its token is a bearer secret (it tracks the ticket
and can leave the queue), so only its holder sees it: `CitizenTicketSerializer` answers the
issuing kiosk or citizen and lookups addressed by the token itself. Everyone else (counters,
supervisors, managers, national analysts) gets `TicketSerializer`, which has no token.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from centre.models import Centre, PublicHoliday, Service
from nafitha.phones import jordan_mobile
from queueing import selectors
from queueing.models import Ticket
from queueing.waits import CentreWaits


class BilingualItemSerializer(serializers.Serializer):
    ar = serializers.CharField()
    en = serializers.CharField()


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
        "example": "08:00:00",
        "description": "wall-clock time at the centre (see its timezone), to the second",
    }
)
class LocalTimeField(serializers.TimeField):
    """A centre's local wall-clock time. OpenAPI's `format: time` is an RFC 3339 time with
    an offset, which opening hours do not have; "open all day" closes at 23:59:59."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M:%S", **kwargs)


class OpeningHoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6)
    opens = LocalTimeField()
    closes = LocalTimeField()


class HolidaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()


class CentreSerializer(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField()
    holiday = serializers.SerializerMethodField(
        help_text="Today's public holiday, which closes the centre all day; null on other days."
    )
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Centre
        fields = [
            "code",
            "name_ar",
            "name_en",
            "governorate",
            "timezone",
            "size_class",
            "charter_line_ar",
            "charter_line_en",
            "is_open",
            "holiday",
            "opening_hours",
        ]

    def get_is_open(self, centre: Centre) -> bool:
        return centre.is_open_at()

    @extend_schema_field(HolidaySerializer(allow_null=True))
    def get_holiday(self, centre: Centre) -> dict | None:
        holiday = PublicHoliday.objects.observed().filter(date=centre.service_day()).first()
        return HolidaySerializer(holiday).data if holiday else None


class DepartmentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()


class OfferedServiceSerializer(serializers.Serializer):
    """A registry service as one centre offers it, with its live load."""

    code = serializers.CharField(source="service.code")
    name_ar = serializers.CharField(source="service.name_ar")
    name_en = serializers.CharField(source="service.name_en")
    department = DepartmentSerializer(source="service.department")
    letter = serializers.CharField()
    fee_kind = serializers.ChoiceField(
        source="service.fee_kind",
        choices=Service.FeeKind.choices,
        help_text="free, fixed (`fee` is the amount) or variable (`fee_note_*` is its rule).",
    )
    fee = serializers.SerializerMethodField(
        help_text="The amount in JOD of a fixed fee, else null."
    )
    fee_note_ar = serializers.CharField(source="service.fee_note_ar")
    fee_note_en = serializers.CharField(source="service.fee_note_en")
    required_documents = BilingualItemSerializer(source="service.required_documents", many=True)
    conditions = BilingualItemSerializer(source="service.conditions", many=True)
    procedure_steps = BilingualItemSerializer(source="service.procedure_steps", many=True)
    digital_channels = serializers.ListField(
        source="service.digital_channels", child=serializers.CharField()
    )
    target_wait_minutes = serializers.IntegerField(source="service.target_wait_minutes")
    standard_service_minutes = serializers.IntegerField(source="service.standard_service_minutes")
    daily_cap = serializers.IntegerField(allow_null=True)
    waiting = serializers.IntegerField(source="load.waiting")
    longest_wait_seconds = serializers.IntegerField(source="load.longest_wait_seconds")
    estimated_wait_seconds = serializers.IntegerField(
        source="load.estimated_wait_seconds", allow_null=True
    )
    wait_range_minutes = serializers.ListField(
        child=serializers.IntegerField(min_value=0),
        min_length=2,
        max_length=2,
        allow_null=True,
        help_text="[low, high] minutes a ticket of this service taken now would wait, from "
        "its own queue and certified open counters; null when none is open.",
    )

    @extend_schema_field(serializers.DecimalField(max_digits=8, decimal_places=3, allow_null=True))
    def get_fee(self, offer) -> str | None:
        service = offer.service
        return f"{service.fee:.3f}" if service.fee_kind == Service.FeeKind.FIXED else None


class BundleSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()
    letter = serializers.CharField()
    services = serializers.SerializerMethodField()

    def get_services(self, bundle) -> list[str]:
        return [item.service.code for item in bundle.items.all()]


class TicketStepSerializer(serializers.Serializer):
    code = serializers.CharField(source="service.code")
    name_ar = serializers.CharField(source="service.name_ar")
    name_en = serializers.CharField(source="service.name_en")
    status = serializers.CharField()
    outcome = serializers.CharField()


class TicketSerializer(serializers.Serializer):
    """A ticket as staff and analysts see it: no token, no phone."""

    id = serializers.IntegerField()
    number = serializers.SerializerMethodField(help_text="The number in English (A-042).")
    number_ar = serializers.SerializerMethodField(
        help_text="The number as Arabic screens show it (أ-٠٤٢)."
    )
    letter = serializers.CharField()
    sequence = serializers.IntegerField(source="number")
    status = serializers.CharField()
    centre = serializers.CharField(source="centre.code")
    services = TicketStepSerializer(
        source="steps.all",
        many=True,
        required=False,
        help_text="The visit's steps. Left out of the answer to a ticket action at a counter "
        "(`counters/{number}/{action}/`): the console reads the counter's state afterwards.",
    )
    service = serializers.CharField(source="service.code")
    bundle = serializers.CharField(source="bundle.code", allow_null=True, default=None)
    priority = serializers.CharField(source="priority.code", allow_null=True, default=None)
    language = serializers.CharField()
    channel = serializers.CharField()
    position = serializers.SerializerMethodField()
    estimated_wait_seconds = serializers.SerializerMethodField()
    wait_range_minutes = serializers.SerializerMethodField()
    counter = serializers.IntegerField(source="counter.number", allow_null=True, default=None)
    issued_at = serializers.DateTimeField()
    called_at = serializers.DateTimeField(allow_null=True)
    recall_count = serializers.IntegerField()

    def __init__(self, *args, steps: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not steps:
            self.fields.pop("services")

    def get_number(self, ticket: Ticket) -> str:
        return ticket.number_in("en")

    def get_number_ar(self, ticket: Ticket) -> str:
        return ticket.number_in("ar")

    def _outlook(self, ticket: Ticket):
        """Position and estimate are read together, once per ticket (queueing.waits)."""
        cache = self.__dict__.setdefault("_outlooks", {})
        if ticket.pk not in cache:
            cache[ticket.pk] = selectors.ticket_wait(ticket, self.context.get("waits"))
        return cache[ticket.pk]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_position(self, ticket: Ticket):
        return self._outlook(ticket)[0]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_estimated_wait_seconds(self, ticket: Ticket):
        estimate = self._outlook(ticket)[1]
        return None if estimate is None else estimate.seconds

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    def get_wait_range_minutes(self, ticket: Ticket):
        """[low, high] minutes: the estimate widened by its measured error."""
        estimate = self._outlook(ticket)[1]
        return None if estimate is None else list(estimate.minutes_range)


class CitizenTicketSerializer(TicketSerializer):
    """A ticket as its holder sees it: with the token of its tracking link, QR code and PDF."""

    token = serializers.CharField(
        help_text="Bearer secret of this ticket; given only to whoever issued it."
    )


def _text(value) -> str | None:
    return None if value is None else str(value)


_datetime = serializers.DateTimeField()


def _ticket_answer(
    ticket: Ticket, *, steps: bool, token: bool, waits: CentreWaits | None = None
) -> dict:
    """What `TicketSerializer` (with `token`: `CitizenTicketSerializer`) writes for `ticket`,
    as a plain dict: field for field, the same values, keys in the same order, read through
    the same attributes (so the same queries). The serializers walked their fields per answer
    (a deep copy of every field, then each field's source) for a fifth of the Python of the
    issue and "done, next" answers; they stay as the answers' OpenAPI schema, and
    tests/api/test_ticket_answer.py holds the two equal."""
    data = {
        "id": int(ticket.id),
        "number": ticket.number_in("en"),
        "number_ar": ticket.number_in("ar"),
        "letter": _text(ticket.letter),
        "sequence": int(ticket.number),
        "status": _text(ticket.status),
        "centre": _text(ticket.centre.code),
    }
    if steps:
        data["services"] = [
            {
                "code": _text(step.service.code),
                "name_ar": _text(step.service.name_ar),
                "name_en": _text(step.service.name_en),
                "status": _text(step.status),
                "outcome": _text(step.outcome),
            }
            for step in ticket.steps.all()
        ]
    bundle, priority, counter = ticket.bundle, ticket.priority, ticket.counter
    position, estimate = selectors.ticket_wait(ticket, waits)
    data.update(
        {
            "service": _text(ticket.service.code),
            "bundle": None if bundle is None else _text(bundle.code),
            "priority": None if priority is None else _text(priority.code),
            "language": _text(ticket.language),
            "channel": _text(ticket.channel),
            "position": position,
            "estimated_wait_seconds": None if estimate is None else estimate.seconds,
            "wait_range_minutes": None if estimate is None else list(estimate.minutes_range),
            "counter": None if counter is None else int(counter.number),
            "issued_at": _datetime.to_representation(ticket.issued_at),
            "called_at": None
            if ticket.called_at is None
            else _datetime.to_representation(ticket.called_at),
            "recall_count": int(ticket.recall_count),
        }
    )
    if token:
        data["token"] = _text(ticket.token)
    return data


def ticket_data(ticket: Ticket, *, steps: bool = True) -> dict:
    """A ticket for staff and analysts (without its steps when not `steps`)."""
    return _ticket_answer(ticket, steps=steps, token=False)


def citizen_ticket_data(ticket: Ticket, *, waits: CentreWaits | None = None) -> dict:
    """A ticket for its holder only: the issuer, or a caller who already has its token.
    `waits`: the centre's hall already read (its position and wait come from it)."""
    return _ticket_answer(ticket, steps=True, token=True, waits=waits)


class IssueTicketInput(serializers.Serializer):
    services = serializers.ListField(
        child=serializers.SlugField(), required=False, allow_empty=False, max_length=10
    )
    bundle = serializers.SlugField(required=False)
    priority = serializers.CharField(required=False, allow_blank=True, max_length=30)
    language = serializers.ChoiceField(choices=Ticket.Language.choices, default="ar")
    channel = serializers.ChoiceField(
        choices=Ticket.Channel.choices,
        required=False,
        help_text="Defaults to the caller's own: remote (anonymous), kiosk (a registered "
        "device), reception (the centre's staff); others are refused (`channel_not_allowed`).",
    )
    phone = serializers.CharField(required=False, allow_blank=True, max_length=32)

    def validate_phone(self, value: str) -> str:
        return jordan_mobile(value) if value else ""
