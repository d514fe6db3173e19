from django.urls import path

from centre import views

urlpatterns = [path("", views.home, name="home")]
