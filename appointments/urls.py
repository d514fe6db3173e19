from django.urls import path

from appointments import staff_views, views

urlpatterns = [
    path("book/", views.book, name="booking"),
    path("book/manage/", views.manage, name="booking-manage"),
    path("kiosk/<slug:centre_code>/check-in/", views.kiosk_check_in, name="kiosk-check-in"),
    # Staff: the day's bookings per hour and the manager's plans.
    path("appointments/<slug:centre_code>/", staff_views.day, name="appointments-staff-day"),
    path(
        "appointments/<slug:centre_code>/plans/",
        staff_views.plan,
        name="appointments-staff-plan",
    ),
]
