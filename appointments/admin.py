from django.contrib import admin

from appointments.models import AppointmentPlan, RemoteTicket


@admin.register(AppointmentPlan)
class AppointmentPlanAdmin(admin.ModelAdmin):
    list_display = ("centre", "service", "counters", "walk_in_percent", "is_active", "remote_open")
    list_filter = ("is_active", "remote_open", "centre")
    list_editable = ("is_active", "remote_open")


@admin.register(RemoteTicket)
class RemoteTicketAdmin(admin.ModelAdmin):
    """Read-only: the citizen's number is shown masked, the reference never."""

    list_display = ("centre", "service", "service_day", "status", "created_at", "expires_at")
    list_filter = ("status", "centre", "service_day")
    fields = ("centre", "service", "service_day", "status", "created_at", "expires_at", "ticket")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
