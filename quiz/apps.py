from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = "Quiz"
    # Read by core.staff.roles: these snippets go through Clinical review like pages.
    reviewed_snippets = ["quiz", "supportlevel"]
    role_permissions = {
        "Analytics": ["view_quiz_analytics"],
        "Site admins": ["view_quiz_analytics"],
    }
