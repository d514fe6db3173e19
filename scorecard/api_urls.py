from django.urls import path

from scorecard import api

urlpatterns = [
    path("scorecard/", api.NationalApi.as_view(), name="scorecard-national"),
    path("scorecard/export/", api.NationalExportApi.as_view(), name="scorecard-national-export"),
    path("scorecard/centres/<slug:code>/", api.CentreCardApi.as_view(), name="scorecard-centre"),
    path(
        "scorecard/centres/<slug:code>/export/",
        api.CentreExportApi.as_view(),
        name="scorecard-centre-export",
    ),
    path(
        "scorecard/dashboard/<slug:code>/", api.DashboardApi.as_view(), name="scorecard-dashboard"
    ),
    path("scorecard/frameworks/", api.FrameworkListApi.as_view(), name="scorecard-frameworks"),
    path(
        "scorecard/frameworks/<slug:code>/",
        api.FrameworkWeightsApi.as_view(),
        name="scorecard-framework",
    ),
    path("scorecard/feed/", api.FeedApi.as_view(), name="scorecard-feed"),
    path("scorecard/feed/schema/", api.FeedSchemaApi.as_view(), name="scorecard-feed-schema"),
]
