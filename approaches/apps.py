from django.apps import AppConfig


class ApproachesConfig(AppConfig):
    name = "approaches"
    verbose_name = "Treatment approaches"
    # Read by core.staff.roles: these snippets go through Clinical review like pages.
    reviewed_snippets = ["condition", "providertype"]
    # Conditions and provider types are shared by many pages: only reviewers and site admins remove one.
    role_permissions = {
        "Clinical reviewers": ["delete_condition", "delete_providertype"],
        "Site admins": ["delete_condition", "delete_providertype"],
    }
