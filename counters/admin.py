from django.contrib import admin

from counters.models import AuditLog, PauseRecord


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written only by supervisor actions."""

    list_display = ["at", "centre", "actor_name", "action", "target"]
    list_filter = ["centre", "action"]
    search_fields = ["actor_name", "target"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PauseRecord)
class PauseRecordAdmin(admin.ModelAdmin):
    list_display = ["started_at", "ended_at", "centre", "counter", "staff", "reason"]
    list_filter = ["centre", "reason"]
