from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The partner syndication API (docs/api.md): read-only JSON of live, reviewed content.

    Above governance (it reads review stamps) and below portal, which mounts its URLs.
    """

    name = "api"
    verbose_name = "Partner API"
    # Site admins issue and revoke partners' keys (core.staff.roles); they are superusers as well.
    role_permissions = {"Site admins": ["add_apikey", "change_apikey", "view_apikey"]}
