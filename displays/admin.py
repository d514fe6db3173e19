from django.contrib import admin
from django.db import transaction

from displays.consumers import screen_group
from displays.models import DisplayScreen
from realtime.events import send


@admin.register(DisplayScreen)
class DisplayScreenAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "slug", "languages", "layout", "recent_calls", "announce"]
    list_filter = ["centre", "layout", "languages"]
    filter_horizontal = ["departments", "services"]
    prepopulated_fields = {"slug": ["name"]}

    def save_related(self, request, form, formsets, change):
        """Push the new configuration to the open screens once it (and its lists) commit."""
        super().save_related(request, form, formsets, change)
        screen_id = form.instance.pk
        message = {"type": "display.config"}
        transaction.on_commit(lambda: send(screen_group(screen_id), message), robust=True)
