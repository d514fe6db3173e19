from django.apps import AppConfig


class DisplaysConfig(AppConfig):
    name = "displays"
