from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from kiosk.activation import activation_link, device_new_token
from kiosk.models import KioskDevice, Notification


def _show_token(request, device: KioskDevice, token: str) -> None:
    messages.warning(
        request,
        _("Token of %(device)s, shown only now: %(token)s — activation link: %(link)s")
        % {"device": device, "token": token, "link": activation_link(device, token)},
    )


@admin.register(KioskDevice)
class KioskDeviceAdmin(admin.ModelAdmin):
    """Adding a device (or the "new token" action) shows its token once; only a hash is kept."""

    list_display = [
        "name",
        "centre",
        "is_active",
        "print_mode",
        "printer",
        "token_prefix",
        "last_seen_at",
    ]
    list_filter = ["centre", "is_active", "print_mode"]
    readonly_fields = ["token_prefix", "created_at", "last_seen_at"]
    actions = ["new_token"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            _show_token(request, obj, device_new_token(obj))

    @admin.action(description=_("Issue a new token (the old one stops working)"))
    def new_token(self, request, queryset):
        for device in queryset.select_related("centre"):
            _show_token(request, device, device_new_token(device))


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "ticket",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
