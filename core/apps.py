from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal core"
    # The words around the crisis numbers are crisis help: reviewed like a page (core.staff.roles).
    reviewed_snippets = ["portalwording"]
    # Role permissions on this app's models (see core.staff.roles).
    role_permissions = {"Site admins": ["change_portalsettings"]}

    def ready(self):
        from core.delivery.page_cache import connect_signals
        from core.plumbing.exports import make_exports_safe
        from core.staff import lockout  # noqa: F401 - connect the sign-in signals
        from core.staff.roles import sync_roles_after_migrate
        from core.staff.sessions import connect_signals as connect_session_signals

        connect_signals()
        connect_session_signals()
        make_exports_safe()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core.staff.roles.sync")
