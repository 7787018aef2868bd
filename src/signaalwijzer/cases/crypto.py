"""Encryption at rest for identifying client fields and free text (issue 3 §3).

Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) with a MultiFernet over the keys in
`settings.FIELD_ENCRYPTION_KEYS`: the first key encrypts, every key decrypts. Rotation is
`fields_rotate()` (`signaalwijzer keys rotate`): it re-encrypts every stored value with the first key,
after which the old keys can be removed from the environment. See docs/adr/0007-dossiers.md.

The database only ever sees tokens: `EncryptedTextField` encrypts in `get_prep_value`, so a raw row
holds no plaintext identifier, and an empty value is stored as an empty string (not a token), so
"is this field filled" needs no key. Encrypted fields cannot be searched or sorted in SQL, by design.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver


class DecryptionError(RuntimeError):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: set SIGNAALWIJZER_FIELD_KEYS.")
    try:
        return MultiFernet([Fernet(key.strip()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            f"SIGNAALWIJZER_FIELD_KEYS holds a key that is not a Fernet key ({error}); "
            "generate one with 'signaalwijzer keys generate'."
        ) from None


@lru_cache(maxsize=1)
def _first() -> Fernet:
    _fernet()  # the same checks and messages
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0].strip())


@receiver(setting_changed)
def _keys_changed(*, setting: str, **kwargs) -> None:
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()
        _first.cache_clear()


def text_encrypt(value: str) -> str:
    if value == "":
        return ""
    return _fernet().encrypt(value.encode()).decode("ascii")


def text_decrypt(token: str) -> str:
    if token == "":
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise DecryptionError(
            "a stored value cannot be decrypted with any key in SIGNAALWIJZER_FIELD_KEYS "
            "(was a key removed before 'signaalwijzer keys rotate' finished?)"
        ) from None


def token_rotate(token: str) -> str:
    """The same value, encrypted with the current (first) key."""
    if token == "":
        return ""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise DecryptionError("a stored value cannot be decrypted with any configured key") from None


def token_is_current(token: str) -> bool:
    """Whether a token was made with the first key (rotation progress)."""
    if token == "":
        return True
    try:
        _first().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def token_state(token: str) -> str:
    """ "current" (first key, or empty), "old" (another configured key) or "unreadable" (no configured key)."""
    if token_is_current(token):
        return "current"
    try:
        _fernet().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return "unreadable"
    return "old"


class EncryptedTextField(models.TextField):
    """A text field whose database value is a Fernet token. Python code sees plain text."""

    description = "Text, encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return text_decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return text_encrypt(str(value))
