from django.urls import path

from displays import views

urlpatterns = [
    path("display/<slug:centre_code>/", views.hall, name="display-hall"),
    path("display/<slug:centre_code>/screen/<slug:slug>/", views.screen, name="display-screen"),
    path("display/<slug:centre_code>/counter/<int:number>/", views.counter, name="display-counter"),
    path(
        "display/audio/<str:language>/<str:letter>/<int:number>/<int:counter>.wav",
        views.CallAudio.as_view(),
        name="display-audio",
    ),
    path("t/<str:token>/", views.track, name="ticket-track"),
]
