from django.contrib import admin

from centre.admin import CentreAdmin
from centre.models import Centre
from nafitha.admin import ReadOnlyAdmin
from queueing.models import (
    Counter,
    CounterEvent,
    EstimatorError,
    PriorityClass,
    Ticket,
    TicketEvent,
    TicketStep,
    WaitEstimateSetting,
)


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ["centre", "number", "label", "state", "staff"]
    list_filter = ["centre", "state"]


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0
    fields = ["number", "label", "state", "profile"]


class CentreWithCountersAdmin(CentreAdmin):
    """The centre's page lists its counters too: the inline is attached here, so `centre`
    does not import the engine's app."""

    inlines = [*CentreAdmin.inlines, CounterInline]


admin.site.unregister(Centre)
admin.site.register(Centre, CentreWithCountersAdmin)


@admin.register(PriorityClass)
class PriorityClassAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "rank", "is_active"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TicketStepInline(ReadOnlyInline):
    model = TicketStep


class TicketEventInline(ReadOnlyInline):
    model = TicketEvent


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Tickets change only through the engine, so the admin shows them read-only."""

    list_display = [
        "__str__",
        "centre",
        "service_day",
        "service",
        "status",
        "priority",
        "issued_at",
    ]
    list_filter = ["centre", "status", "service_day"]
    inlines = [TicketStepInline, TicketEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CounterEvent)
class CounterEventAdmin(ReadOnlyAdmin):
    """The counter log is written only by the engine, so the admin shows it read-only."""

    list_display = ["at", "centre", "counter", "state", "reason", "staff", "actor"]
    list_filter = ["centre", "state", "reason"]


@admin.register(WaitEstimateSetting)
class WaitEstimateSettingAdmin(admin.ModelAdmin):
    list_display = ["centre", "estimator"]
    list_select_related = ["centre"]


@admin.register(EstimatorError)
class EstimatorErrorAdmin(ReadOnlyAdmin):
    list_display = ["centre", "service", "estimator", "samples", "mae_seconds", "computed_on"]
    list_filter = ["estimator"]
