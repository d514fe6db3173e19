from django.contrib import admin

from counters.models import AuditLog
from nafitha.admin import ReadOnlyAdmin


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is written only by supervisor actions."""

    list_display = ["at", "centre", "actor_name", "action", "target"]
    list_filter = ["centre", "action"]
    search_fields = ["actor_name", "target"]
