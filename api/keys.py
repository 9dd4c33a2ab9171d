"""API keys as partners hold them: `sp_<prefix>_<secret>`.

Only a SHA-256 of the whole key is stored. A key is 190 random bits, so a fast hash is
enough (a slow password hash guards guessable secrets); the prefix, shown in the admin and
safe to log, finds the row in one indexed query.
"""

import hashlib
import logging
import re
import secrets

PREFIX_LENGTH = 8
_KEY = re.compile(r"^sp_([a-z0-9]{8})_([A-Za-z0-9_-]{32})$")
# Anything shaped like a key (in a log line): everything after the prefix is dropped.
_KEY_IN_TEXT = re.compile(r"\bsp_([a-z0-9]{8})_[A-Za-z0-9_-]+")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def generate() -> tuple[str, str]:
    """A new key and its prefix."""
    prefix = "".join(secrets.choice(_ALPHABET) for _ in range(PREFIX_LENGTH))
    return f"sp_{prefix}_{secrets.token_urlsafe(24)}", prefix


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def parse(key: str) -> str | None:
    """The prefix of a well-formed key, else None."""
    match = _KEY.match(key or "")
    return match.group(1) if match else None


def shown(prefix: str) -> str:
    """How a key is named anywhere but the one screen that issues it."""
    return f"sp_{prefix}_…"


def redact(text: str) -> str:
    return _KEY_IN_TEXT.sub(lambda m: shown(m.group(1)), text)


def key_from_request(request) -> str:
    """The key a request presents (`Authorization: Bearer …` or `X-API-Key`), or ""."""
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip()


class RedactAPIKeys(logging.Filter):
    """Keys never reach the logs in full: a line that quotes one keeps only its prefix."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
