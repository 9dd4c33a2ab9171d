from django.apps import AppConfig


class ApproachesConfig(AppConfig):
    name = "approaches"
    verbose_name = "Treatment approaches"
    # Read by core.staff.roles: these snippets go through Clinical review like pages.
    reviewed_snippets = ["condition", "providertype", "story"]
    # Conditions and provider types are shared by many pages: only reviewers and site admins remove one.
    role_permissions = {
        "Clinical reviewers": ["delete_condition", "delete_providertype", "delete_story"],
        "Site admins": ["delete_condition", "delete_providertype", "delete_story"],
    }
