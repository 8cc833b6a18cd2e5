from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data across every app. Like the project package, it may import any app; none imports it."""

    name = "demo"
    verbose_name = "Demo data"
