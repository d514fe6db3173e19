from django.urls import path

from feedback import api

urlpatterns = [
    path("feedback/visits/<str:token>/", api.VisitFeedback.as_view(), name="api-feedback-visit"),
    path(
        "feedback/tablets/<str:device_token>/answers/",
        api.TabletFeedback.as_view(),
        name="api-feedback-tablet-answer",
    ),
    path("feedback/tablets/", api.TabletRegister.as_view(), name="api-feedback-tablets"),
    path("feedback/requests/", api.RequestSubmit.as_view(), name="api-request-submit"),
    path("feedback/requests/<str:reference>/", api.RequestStatus.as_view(), name="api-request"),
    path("feedback/queue/", api.RequestQueue.as_view(), name="api-request-queue"),
    path(
        "feedback/queue/<str:reference>/<slug:action>/",
        api.RequestAction.as_view(),
        name="api-request-action",
    ),
    path("feedback/figures/", api.Figures.as_view(), name="api-feedback-figures"),
]
