"""Encryption at rest from the settings: encrypted model fields, blind index, dataset keys, system checks."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from django.core.exceptions import FieldError

from chidao.apps.privacy.checks import KEY_CHECK_ID, RETENTION_CHECK_ID, check_encryption_key, check_retention
from chidao.apps.privacy.conf import dataset_encryption_key, dataset_encryption_keys
from chidao.apps.privacy.fields import (
    EncryptedDateField,
    EncryptedTextField,
    PersonalDataDecryptionError,
    blind_index,
    reencrypt_personal_value,
)
from chidao.apps.privacy.registry import register_personal_dataset
from chidao.core.sql import Query
from chidao.engines.duckdb import Engine, EngineConfig, publish_dataset
from tests.apps.privacy.conftest import KEY_MATERIAL, OLD_KEY_MATERIAL

PERSONAL_ID = "079085001123"
BIRTH = dt.date(1985, 3, 12)


def _field(field_class=EncryptedTextField):
    field = field_class()
    field.set_attributes_from_name("so_dinh_danh")
    return field


def _use_keys(settings, current: str, *previous: str) -> None:
    settings.CHIDAO_PERSONAL_DATA = {
        "encryption_key": current,
        "previous_encryption_keys": list(previous),
        "retention_days": {},
    }


def test_an_encrypted_field_stores_a_token_and_reads_the_value_back(personal_data_settings):
    # given the field, when a personal ID goes to the database and back
    field = _field()
    stored = field.get_prep_value(PERSONAL_ID)

    # then the database holds no trace of it, two writes differ (random IV), and it reads back whole
    assert PERSONAL_ID not in stored
    assert stored != field.get_prep_value(PERSONAL_ID)
    assert field.from_db_value(stored, None, None) == PERSONAL_ID


@pytest.mark.parametrize(("_case", "value"), [("nothing", None), ("empty", "")])
def test_empty_values_are_stored_as_they_are(personal_data_settings, _case, value):
    field = _field()
    assert field.get_prep_value(value) == value
    assert field.from_db_value(value, None, None) == value


def test_an_encrypted_date_field_round_trips_a_birth_date(personal_data_settings):
    field = _field(EncryptedDateField)

    stored = field.get_prep_value(BIRTH)

    assert "1985" not in stored
    assert field.from_db_value(stored, None, None) == BIRTH
    assert field.get_prep_value("1985-03-12") != stored  # a string is accepted, encrypted afresh
    assert field.to_python("1985-03-12") == BIRTH


def test_values_written_under_the_old_key_are_read_after_a_rotation_and_can_be_reencrypted(settings):
    # given a value written under the old key
    _use_keys(settings, OLD_KEY_MATERIAL)
    old_token = _field().get_prep_value(PERSONAL_ID)

    # when the new key is configured with the old one kept as previous
    _use_keys(settings, KEY_MATERIAL, OLD_KEY_MATERIAL)

    # then it still reads, and re-encrypting it makes it readable with the new key alone
    assert _field().from_db_value(old_token, None, None) == PERSONAL_ID
    new_token = reencrypt_personal_value(old_token)
    _use_keys(settings, KEY_MATERIAL)
    assert _field().from_db_value(new_token, None, None) == PERSONAL_ID
    with pytest.raises(PersonalDataDecryptionError):
        _field().from_db_value(old_token, None, None)


def test_an_encrypted_field_cannot_be_searched_except_for_emptiness():
    field = _field()

    with pytest.raises(FieldError, match="blind_index"):
        field.get_lookup("exact")
    with pytest.raises(FieldError):
        field.get_lookup("icontains")
    assert field.get_lookup("isnull") is not None


@pytest.mark.parametrize(
    ("_case", "first", "second", "kind"),
    [
        ("phone with spaces and +84", "0912 345 678", "+84912345678", "phone"),
        ("personal ID with surrounding spaces", f" {PERSONAL_ID} ", PERSONAL_ID, "personal_id"),
    ],
)
def test_the_blind_index_matches_the_same_value_however_written(
    personal_data_settings, _case, first, second, kind
):
    assert blind_index(first, kind=kind) == blind_index(second, kind=kind)


def test_the_blind_index_is_keyed_and_depends_on_the_kind(settings, personal_data_settings):
    index = blind_index(PERSONAL_ID, kind="personal_id")

    assert len(index) == 64
    assert PERSONAL_ID not in index
    assert index != blind_index(PERSONAL_ID, kind="phone")
    _use_keys(settings, OLD_KEY_MATERIAL)
    assert index != blind_index(PERSONAL_ID, kind="personal_id")


def test_a_register_published_with_the_settings_key_is_read_with_the_settings_keys(
    tmp_path, personal_data_settings
):
    # given an importer that encrypts with the configured key
    table = pa.table({"so_dinh_danh": [PERSONAL_ID], "month": ["2026-01"]})
    publish_dataset(
        tmp_path,
        "dan_cu",
        table,
        now=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        encryption_key=dataset_encryption_key(),
    )

    # when an engine is configured with the settings' keys, then it reads the register
    engine = Engine(EngineConfig(tmp_path, encryption_keys=dataset_encryption_keys()))
    assert engine.run(Query("SELECT so_dinh_danh FROM dan_cu")).rows == ({"so_dinh_danh": PERSONAL_ID},)
    assert not any(PERSONAL_ID.encode() in path.read_bytes() for path in tmp_path.rglob("*.parquet"))


def test_without_a_dedicated_key_the_deploy_check_fails(settings):
    _use_keys(settings, "")

    assert [message.id for message in check_encryption_key(None)] == [KEY_CHECK_ID]


def test_a_short_key_fails_the_deploy_check_and_a_good_one_passes(settings):
    _use_keys(settings, "ngan-qua")
    assert [message.id for message in check_encryption_key(None)] == [KEY_CHECK_ID]

    _use_keys(settings, KEY_MATERIAL, OLD_KEY_MATERIAL)
    assert check_encryption_key(None) == []


def test_a_declared_dataset_without_retention_is_warned_about(personal_data_settings, declared_datasets):
    register_personal_dataset("dan_cu", kind="population")
    register_personal_dataset("bao_hiem", kind="insurance")

    messages = check_retention(None)

    assert [(m.id, "bao_hiem" in m.msg) for m in messages] == [(RETENTION_CHECK_ID, True)]


def test_a_dataset_declared_twice_differently_is_refused(declared_datasets):
    register_personal_dataset("dan_cu", kind="population")
    register_personal_dataset("dan_cu", kind="population")  # the same declaration again is harmless

    with pytest.raises(RuntimeError, match="declared twice"):
        register_personal_dataset("dan_cu", kind="dossiers")
