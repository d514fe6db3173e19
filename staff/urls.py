from django.urls import path

from staff import views

app_name = "staff"
urlpatterns = [
    path("staff/", views.landing, name="landing"),
    path("staff/login/", views.LoginView.as_view(), name="login"),
    path("staff/logout/", views.LogoutView.as_view(), name="logout"),
    path("staff/language/", views.set_language, name="language"),
]
