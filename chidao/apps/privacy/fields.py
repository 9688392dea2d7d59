"""Model fields that keep personal data encrypted in the database, and a blind index to find a record by it.

Values are Fernet tokens (AES-128-CBC + HMAC-SHA256, random IV): the same personal ID encrypts differently
every time, so the database cannot search or join on it. To find a citizen by personal ID, store
`blind_index(value, kind=...)` in an indexed CharField beside the encrypted one and filter on that.

Usage in a register's model:

    personal_id = EncryptedTextField(_("Số định danh cá nhân"))
    personal_id_index = models.CharField(max_length=64, db_index=True, editable=False)
    birth_date = EncryptedDateField(_("Ngày sinh"), null=True, blank=True)

The keys are derived from `CHIDAO_PERSONAL_DATA["encryption_key"]` (see conf.py). Note: accounts/crypto.py
encrypts TOTP seeds the same way with its own derivation label; the two are kept apart on purpose (a leak of
one derived key opens only its own data).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import re
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django import forms
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Lookup
from django.utils.functional import Promise

from chidao.apps.privacy.conf import personal_data_settings
from chidao.core.masking import PersonalFieldKind

# Changing a label makes every stored value (or index) unreadable: the labels are part of the keys.
_FIELD_INFO = b"chidao.privacy.field-encryption.v1"
_INDEX_INFO = b"chidao.privacy.blind-index.v1"
_NON_DIGITS = re.compile(r"\D")


class PersonalDataDecryptionError(ValueError):
    """A stored value cannot be decrypted with the configured keys (key changed or value tampered with)."""


def _derive(material: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(material.encode("utf-8"))


@functools.lru_cache(maxsize=8)
def _fernet(materials: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(base64.urlsafe_b64encode(_derive(m, _FIELD_INFO))) for m in materials])


def _current_fernet() -> MultiFernet:
    return _fernet(personal_data_settings().key_materials)


def encrypt_personal_value(plain: str) -> str:
    """The token of `plain` under the current key (ASCII, safe for a TextField)."""
    return _current_fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_personal_value(token: str) -> str:
    """The plain text of a token made under the current or a previous key."""
    try:
        return _current_fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise PersonalDataDecryptionError(
            "Không giải mã được dữ liệu cá nhân đã mã hoá (sai khoá hoặc dữ liệu bị sửa)."
        ) from exc


def reencrypt_personal_value(token: str) -> str:
    """The same value under the current key (for a key rotation job: old tokens become current ones)."""
    try:
        return _current_fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise PersonalDataDecryptionError("Không giải mã được dữ liệu cá nhân để mã hoá lại.") from exc


def normalise_for_index(value: str, kind: PersonalFieldKind | str) -> str:
    """The form a value is indexed in: digits only for IDs and phones (+84 read as 0), ISO for birth dates."""
    kind = PersonalFieldKind(kind)
    text = str(value).strip()
    if kind is PersonalFieldKind.BIRTH_DATE:
        return text
    digits = _NON_DIGITS.sub("", text)
    if kind is PersonalFieldKind.PHONE and text.startswith("+84"):
        return "0" + digits[2:]
    return digits


def blind_index(value: str, *, kind: PersonalFieldKind | str) -> str:
    """A keyed hash (HMAC-SHA256, 64 hex digits) to look a value up without storing it in clear.

    It depends on the current key: after a key rotation every index must be recomputed.
    """
    key = _derive(personal_data_settings().key_materials[0], _INDEX_INFO)
    message = f"{PersonalFieldKind(kind)}:{normalise_for_index(value, kind)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored encrypted; only `isnull` can be queried (use a blind index to search)."""

    def get_prep_value(self, value: Any) -> Any:
        """Encrypt on the way to the database; None and "" stay as they are (emptiness is not personal)."""
        if isinstance(value, Promise):
            value = str(value)
        if value is None or value == "":
            return value
        return encrypt_personal_value(self.to_plain_text(value))

    def to_plain_text(self, value: Any) -> str:
        """The text that gets encrypted for a Python value."""
        return str(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        """Decrypt on the way from the database."""
        if value is None or value == "":
            return value
        return self.from_plain_text(decrypt_personal_value(value))

    def from_plain_text(self, text: str) -> Any:
        """The Python value of decrypted text (text itself here; dates in the subclass)."""
        return text

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        """Refuse lookups other than isnull: an encrypted value never equals its encrypted parameter."""
        if lookup_name != "isnull":
            raise FieldError(
                f"Trường mã hoá {self.name!r} không tìm kiếm được bằng '{lookup_name}'; hãy dùng chỉ mục "
                "blind_index."
            )
        return super().get_lookup(lookup_name)

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> Any:
        """A one-line input, not a textarea: these are short values."""
        return super().formfield(form_class, choices_form_class, **{"widget": forms.TextInput, **kwargs})


class EncryptedDateField(EncryptedTextField):
    """A date (a birth date) stored encrypted as ISO text."""

    def to_python(self, value: Any) -> Any:
        """Accept a date, or text in yyyy-mm-dd."""
        if value is None or value == "":
            return None
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))

    def to_plain_text(self, value: Any) -> str:
        """The ISO form of the date."""
        return str(self.to_python(value).isoformat())

    def from_plain_text(self, text: str) -> Any:
        """The stored ISO text back as a date."""
        return dt.date.fromisoformat(text)

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> Any:
        """A date input."""
        return forms.DateField(required=not self.blank, label=self.verbose_name)
