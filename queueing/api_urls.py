from django.urls import path

from queueing import api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("centres/", api.CentreList.as_view(), name="api-centres"),
    path("centres/<slug:code>/", api.CentreDetail.as_view(), name="api-centre"),
    path("centres/<slug:code>/services/", api.CentreServices.as_view(), name="api-centre-services"),
    path("centres/<slug:code>/bundles/", api.CentreBundles.as_view(), name="api-centre-bundles"),
    path("centres/<slug:code>/tickets/", api.TicketIssue.as_view(), name="api-ticket-issue"),
    path("tickets/<str:token>/", api.TicketStatus.as_view(), name="api-ticket"),
    path("tickets/<str:token>/leave/", api.TicketLeave.as_view(), name="api-ticket-leave"),
]
