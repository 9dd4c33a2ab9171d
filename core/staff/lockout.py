"""How django-axes sees a client, the cap on one address trying many usernames, and what a
locked-out admin is shown.

Axes stores an address with every live failed-sign-in counter. We give it a keyed hash of the
connection's address instead of the address itself, shaped as an IPv6 unique-local address so
it fits axes' `GenericIPAddressField` (PostgreSQL `inet`). The same client always gets the same
value, so per-client lockouts work; without SECRET_KEY it can't be turned back into an address.

Axes locks a username only together with the address it was tried from, so nobody elsewhere can
lock a clinician out. That alone would let one address try four passwords on every username, so
failures are also counted per address across all usernames (in the cache, under a keyed hash):
past SIGNIN_ADDRESS_FAILURE_LIMIT in the cool-off window, that address may not sign in at all.
"""

import ipaddress

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.shortcuts import render

from core.delivery.clients import client_digest
from core.delivery.security import counted, over_limit

ADDRESS_SCOPE = "signin-failures"


def pseudonymous_address(request) -> str:
    """The client's address (through trusted proxies only) hashed into fd00::/8."""
    return str(ipaddress.IPv6Address(b"\xfd" + client_digest(request, "axes")[:15]))


def address_over_cap(request) -> bool:
    return counted(request, ADDRESS_SCOPE) >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT


class AddressCapBackend:
    """Refuses any sign-in from an address past its failure cap, whatever the username.

    Listed after axes' backend (which sets up the request) and before ModelBackend, so a
    password is never checked from such an address. Authenticates nobody itself.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        if address_over_cap(request):
            request.axes_locked_out = True  # AxesMiddleware answers with the lockout page
            raise PermissionDenied
        request.signin_password_checked = True
        return None

    # No get_user(): Django's force_login and sessions pick the first backend that has one.


@receiver(user_login_failed, dispatch_uid="count_signin_failure_per_address")
def count_failure_for_the_address(sender, credentials=None, request=None, **kwargs):
    # Only attempts whose password was checked: a refused one (locked pair or address) doesn't
    # stretch the window, as axes doesn't stretch its own.
    if request is None or not getattr(request, "signin_password_checked", False):
        return
    window = int(get_cool_off(request).total_seconds())
    over_limit(request, ADDRESS_SCOPE, settings.SIGNIN_ADDRESS_FAILURE_LIMIT, window)


def lockout_response(request, original_response=None, credentials=None):
    """A 429 page in plain words, with the crisis numbers every page carries."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    # Rendered here: axes swaps this in from middleware, after Django renders template responses.
    response = render(request, "admin_lockout.html", {"minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
