from django.urls import path

from displays import views

urlpatterns = [
    path(
        "centres/<slug:code>/display-snapshot/",
        views.DisplaySnapshot.as_view(),
        name="api-display-snapshot",
    ),
]
