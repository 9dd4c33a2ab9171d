"""The session engine (SESSION_ENGINE = "core.staff.sessions") and what ends a staff member's sessions.

Only staff have sessions (patients' quiz progress is a signed cookie), and each staff request
already makes a dozen queries, so one more read and write of a row is cheap. What it buys is
correctness in every shape the docs allow: one app server or many, with Redis, without it, and
across a Redis outage. A cached copy (Django's `cached_db`) was per process without Redis, and
with Redis a write missed during an outage let an older copy come back afterwards: a signed-out
or not-yet-verified session returned on another worker.

Ending sessions everywhere at once:
- signing out deletes the row (Django's `logout` flushes it);
- a password change makes every other session fail Django's session hash check on its next
  request, whichever worker serves it;
- a second-factor reset (an authenticator, passkey or the recovery codes removed) and a role
  removed delete every session of that person, below.
"""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db.models.signals import m2m_changed, post_delete, pre_save


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from core.models import StaffSession

        return StaffSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            instance.user_id = None
        return instance


def end_sessions(*user_ids: int) -> int:
    """Sign these people out on every app server at once; returns how many sessions ended."""
    from core.models import StaffSession

    deleted, _ = StaffSession.objects.filter(user_id__in=user_ids).delete()
    return deleted


def _second_factor_removed(sender, instance, **kwargs):
    # An unconfirmed authenticator (one being enrolled) verifies nothing: replacing it is not a reset.
    if getattr(instance, "confirmed", True) and instance.user_id:
        end_sessions(instance.user_id)


def _roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "post_remove":
        ids = pk_set if reverse else {instance.pk}  # group.user_set.remove(...) / user.groups.remove(...)
    elif action == "pre_clear":
        ids = set(instance.user_set.values_list("pk", flat=True)) if reverse else {instance.pk}
    else:
        return
    if ids:
        end_sessions(*ids)


def _user_demoted(sender, instance, update_fields=None, **kwargs):
    """A superuser flag taken away is a role removed too. (A deactivated account is signed out by
    Django itself: its backend no longer returns the user.)"""
    if instance.pk is None or (update_fields is not None and "is_superuser" not in update_fields):
        return
    was = sender.objects.filter(pk=instance.pk).values_list("is_superuser", flat=True).first()
    if was and not instance.is_superuser:
        end_sessions(instance.pk)


def connect_signals() -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        post_delete.connect(_second_factor_removed, sender=model, dispatch_uid=f"core.staff.sessions.{model.__name__}")
    User = get_user_model()
    m2m_changed.connect(_roles_changed, sender=User.groups.through, dispatch_uid="core.staff.sessions.roles")
    pre_save.connect(_user_demoted, sender=User, dispatch_uid="core.staff.sessions.demoted")
