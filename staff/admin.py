from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm

from nafitha.text import strip_bidi_controls
from staff.models import Certification, Staff


class PlainNamesUserChangeForm(UserChangeForm):
    """Names without bidi controls: they show on the consoles, the supervisor view and
    the dashboard, where U+202E would turn them around."""

    def clean_first_name(self) -> str:
        return strip_bidi_controls(self.cleaned_data["first_name"]).strip()

    def clean_last_name(self) -> str:
        return strip_bidi_controls(self.cleaned_data["last_name"]).strip()


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    form = PlainNamesUserChangeForm


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0
    autocomplete_fields = ["service"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["user", "centre", "role", "is_universal"]
    list_filter = ["centre", "role", "is_universal"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    inlines = [CertificationInline]
