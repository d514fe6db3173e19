"""URL map. Each app owns its prefixes:

/                      centre (home page with links to every screen)
/kiosk/<centre>/        kiosk                 /t/<token>/             ticket tracking (displays)
/display/<centre>/      hall display          /counter/<centre>/       counter console (counters)
/staff/login/          staff log-in          /dashboard/<centre>/     manager dashboard (scorecard)
/scorecard/            national scorecard    /feedback/…, /complaints/… citizen voice (feedback)
/book/                 appointments (booking page; kiosk check-in at /kiosk/<centre>/check-in/)
/healthz /readyz /metrics  operations (ops)   /api/v1/…                REST API, docs at /api/v1/docs/
/planning/…            staffing planner (planning)
"""

from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# Swagger UI (served from our own static files) brings a <style> block of its own: only the
# API docs page allows inline styles. Its script is still a file: the split view serves it.
api_docs = csp_update({"style-src": ["'unsafe-inline'"]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

api_v1 = [
    path("", include("queueing.api_urls")),
    path("", include("counters.api_urls")),
    path("", include("kiosk.api_urls")),
    path("", include("displays.api_urls")),
    path("", include("scorecard.api_urls")),
    path("", include("feedback.api_urls")),
    path("", include("planning.api_urls")),
    path("", include("appointments.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", api_docs, name="api-docs"),
]

# Malformed parameters on pages (nafitha.input.BadInput): a 400 page in the visitor's language.
handler400 = "nafitha.input.bad_request"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("", include("ops.urls")),
    path("", include("centre.urls")),
    path("", include("staff.urls")),
    path("", include("counters.urls")),
    path("", include("kiosk.urls")),
    path("", include("displays.urls")),
    path("", include("scorecard.urls")),
    path("", include("feedback.urls")),
    path("", include("planning.urls")),
    path("", include("appointments.urls")),
]
