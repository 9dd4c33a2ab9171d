from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "What matters to you"
    # Read by core.staff.roles: both go through Clinical review like the quiz (issue 26).
    reviewed_snippets = ["prioritylist", "approachfit"]
