from django.urls import path

from counters import api

supervisor = "centres/<slug:code>/supervisor/"
urlpatterns = [
    path("centres/<slug:code>/console/", api.ConsoleState.as_view(), name="api-console"),
    path(
        "centres/<slug:code>/console/<int:number>/claim/",
        api.ConsoleClaim.as_view(),
        name="api-console-claim",
    ),
    path(supervisor, api.SupervisorState.as_view(), name="api-supervisor"),
    path(supervisor + "audit/", api.AuditList.as_view(), name="api-supervisor-audit"),
    path(supervisor + "pauses/", api.PauseHistory.as_view(), name="api-supervisor-pauses"),
    path(
        supervisor + "counters/<int:number>/open/",
        api.SupervisorOpenCounter.as_view(),
        name="api-supervisor-open",
    ),
    path(
        supervisor + "counters/<int:number>/close/",
        api.SupervisorCloseCounter.as_view(),
        name="api-supervisor-close",
    ),
    path(
        supervisor + "counters/<int:number>/call/",
        api.SupervisorCallTicket.as_view(),
        name="api-supervisor-call",
    ),
    path(
        supervisor + "staff/<int:staff_id>/move/",
        api.SupervisorMoveStaff.as_view(),
        name="api-supervisor-move",
    ),
    path(
        supervisor + "staff/<int:staff_id>/services/",
        api.SupervisorStaffServices.as_view(),
        name="api-supervisor-services",
    ),
    path(
        supervisor + "tickets/<int:ticket_id>/transfer/",
        api.SupervisorTransferTicket.as_view(),
        name="api-supervisor-transfer",
    ),
    path(
        supervisor + "tickets/<int:ticket_id>/cancel/",
        api.SupervisorCancelTicket.as_view(),
        name="api-supervisor-cancel",
    ),
]
