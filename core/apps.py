from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal core"

    def ready(self):
        from core import governance, lockout  # noqa: F401 - connect the workflow and sign-in signals
        from core.exports import make_exports_safe
        from core.page_cache import connect_signals

        connect_signals()
        make_exports_safe()
