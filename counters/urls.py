from django.urls import path

from counters import views

app_name = "counters"
urlpatterns = [
    path("counter/<slug:centre_code>/", views.console, name="console"),
    path("counter/<slug:centre_code>/supervisor/", views.supervisor, name="supervisor"),
]
