from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The portal itself, above every app: settings, URLs, and commands that span all layers."""

    name = "portal"
    verbose_name = "Steady Path"
