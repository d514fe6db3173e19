from django.urls import path

from kiosk import api

urlpatterns = [
    path("kiosk/device/", api.DeviceInfo.as_view(), name="api-kiosk-device"),
    path("kiosk/tickets/", api.KioskTicketIssue.as_view(), name="api-kiosk-ticket-issue"),
    path("kiosk/<slug:centre_code>/speech/", api.KioskSpeech.as_view(), name="api-kiosk-speech"),
]
