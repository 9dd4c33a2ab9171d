from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal core"

    def ready(self):
        from core import governance  # noqa: F401 - connects the workflow signal
        from core.exports import make_exports_safe
        from core.page_cache import connect_signals

        connect_signals()
        make_exports_safe()
