"""Encryption of secrets stored in the database (TOTP seeds): Fernet keys derived from a settings value.

The key material is `settings.CHIDAO_FIELD_ENCRYPTION_KEY` when set, else `settings.SECRET_KEY`. When the
dedicated key is set, values written earlier under the SECRET_KEY-derived key are still readable, so an
operator can introduce the dedicated key without re-enrolling every authenticator.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Changing this label would make every stored secret unreadable: it is part of the key.
_HKDF_INFO = b"chidao.accounts.field-encryption.v1"


class FieldDecryptionError(ValueError):
    """A stored value cannot be decrypted with the configured keys (key changed or value tampered with)."""


def derive_fernet_key(material: str) -> bytes:
    """A Fernet key (url-safe base64 of 32 bytes) derived from arbitrary key material with HKDF-SHA256."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(material.encode("utf-8")))


def _fernet() -> MultiFernet:
    dedicated = str(getattr(settings, "CHIDAO_FIELD_ENCRYPTION_KEY", "") or "")
    keys = [Fernet(derive_fernet_key(dedicated))] if dedicated else []
    keys.append(Fernet(derive_fernet_key(str(settings.SECRET_KEY))))
    return MultiFernet(keys)


def encrypt_text(plain: str) -> str:
    """The encrypted, authenticated token of `plain` (ASCII text, safe to store in a TextField)."""
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    """The plain text of a token made by `encrypt_text`; FieldDecryptionError when no key opens it."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise FieldDecryptionError(
            "Không giải mã được dữ liệu đã mã hoá (encrypted value unreadable)."
        ) from exc
