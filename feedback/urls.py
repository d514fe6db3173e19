from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("feedback/tablet/<str:device_token>/", views.tablet, name="tablet"),
    path("feedback/evaluate/", views.evaluation_form, name="evaluate"),
    path("feedback/evaluate/<int:template_id>/", views.evaluation_form, name="evaluate-form"),
    path("feedback/improvements/", views.improvements, name="improvements"),
    path("feedback/<str:token>/", views.visit_feedback, name="visit"),
    path("complaints/", views.request_new, name="request-new"),
    path("complaints/status/", views.request_lookup, name="request-lookup"),
    path("complaints/manage/", views.request_queue, name="queue"),
    path("complaints/manage/export.csv", views.request_export, name="queue-export"),
    path("complaints/manage/<str:reference>/", views.request_detail, name="request-detail"),
    path("complaints/manage/<str:reference>/<slug:action>/", views.request_act, name="request-act"),
    path("complaints/<str:reference>/", views.request_status, name="request-status"),
]
