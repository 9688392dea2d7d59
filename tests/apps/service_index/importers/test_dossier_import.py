"""Dossier, catalogue and feedback imports: keep good rows, report bad ones by row and column, replace a
(source system, month) atomically, never store applicants' names or identity numbers, resolve old communes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from chidao.apps.exchange import services
from chidao.apps.exchange.models import ImportBatch
from chidao.apps.exchange.registry import importer_by_code
from chidao.apps.exchange.selectors import importers_for_user
from chidao.apps.service_index.importers.bulk import ImportFileError, read_export
from chidao.apps.service_index.importers.layouts import DOSSIERS
from chidao.core.sql import select_columns
from chidao.engines.duckdb import DatasetPaths, Engine, EngineConfig, read_current, read_manifest
from tests.apps.exchange.helpers import upload_of
from tests.engines.tabular.samples import TCVN3_TABLE_TEXT

pytestmark = pytest.mark.django_db

HEADERS = ("MaHoSo", "MaTTHC", "MaDonVi", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "KenhThucHien")
NEW_COMMUNE = "21553"  # Phường Quy Nhơn Bắc (Gia Lai)
OLD_COMMUNE = "21559"  # a pre-2025 commune merged wholly into it
SPLIT_OLD_COMMUNE = "21634"  # Xã An Nghĩa (An Lão, Bình Định): split between two new communes


@pytest.fixture
def data_root(settings, tmp_path: Path) -> Path:
    settings.CHIDAO_DATA_ROOT = tmp_path / "data"
    return settings.CHIDAO_DATA_ROOT


@pytest.fixture
def units(province):
    from tests.factories.organisation import CommuneUnitFactory, UnitFactory

    return [CommuneUnitFactory(parent=province, code=NEW_COMMUNE), UnitFactory(parent=province, code="SYT")]


@pytest.fixture
def admin(users_by_role):
    return users_by_role["administrator"]


def csv_bytes(rows, headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def dossier(
    code: str, unit: str = NEW_COMMUNE, received: str = "02/03/2026 08:15:00", **changes: str
) -> tuple:
    values = {
        "procedure": "1.000001",
        "appointment": "10/03/2026 17:00:00",
        "finished": "05/03/2026 09:00:00",
        "channel": "2",
    }
    values.update(changes)
    return (
        code,
        values["procedure"],
        unit,
        received,
        values["appointment"],
        values["finished"],
        values["channel"],
    )


def upload(
    actor, content: bytes, name: str = "ho-so.csv", code: str = "service_index_dossiers"
) -> ImportBatch:
    return services.import_batch_upload(
        actor=actor, importer=importer_by_code(code), upload=upload_of(content, name)
    )


def commit(actor, batch, django_capture_on_commit_callbacks) -> ImportBatch:
    with django_capture_on_commit_callbacks(execute=True):
        services.import_batch_commit(actor=actor, batch=batch)
    batch.refresh_from_db()
    return batch


def published(root: Path, dataset: str = "ho_so") -> list[dict]:
    if read_current(DatasetPaths(root, dataset)) is None:
        return []
    engine = Engine(EngineConfig(root, memory_limit="256MB", threads=1))
    columns = ["source_system", "dossier_code", "unit_code", "month", "received_at", "channel"]
    return engine.run_arrow(select_columns(dataset, columns, order_by=["dossier_code"])).table.to_pylist()


def test_the_importers_are_offered_to_administrators_and_data_officers_only(users_by_role) -> None:
    codes = {"service_index_dossiers", "service_index_procedures", "service_index_feedback"}
    for role, user in users_by_role.items():
        offered = {importer.code for importer in importers_for_user(user)} & codes
        assert offered == (codes if role in ("administrator", "data_officer") else set()), role


def test_good_rows_are_kept_and_each_bad_cell_reported_by_row_and_column(
    admin, units, data_root, django_capture_on_commit_callbacks
) -> None:
    # Given a file with two good dossiers and two bad rows (a date, a channel, an unknown unit)
    rows = [
        dossier("HS-1"),
        dossier("HS-2", unit="SYT", channel="1"),
        dossier("HS-3", appointment="31/02/2026", channel="7"),
        dossier("HS-4", unit="KHONG-CO"),
    ]
    batch = upload(admin, csv_bytes(rows))
    # Then the preview keeps the good rows and places every problem on its row and column
    assert batch.counts_summary == "2 mới / 0 thay đổi / 0 không đổi / 2 lỗi"
    issues = [(issue.row_number, issue.column) for issue in batch.issues.order_by("position")]
    assert issues == [(4, "NgayHenTra"), (4, "KenhThucHien"), (5, "MaDonVi")]
    messages = " ".join(issue.message for issue in batch.issues.all())
    assert "“31/02/2026” không phải ngày giờ hợp lệ" in messages
    assert "Không có đơn vị mã “KHONG-CO”" in messages
    # When committed / Then exactly the good rows are published, typed, in their received month
    batch = commit(admin, batch, django_capture_on_commit_callbacks)
    assert batch.state == ImportBatch.State.APPLIED
    rows_out = published(data_root)
    assert [(r["dossier_code"], r["unit_code"], r["month"], r["channel"]) for r in rows_out] == [
        ("HS-1", NEW_COMMUNE, "2026-03", 2),
        ("HS-2", "SYT", "2026-03", 1),
    ]
    assert rows_out[0]["received_at"] == dt.datetime(2026, 3, 2, 8, 15)
    assert rows_out[0]["source_system"] == "MOTCUA-GIALAI"


def test_a_corrected_month_replaces_that_month_of_its_source_only(
    admin, units, data_root, django_capture_on_commit_callbacks
) -> None:
    # Given February and March of the one-stop system, and March of another system
    first = [
        dossier("F-1", received="03/02/2026 08:00:00", appointment="10/02/2026", finished="04/02/2026"),
        dossier("M-1"),
        dossier("M-2"),
    ]
    commit(admin, upload(admin, csv_bytes(first)), django_capture_on_commit_callbacks)
    other = csv_bytes([(*dossier("K-1"), "HE-THONG-KHAC")], headers=(*HEADERS, "HeThongNguon"))
    commit(admin, upload(admin, other, "khac.csv"), django_capture_on_commit_callbacks)
    before = read_current(DatasetPaths(data_root, "ho_so"))
    # When a corrected March of the one-stop system (M-2 withdrawn from the export, M-3 added) is imported
    corrected = upload(admin, csv_bytes([dossier("M-1"), dossier("M-3")]), "sua-thang-3.csv")
    assert corrected.counts_summary == "1 mới / 0 thay đổi / 1 không đổi / 0 lỗi"
    commit(admin, corrected, django_capture_on_commit_callbacks)
    # Then March of that system is exactly the file, February and the other system's March are untouched
    assert [(r["source_system"], r["dossier_code"]) for r in published(data_root)] == [
        ("MOTCUA-GIALAI", "F-1"),
        ("HE-THONG-KHAC", "K-1"),
        ("MOTCUA-GIALAI", "M-1"),
        ("MOTCUA-GIALAI", "M-3"),
    ]
    # And it was one new version replacing only March; the previous version stays readable as it was
    paths = DatasetPaths(data_root, "ho_so")
    manifest = read_manifest(paths, read_current(paths))
    assert (manifest.based_on, manifest.replaced_months) == (before, ("2026-03",))
    assert read_manifest(paths, before).row_count == 4


def test_applicant_names_and_identity_numbers_are_never_stored(
    admin, units, data_root, django_capture_on_commit_callbacks
) -> None:
    # Given an export carrying the applicant's name, identity number and phone
    headers = (*HEADERS, "HoTenNguoiNop", "SoCCCD", "SoDienThoai")
    content = csv_bytes([(*dossier("HS-1"), "Nguyễn Văn Thử", "052090001234", "0912345678")], headers=headers)
    commit(admin, upload(admin, content), django_capture_on_commit_callbacks)
    # Then the dataset has exactly the schema's columns and no file of it holds those values
    paths = DatasetPaths(data_root, "ho_so")
    manifest = read_manifest(paths, read_current(paths))
    assert {column.name for column in manifest.columns} == set(DOSSIERS.schema.column_names)
    for file in manifest.files:
        table = pq.read_table(paths.version_directory(manifest.version) / file.path)
        text = str(table.to_pylist())
        assert "Nguyễn Văn Thử" not in text
        assert "052090001234" not in text
        assert "0912345678" not in text


def test_old_commune_codes_resolve_through_the_crosswalk_and_a_split_one_is_rejected(
    admin, units, data_root, django_capture_on_commit_callbacks
) -> None:
    # Given a dossier of an old commune merged wholly into a loaded one, and one of a split old commune
    batch = upload(
        admin, csv_bytes([dossier("HS-OLD", unit=OLD_COMMUNE), dossier("HS-SPLIT", unit=SPLIT_OLD_COMMUNE)])
    )
    # Then the split one is rejected with the crosswalk's explanation, at its unit column
    (issue,) = batch.issues.all()
    assert (issue.row_number, issue.column) == (3, "MaDonVi")
    assert "được chia cho 2 xã mới" in issue.message
    assert "hãy ghi mã xã mới" in issue.message
    # And the merged one is stored under the new commune's code
    commit(admin, batch, django_capture_on_commit_callbacks)
    assert [(r["dossier_code"], r["unit_code"]) for r in published(data_root)] == [("HS-OLD", NEW_COMMUNE)]


def test_formula_looking_text_stays_text(admin, units, data_root, django_capture_on_commit_callbacks) -> None:
    # Given dossier codes that a spreadsheet would take for formulas
    batch = upload(admin, csv_bytes([dossier("=1+1"), dossier("@SUM(A1)"), dossier("+84-1")]))
    commit(admin, batch, django_capture_on_commit_callbacks)
    # Then they are stored exactly as written, as text
    assert sorted(r["dossier_code"] for r in published(data_root)) == ["+84-1", "=1+1", "@SUM(A1)"]


def test_a_legacy_encoded_file_is_refused_with_the_reason(tmp_path: Path, admin) -> None:
    # Given a CSV typed with a TCVN3 font
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(TCVN3_TABLE_TEXT.encode("latin-1"))
    # Then the bulk path refuses it and says how to convert it
    with pytest.raises(ImportFileError, match=r"^Tệp dùng bảng mã cũ TCVN3"):
        read_export(path, DOSSIERS)
    # And so does the upload page
    with pytest.raises(Exception, match="TCVN3"):
        upload(admin, path.read_bytes(), "tcvn3.csv")


def test_the_catalogue_and_feedback_importers_publish_their_month(
    admin, units, data_root, django_capture_on_commit_callbacks
) -> None:
    # Given a catalogue snapshot of March and one feedback record
    catalogue = csv_bytes(
        [("1.000001", "Cấp bản sao", "Cấp xã", "Toàn trình", "Có", "1", "3", "Ngày làm việc", "03/2026")],
        headers=(
            "MaTTHC",
            "TenTTHC",
            "CapThucHien",
            "MucDo",
            "PhiLePhi",
            "KetQuaThucHien",
            "ThoiGianGiaiQuyet",
            "DonViTinh",
            "ThangApDung",
        ),
    )
    feedback = csv_bytes(
        [("PA-1", NEW_COMMUNE, "04/03/2026 09:00:00", "10/03/2026 10:00:00", "3", "0")],
        headers=("MaPAKN", "MaDonVi", "NgayTiepNhan", "NgayXuLyXong", "SoLuotThich", "SoLuotKhongThich"),
    )
    for content, code in ((catalogue, "service_index_procedures"), (feedback, "service_index_feedback")):
        batch = commit(admin, upload(admin, content, code=code), django_capture_on_commit_callbacks)
        assert batch.state == ImportBatch.State.APPLIED, batch.message
    engine = Engine(EngineConfig(data_root, memory_limit="256MB", threads=1))
    (procedure,) = engine.run(
        select_columns(
            "thu_tuc",
            [
                "code",
                "level",
                "online_level",
                "fee_bearing",
                "statutory_limit_value",
                "statutory_limit_unit",
                "month",
            ],
        )
    ).rows
    assert procedure == {
        "code": "1.000001",
        "level": "commune",
        "online_level": "toan_trinh",
        "fee_bearing": True,
        "statutory_limit_value": 3.0,
        "statutory_limit_unit": "working_days",
        "month": "2026-03",
    }
    (record,) = engine.run(
        select_columns("phan_anh", ["feedback_code", "unit_code", "likes", "dislikes", "month"])
    ).rows
    assert record == {
        "feedback_code": "PA-1",
        "unit_code": NEW_COMMUNE,
        "likes": 3,
        "dislikes": 0,
        "month": "2026-03",
    }


def test_a_data_officer_imports_an_xlsx_export_with_date_cells(
    users_by_role, units, data_root, django_capture_on_commit_callbacks
) -> None:
    from tests.apps.exchange.helpers import xlsx_bytes

    # Given a workbook as Excel keeps it: real date cells, numbers, a title above the header
    officer = users_by_role["data_officer"]
    rows = [
        HEADERS,
        ("HS-X1", "1.000001", NEW_COMMUNE, dt.datetime(2026, 3, 2, 8, 15), dt.datetime(2026, 3, 10), None, 2),
        ("HS-X2", "1.000001", "SYT", dt.datetime(2026, 3, 3, 14, 0), "không rõ", None, 1),
    ]
    batch = upload(officer, xlsx_bytes(rows, title="DANH SÁCH HỒ SƠ THÁNG 3/2026"), "ho-so.xlsx")
    # Then the bad appointment is reported at its Excel row, and the good row is published
    assert [(issue.row_number, issue.column) for issue in batch.issues.all()] == [(5, "NgayHenTra")]
    commit(officer, batch, django_capture_on_commit_callbacks)
    (row,) = published(data_root)
    assert (row["dossier_code"], row["received_at"], row["channel"]) == (
        "HS-X1",
        dt.datetime(2026, 3, 2, 8, 15),
        2,
    )


def test_when_configured_the_applicant_is_kept_apart_and_encrypted(
    settings, admin, units, data_root, django_capture_on_commit_callbacks
) -> None:
    from chidao.apps.privacy.conf import dataset_encryption_keys

    # Given the setting that keeps applicants' names and numbers
    settings.CHIDAO_SERVICE_INDEX_KEEP_APPLICANT_DATA = True
    headers = (*HEADERS, "HoTenNguoiNop", "SoCCCD")
    content = csv_bytes([(*dossier("HS-1"), "Nguyễn Văn Thử", "052090001234")], headers=headers)
    batch = commit(admin, upload(admin, content), django_capture_on_commit_callbacks)
    assert batch.state == ImportBatch.State.APPLIED, batch.message
    # Then ho_so still has no such column, and the side dataset holds them, encrypted
    paths = DatasetPaths(data_root, "ho_so_nguoi_nop")
    manifest = read_manifest(paths, read_current(paths))
    assert {column.name for column in manifest.columns} == {
        "source_system",
        "dossier_code",
        "applicant_name",
        "applicant_id",
        "month",
    }
    (file,) = manifest.files
    assert b"052090001234" not in (paths.version_directory(manifest.version) / file.path).read_bytes()
    engine = Engine(
        EngineConfig(data_root, memory_limit="256MB", threads=1, encryption_keys=dataset_encryption_keys())
    )
    (row,) = engine.run(
        select_columns("ho_so_nguoi_nop", ["dossier_code", "applicant_name", "applicant_id"])
    ).rows
    assert row == {"dossier_code": "HS-1", "applicant_name": "Nguyễn Văn Thử", "applicant_id": "052090001234"}
    assert "applicant_name" not in {
        c.name
        for c in read_manifest(
            DatasetPaths(data_root, "ho_so"), read_current(DatasetPaths(data_root, "ho_so"))
        ).columns
    }
