from django.urls import path

from scorecard.consumers import DashboardStream

websocket_urlpatterns = [
    path("ws/dashboard/<slug:centre_code>/", DashboardStream.as_asgi()),
]
