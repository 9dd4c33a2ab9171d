"""Partners' API keys. The key itself is shown once, when it is issued, and never stored."""

from django.conf import settings
from django.db import models

from api import keys


class APIKey(models.Model):
    partner_name = models.CharField(max_length=120, help_text="The clinic, practice, app or charity using this key.")
    contact_email = models.EmailField(blank=True, help_text="Who to tell about changes or problems with their use.")
    note = models.TextField(blank=True, max_length=500, help_text="Where they show our content, what was agreed.")
    prefix = models.CharField(max_length=keys.PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Updated at most once a minute per key (api.services.record_use), not on every request.
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API key"
        verbose_name_plural = "API keys"
        ordering = ["partner_name", "-created_at"]

    def __str__(self):
        return f"{self.partner_name} ({keys.shown(self.prefix)})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def shown_key(self) -> str:
        return keys.shown(self.prefix)
