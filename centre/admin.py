from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centre.models import (
    Bundle,
    BundleItem,
    Centre,
    CentreService,
    Department,
    OpeningHours,
    PublicHoliday,
    Service,
    WorkProfile,
    WorkProfileRule,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class CentreServiceInline(admin.TabularInline):
    model = CentreService
    extra = 0
    autocomplete_fields = ["service"]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    """A centre with its hours and offers; `queueing.admin` adds its counters (the engine owns
    them, and this app imports nothing above it)."""

    list_display = ["code", "name_ar", "name_en", "governorate", "size_class", "is_active"]
    list_filter = ["size_class", "governorate", "is_active"]
    search_fields = ["code", "name_ar", "name_en"]
    inlines = [OpeningHoursInline, CentreServiceInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_ar",
        "name_en",
        "department",
        "fee_kind",
        "fee",
        "target_wait_minutes",
        "standard_service_minutes",
        "is_active",
    ]
    list_filter = ["department", "is_active"]
    search_fields = ["code", "name_ar", "name_en"]


class BundleItemInline(admin.TabularInline):
    model = BundleItem
    extra = 0
    autocomplete_fields = ["service"]


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "letter", "is_active"]
    inlines = [BundleItemInline]


class WorkProfileRuleInline(admin.TabularInline):
    model = WorkProfileRule
    extra = 0


@admin.register(WorkProfile)
class WorkProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "default_policy"]
    inlines = [WorkProfileRuleInline]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name_ar", "name_en", "confirmed"]
    list_filter = ["confirmed"]
    date_hierarchy = "date"
    search_fields = ["name_ar", "name_en"]
    actions = ["confirm"]

    @admin.action(description=_("Confirm the selected dates"), permissions=["change"])
    def confirm(self, request, queryset):
        count = queryset.filter(confirmed=False).update(confirmed=True)
        self.message_user(
            request,
            ngettext("%(n)d holiday confirmed.", "%(n)d holidays confirmed.", count) % {"n": count},
            messages.SUCCESS,
        )
