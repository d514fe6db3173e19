"""ASGI entry point: HTTP through Django, websockets through Channels."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nafitha.settings")
# What django.core.asgi.get_asgi_application does, with the request threads kept
# (nafitha/handlers.py).
django.setup(set_prefix=False)

from nafitha.handlers import RequestThreadsHandler  # noqa: E402

django_asgi_app = RequestThreadsHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from nafitha.routing import websocket_urlpatterns  # noqa: E402
from ops.middleware import WebsocketMetricsMiddleware  # noqa: E402
from realtime.middleware import WebsocketsPerClient  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Outermost: a client over its cap costs no origin check, session or query.
        "websocket": WebsocketsPerClient(
            WebsocketMetricsMiddleware(
                AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
            )
        ),
    }
)
