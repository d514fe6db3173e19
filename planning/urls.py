from django.urls import path

from planning import views

app_name = "planning"
urlpatterns = [
    path("planning/", views.index, name="index"),
    path("planning/national/", views.national_page, name="national"),
    path("planning/centres/<slug:centre_code>/", views.centre_page, name="centre"),
    path("planning/centres/<slug:centre_code>/training/", views.training_page, name="training"),
]
