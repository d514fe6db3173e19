"""All websocket routes, one list per app."""

from counters.routing import websocket_urlpatterns as counter_routes
from displays.routing import websocket_urlpatterns as display_routes
from feedback.routing import websocket_urlpatterns as feedback_routes
from scorecard.routing import websocket_urlpatterns as dashboard_routes

websocket_urlpatterns = [*display_routes, *counter_routes, *dashboard_routes, *feedback_routes]
