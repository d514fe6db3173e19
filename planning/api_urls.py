from django.urls import path

from planning import api

urlpatterns = [
    path("planning/centres/<slug:code>/", api.CentrePlanApi.as_view(), name="planning-centre"),
    path("planning/national/", api.NationalSizingApi.as_view(), name="planning-national"),
]
