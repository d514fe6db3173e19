from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo centres, people and activity, and the commands that load them. Kept out of the
    product apps so that `centre` need not import the engine, the kiosk or feedback."""

    name = "demo"
