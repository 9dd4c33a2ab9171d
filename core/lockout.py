"""How django-axes sees a client, and what a locked-out admin is shown.

Axes stores an address with every live failed-sign-in counter. We give it a keyed hash of the
connection's address instead of the address itself, shaped as an IPv6 unique-local address so
it fits axes' `GenericIPAddressField` (PostgreSQL `inet`). The same client always gets the same
value, so per-client lockouts work; without SECRET_KEY it can't be turned back into an address.
"""

import ipaddress

from axes.helpers import get_cool_off
from django.shortcuts import render

from core.clients import client_digest


def pseudonymous_address(request) -> str:
    """The client's address (through trusted proxies only) hashed into fd00::/8."""
    return str(ipaddress.IPv6Address(b"\xfd" + client_digest(request, "axes")[:15]))


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
