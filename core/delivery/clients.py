"""Who is asking: the client's address, seen through the proxies we trust and no others.

Behind a reverse proxy every request arrives from the proxy's address, so rate limits and
sign-in lockouts keyed on REMOTE_ADDR would count the whole site as one client. The proxy adds
the address it saw to X-Forwarded-For; anyone can also send that header themselves, so it is
read only when the connection comes from a trusted proxy (TRUSTED_PROXIES), and only from the
right: the first address that is not a trusted proxy is the client. Addresses are never stored;
the limits and lockouts keep a keyed hash (`client_digest`).
"""

import hashlib
import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _parse(address: str):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def from_trusted_proxy(request) -> bool:
    """The request came straight from one of TRUSTED_PROXIES (nginx, in the deployed shape)."""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    return bool(networks) and _is_trusted(_parse(request.META.get("REMOTE_ADDR", "")), networks)


def client_address(request) -> str:
    """The address of the client behind any trusted proxies (REMOTE_ADDR when there are none)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not from_trusted_proxy(request):
        return remote
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # Garbage in the chain: whatever is left of it is untrustworthy, so the last
            # address a trusted proxy vouched for stands in for the client.
            break
        if not _is_trusted(address, networks):
            return str(address)
        remote = str(address)
    return remote


def client_digest(request, purpose: str) -> bytes:
    """A keyed hash of the client's address: the same client gets the same value, and without
    SECRET_KEY it cannot be turned back into an address."""
    message = f"{purpose}:{client_address(request)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
