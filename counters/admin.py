from django.contrib import admin

from counters.models import AuditLog


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
