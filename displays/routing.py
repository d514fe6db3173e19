"""Websocket routes of the public displays (mounted by nafitha/routing.py)."""

from django.urls import path

from displays.consumers import DisplayStream, TicketStream

websocket_urlpatterns = [
    path("ws/display/<slug:centre_code>/", DisplayStream.as_asgi()),
    path("ws/display/<slug:centre_code>/screen/<slug:slug>/", DisplayStream.as_asgi()),
    path("ws/ticket/<str:token>/", TicketStream.as_asgi()),
]
