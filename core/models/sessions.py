"""Staff sessions in the database, with the user they belong to.

Every app server reads the same row, so a session signed in, verified by the second factor or
ended on one worker is the same on all of them at once: no copy kept in a process or a cache can
disagree (docs/deployment.md, "Sessions"). The user column lets a role removal or a second-factor
reset end that person's sessions everywhere (core.staff.sessions.end_sessions).
"""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class StaffSession(AbstractBaseSession):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = "staff session"

    @classmethod
    def get_session_store_class(cls):
        # Through the setting, as Django finds the engine: the store module imports this model.
        from django.utils.module_loading import import_string

        return import_string(f"{settings.SESSION_ENGINE}.SessionStore")
