"""What the staff counter API reads and answers: counters, action inputs and the live
snapshot. Tickets are the staff shape (`queueing.serializers.TicketSerializer`, no token)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from centre.models import Centre
from nafitha.text import PlainTextSerializerField
from queueing import selectors
from queueing.models import Counter, Ticket, TicketStep
from queueing.serializers import TicketSerializer, ticket_data
from staff.models import Staff


class CounterSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    label = serializers.CharField()
    state = serializers.CharField()
    pause_reason = serializers.CharField()
    state_changed_at = serializers.DateTimeField()
    staff = serializers.SerializerMethodField()
    ticket = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_staff(self, counter: Counter):
        """Names are for the centre's own staff; national analysts see counters only."""
        if counter.staff is None or not self.context.get("show_names"):
            return None
        return counter.staff.display_name

    @extend_schema_field(TicketSerializer(allow_null=True))
    def get_ticket(self, counter: Counter):
        tickets = self.context.get("tickets_by_counter")
        ticket = (
            tickets.get(counter.pk)
            if tickets is not None
            else selectors.counter_current_ticket(counter)
        )
        return ticket_data(ticket, steps=self.context.get("steps", True)) if ticket else None


def counters_data(centre: Centre, viewer: Staff | None) -> list[dict]:
    counters = (
        Counter.objects.filter(centre=centre).select_related("staff__user").order_by("number")
    )
    tickets = {
        t.counter_id: t
        for t in Ticket.objects.filter(centre=centre, status__in=Ticket.AT_COUNTER_STATUSES)
        .select_related("centre", "service", "bundle", "priority", "counter")
        .prefetch_related("steps__service")
    }
    context = {
        "tickets_by_counter": tickets,
        "show_names": viewer is not None and viewer.centre_id == centre.pk,
    }
    return CounterSerializer(counters, many=True, context=context).data


class PauseInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Counter.PauseReason.choices)


class OpenInput(serializers.Serializer):
    staff = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Id of the employee to put at the counter (supervisors); default: oneself.",
    )


class CallSpecificInput(serializers.Serializer):
    ticket = serializers.IntegerField()


class CompleteInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=TicketStep.Outcome.values, default="completed")


class CallNextInput(serializers.Serializer):
    finish = serializers.ChoiceField(
        choices=TicketStep.Outcome.values,
        required=False,
        help_text="Complete the ticket still at the counter with this outcome first, in the "
        'same step ("done, next"). Without it a busy counter is refused (`counter_busy`).',
    )


class NoShowInput(serializers.Serializer):
    requeue = serializers.BooleanField(default=False)


class TransferInput(serializers.Serializer):
    service = serializers.SlugField()
    placement = serializers.ChoiceField(choices=["front", "end", "age"], default="age")


class AddServiceInput(serializers.Serializer):
    service = serializers.SlugField()


class CancelInput(serializers.Serializer):
    reason = PlainTextSerializerField(
        prose=True, required=False, allow_blank=True, max_length=200, default=""
    )


class CounterActionOutput(serializers.Serializer):
    counter = CounterSerializer(allow_null=True)
    ticket = TicketSerializer(allow_null=True)


class ServiceLoadSerializer(serializers.Serializer):
    code = serializers.CharField()
    waiting = serializers.IntegerField()
    longest_wait_seconds = serializers.IntegerField()
    estimated_wait_seconds = serializers.IntegerField(allow_null=True)
    target_wait_minutes = serializers.IntegerField()


class LiveSnapshotSerializer(serializers.Serializer):
    centre = serializers.CharField()
    at = serializers.DateTimeField()
    services = ServiceLoadSerializer(many=True)
    counters = CounterSerializer(many=True)


class ClaimInput(serializers.Serializer):
    tab = serializers.RegexField(r"^[-\w]{8,64}$")


class ServicesInput(serializers.Serializer):
    universal = serializers.BooleanField()
    services = serializers.ListField(
        child=serializers.SlugField(), required=False, default=list, max_length=200
    )
