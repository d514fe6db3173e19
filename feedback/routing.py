from django.urls import path

from feedback.consumers import TabletStream

websocket_urlpatterns = [
    path("ws/feedback/<str:device_token>/", TabletStream.as_asgi()),
]
