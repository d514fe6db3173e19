from django.urls import path

from appointments import views

urlpatterns = [
    path("book/", views.book, name="booking"),
    path("book/manage/", views.manage, name="booking-manage"),
    path("kiosk/<slug:centre_code>/check-in/", views.kiosk_check_in, name="kiosk-check-in"),
]
