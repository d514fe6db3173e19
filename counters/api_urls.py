from django.urls import path

from counters import api

centre = "centres/<slug:code>/"
urlpatterns = [
    path(centre + "counters/", api.CounterList.as_view(), name="api-counters"),
    path(
        centre + "counters/<int:number>/<slug:action>/",
        api.CounterActionView.as_view(),
        name="api-counter-action",
    ),
    path(
        centre + "tickets/<int:ticket_id>/transfer/",
        api.TicketTransfer.as_view(),
        name="api-ticket-transfer",
    ),
    path(
        centre + "tickets/<int:ticket_id>/cancel/",
        api.TicketCancel.as_view(),
        name="api-ticket-cancel",
    ),
    path(
        centre + "staff/<int:staff_id>/services/",
        api.StaffServices.as_view(),
        name="api-staff-services",
    ),
    path(centre + "live/", api.LiveSnapshot.as_view(), name="api-live"),
    path(centre + "console/", api.ConsoleState.as_view(), name="api-console"),
    path(
        centre + "console/<int:number>/claim/",
        api.ConsoleClaim.as_view(),
        name="api-console-claim",
    ),
    path(centre + "supervisor/", api.SupervisorState.as_view(), name="api-supervisor"),
    path(centre + "supervisor/audit/", api.AuditList.as_view(), name="api-supervisor-audit"),
    path(centre + "supervisor/pauses/", api.PauseHistory.as_view(), name="api-supervisor-pauses"),
]
