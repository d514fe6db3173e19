from django.contrib import admin

from feedback.models import (
    CitizenRequest,
    DepartmentOfficer,
    Evaluation,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationTemplate,
    Evaluator,
    FeedbackPolicy,
    FeedbackTablet,
    ImprovementAction,
    RequesterContact,
    RequestEvent,
    ServiceFeedback,
)


@admin.register(FeedbackPolicy)
class FeedbackPolicyAdmin(admin.ModelAdmin):
    list_display = ["centre", "per_step"]


@admin.register(FeedbackTablet)
class FeedbackTabletAdmin(admin.ModelAdmin):
    list_display = ["centre", "counter", "label", "is_active", "last_seen_at"]
    list_filter = ["centre", "is_active"]
    readonly_fields = ["token", "last_seen_at"]


@admin.register(ServiceFeedback)
class ServiceFeedbackAdmin(admin.ModelAdmin):
    list_display = [
        "submitted_at",
        "centre",
        "service",
        "counter",
        "satisfaction",
        "recommend",
        "channel",
    ]
    list_filter = ["centre", "channel", "satisfaction"]
    raw_id_fields = ["ticket", "step", "counter", "staff"]


class RequesterContactInline(admin.StackedInline):
    model = RequesterContact
    extra = 0


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ["kind", "at", "by", "data"]


@admin.register(CitizenRequest)
class CitizenRequestAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "kind",
        "status",
        "centre",
        "department",
        "received_at",
        "due_at",
        "escalation_level",
    ]
    list_filter = ["kind", "status", "centre", "department"]
    search_fields = ["reference"]
    raw_id_fields = ["ticket"]
    inlines = [RequesterContactInline, RequestEventInline]


@admin.register(DepartmentOfficer)
class DepartmentOfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "department"]


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin):
    list_display = ["implemented_on", "title", "centre", "service"]
    filter_horizontal = ["requests"]
    raw_id_fields = ["feedback"]


class EvaluationItemInline(admin.TabularInline):
    model = EvaluationItem
    extra = 0


@admin.register(EvaluationTemplate)
class EvaluationTemplateAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ar", "is_active"]
    inlines = [EvaluationItemInline]


@admin.register(Evaluator)
class EvaluatorAdmin(admin.ModelAdmin):
    list_display = ["user", "kind"]
    filter_horizontal = ["centres"]


class EvaluationAnswerInline(admin.TabularInline):
    model = EvaluationAnswer
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["visited_on", "centre", "kind", "score", "evaluator"]
    list_filter = ["kind", "centre"]
    inlines = [EvaluationAnswerInline]
