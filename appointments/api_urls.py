from django.urls import path

from appointments import api, staff_views

urlpatterns = [
    path("appointments/<slug:code>/slots/", api.Slots.as_view(), name="api-booking-slots"),
    path("appointments/codes/", api.CodeSend.as_view(), name="api-booking-code"),
    path("appointments/bookings/", api.BookingCreate.as_view(), name="api-booking-create"),
    path("appointments/lookup/", api.BookingLookup.as_view(), name="api-booking-lookup"),
    path("appointments/move/", api.BookingMove.as_view(), name="api-booking-move"),
    path("appointments/cancel/", api.BookingCancel.as_view(), name="api-booking-cancel"),
    path("appointments/check-in/", api.CheckIn.as_view(), name="api-booking-check-in"),
    path("appointments/remote/", api.RemoteCreate.as_view(), name="api-remote-create"),
    path("appointments/remote/cancel/", api.RemoteCancel.as_view(), name="api-remote-cancel"),
    path(
        "appointments/remote/<str:token>/status/",
        api.RemoteStatus.as_view(),
        name="api-remote-status",
    ),
    path("quickest/", api.Quickest.as_view(), name="api-quickest"),
    path(
        "centres/<slug:code>/check-in/",
        staff_views.DeskCheckIn.as_view(),
        name="api-desk-check-in",
    ),
    path(
        "appointments/<slug:code>/day/",
        staff_views.BookingDay.as_view(),
        name="api-booking-day",
    ),
]
