from django.db import models


class ContentGeneration(models.Model):
    """One row whose counter moves whenever anything patients see changes.

    It lives in the database, not the cache, so every app server and every worker reads the
    same value whether or not Redis is up, and the bump commits or rolls back together with
    the change that caused it.
    """

    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content generation"

    def __str__(self):
        return f"generation {self.counter}"
