"""Writes for the API: issuing, revoking and marking keys used."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from api import keys
from api.models import APIKey

LAST_USED_EVERY = 60  # seconds between writes of a key's last use


def issue_key(*, partner_name: str, contact_email: str = "", note: str = "", created_by=None) -> tuple[APIKey, str]:
    """A new key for a partner: the row, and the key itself (to show once, never stored)."""
    key = APIKey(partner_name=partner_name, contact_email=contact_email, note=note, created_by=created_by)
    raw = assign_new_secret(key=key)
    key.save()
    return key, raw


def assign_new_secret(*, key: APIKey) -> str:
    """Give an unsaved key row its secret (the admin's add form saves it); returns the key."""
    raw, prefix = keys.generate()
    while APIKey.objects.filter(prefix=prefix).exists():  # 36**8 prefixes: a clash is rare
        raw, prefix = keys.generate()
    key.prefix, key.key_hash = prefix, keys.digest(raw)
    return raw


def revoke_key(*, key: APIKey) -> None:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        APIKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=key.revoked_at)


def record_use(*, key: APIKey) -> None:
    """Note that the key was used now, writing at most once a minute per key across processes
    (the shared cache says who writes; without it, the row's own time does)."""
    if not cache.add(f"api-key-used:{key.pk}", 1, timeout=LAST_USED_EVERY) and not getattr(cache, "unavailable", False):
        return
    now = timezone.now()
    recent = now - timedelta(seconds=LAST_USED_EVERY)
    stale = APIKey.objects.filter(pk=key.pk).exclude(last_used_at__gte=recent)
    stale.update(last_used_at=now)
