from django.urls import path

from kiosk import views

urlpatterns = [
    path("kiosk/tickets/<str:token>.pdf", views.ticket_pdf_view, name="kiosk-ticket-pdf"),
    path("kiosk/tickets/<str:token>/qr.svg", views.ticket_qr_view, name="kiosk-ticket-qr"),
    path("kiosk/tickets/<str:token>/print/", views.ticket_print_view, name="kiosk-ticket-print"),
    path("kiosk/<slug:centre_code>/", views.kiosk, name="kiosk"),
    path(
        "kiosk/<slug:centre_code>/checklist/",
        views.checklist_print_view,
        name="kiosk-checklist-print",
    ),
]
