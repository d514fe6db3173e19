"""Websocket routes of the counter console (mounted by nafitha/routing.py)."""

from django.urls import path

from counters.consumers import CounterStream

websocket_urlpatterns = [
    path("ws/counter/<slug:centre_code>/", CounterStream.as_asgi()),
]
