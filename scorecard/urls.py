from django.urls import path

from scorecard import views

app_name = "scorecard"
urlpatterns = [
    path("dashboard/", views.dashboard_index, name="dashboard-index"),
    path("dashboard/<slug:centre_code>/", views.dashboard, name="dashboard"),
    path("scorecard/", views.national_page, name="national"),
    path("scorecard/<slug:centre_code>/", views.centre_page, name="centre"),
]
