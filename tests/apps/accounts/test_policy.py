"""The policy numbers and pure rules: throttle delays, Vietnamese wait text, temporary passwords, encryption."""

from __future__ import annotations

import pytest

from chidao.apps.accounts.crypto import FieldDecryptionError, decrypt_text, encrypt_text
from chidao.apps.accounts.policy import generate_temporary_password, throttle_delay_seconds, wait_text


@pytest.mark.parametrize(
    ("_case", "failures", "expected_seconds"),
    [
        ("four failures are free", 4, 0),
        ("fifth failure waits 30 s", 5, 30),
        ("sixth doubles to 60 s", 6, 60),
        ("seventh doubles to 120 s", 7, 120),
        ("ninth is 480 s", 9, 480),
        ("tenth is capped at 15 min", 10, 900),
        ("far beyond stays at the cap", 500, 900),
    ],
)
def test_throttle_delay_grows_by_doubling_up_to_fifteen_minutes(_case, failures, expected_seconds):
    # given / when
    delay = throttle_delay_seconds(failures)
    # then
    assert delay == expected_seconds


@pytest.mark.parametrize(
    ("_case", "seconds", "expected"),
    [
        ("under a minute", 45, "45 giây"),
        ("whole minutes", 120, "2 phút"),
        ("minutes and seconds", 150, "2 phút 30 giây"),
        ("never zero", 0, "1 giây"),
    ],
)
def test_wait_text_is_vietnamese(_case, seconds, expected):
    assert wait_text(seconds) == expected


def test_temporary_password_has_three_classes_and_is_not_repeated():
    # given / when
    passwords = {generate_temporary_password() for _ in range(20)}
    # then
    assert len(passwords) == 20
    for password in passwords:
        assert len(password) == 14
        assert any(c.islower() for c in password)
        assert any(c.isupper() for c in password)
        assert any(c.isdigit() for c in password)
        assert not set(password) & set("0O1lI")


def test_encrypted_text_round_trips_and_hides_the_plain_text(settings):
    # given
    plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    # when
    token = encrypt_text(plain)
    # then
    assert plain not in token
    assert decrypt_text(token) == plain


def test_dedicated_key_still_reads_values_written_under_the_secret_key(settings):
    # given a value written before the dedicated key was configured
    plain = "bí mật"
    token = encrypt_text(plain)
    # when the operator sets CHIDAO_FIELD_ENCRYPTION_KEY
    settings.CHIDAO_FIELD_ENCRYPTION_KEY = "khoa-rieng-cho-du-lieu-ma-hoa-" + "x" * 30
    new_token = encrypt_text(plain)
    # then the old value is readable, and a new one is not readable with SECRET_KEY alone
    assert decrypt_text(token) == plain
    assert decrypt_text(new_token) == plain
    settings.CHIDAO_FIELD_ENCRYPTION_KEY = ""
    with pytest.raises(FieldDecryptionError):
        decrypt_text(new_token)
