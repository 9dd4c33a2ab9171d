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

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.models import Revision

        from quiz.selectors import forget_deleted_revision

        post_delete.connect(forget_deleted_revision, sender=Revision, dispatch_uid="quiz-revision-deleted")
