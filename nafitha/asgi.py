"""ASGI entry point: HTTP through Django, websockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nafitha.settings")
django_asgi_app = get_asgi_application()

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
