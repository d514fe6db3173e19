from django.urls import path

from appointments import remote_views, views

urlpatterns = [
    path("book/", views.book, name="booking"),
    path("book/manage/", views.manage, name="booking-manage"),
    path("kiosk/<slug:centre_code>/check-in/", views.kiosk_check_in, name="kiosk-check-in"),
    path("book/remote/", remote_views.remote_join, name="remote-join"),
    path("book/remote/<str:token>/", remote_views.remote_track, name="remote-track"),
    path("quickest/", remote_views.quickest, name="quickest"),
]
