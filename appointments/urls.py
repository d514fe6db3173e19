from django.urls import path

from appointments import remote_views, staff_views, views

urlpatterns = [
    path("book/", views.book, name="booking"),
    path("book/manage/", views.manage, name="booking-manage"),
    path("kiosk/<slug:centre_code>/check-in/", views.kiosk_check_in, name="kiosk-check-in"),
    path("book/remote/", remote_views.remote_join, name="remote-join"),
    path("book/remote/<str:token>/", remote_views.remote_track, name="remote-track"),
    path("quickest/", remote_views.quickest, name="quickest"),
    # Staff: the day's bookings per hour and the manager's plans.
    path("appointments/<slug:centre_code>/", staff_views.day, name="appointments-staff-day"),
    path(
        "appointments/<slug:centre_code>/plans/",
        staff_views.plan,
        name="appointments-staff-plan",
    ),
]
