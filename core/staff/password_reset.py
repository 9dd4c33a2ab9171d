"""Password-reset mails, limited per account and per address, with one answer for everyone.

Each request still gets "if that address has an account, we've sent a message"; only the mail is
held back. Counted in the cache for an hour (the account by its id, the address as a keyed hash),
so a flood of requests sends a handful of mails, not one per request.
"""

from django.conf import settings
from wagtail.admin.forms.auth import PasswordResetForm

from core.delivery.security import counted_over, over_limit

WINDOW = 60 * 60


class LimitedPasswordResetForm(PasswordResetForm):
    def save(self, *args, request=None, **kwargs):
        if request is not None and over_limit(request, "password-reset", settings.PASSWORD_RESET_ADDRESS_LIMIT, WINDOW):
            return
        super().save(*args, request=request, **kwargs)

    def get_users(self, email):
        for user in super().get_users(email):
            if not counted_over(f"password-reset-account:{user.pk}", settings.PASSWORD_RESET_ACCOUNT_LIMIT, WINDOW):
                yield user
