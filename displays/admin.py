from django.contrib import admin
from django.db import transaction

from displays.events import push_screen_config
from displays.models import DisplayScreen


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
        transaction.on_commit(lambda: push_screen_config(screen_id), robust=True)
