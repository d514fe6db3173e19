from django.contrib import admin

from staff.models import Certification, Staff


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
