"""`manage.py import_service_index`: a tiny CSV through the bulk path — counts printed, the month replaced,
the reject report written (next to the file or where asked), a dry run writes nothing, audited by the operator."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from chidao.apps.audit.models import AuditEvent
from chidao.core.sql import select_columns
from chidao.engines.duckdb import DatasetPaths, Engine, EngineConfig, read_current

pytestmark = pytest.mark.django_db
HEADERS = ("MaHoSo", "MaTTHC", "MaDonVi", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "KenhThucHien")
GOOD = [
    ("HS-1", "1.000001", "XA1", "02/03/2026 08:15:00", "10/03/2026 17:00:00", "05/03/2026 09:00:00", "2"),
    ("HS-2", "1.000001", "XA2", "03/03/2026 08:15:00", "10/03/2026 17:00:00", "", "1"),
]
BAD = [
    ("HS-3", "1.000001", "XA1", "04/03/2026 08:15:00", "31/02/2026", "", "2"),
    ("HS-4", "1.000001", "KHONG-CO", "04/03/2026 08:15:00", "", "", "1"),
]


@pytest.fixture
def data_root(settings, tmp_path: Path) -> Path:
    settings.CHIDAO_DATA_ROOT = tmp_path / "data"
    return settings.CHIDAO_DATA_ROOT


def write_csv(path: Path, rows, headers=HEADERS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def run(*arguments: str) -> str:
    output = io.StringIO()
    call_command("import_service_index", *arguments, stdout=output)
    return output.getvalue()


def dossiers(root: Path) -> list[dict]:
    if read_current(DatasetPaths(root, "ho_so")) is None:
        return []
    engine = Engine(EngineConfig(root, memory_limit="256MB", threads=1))
    query = select_columns(
        "ho_so", ["source_system", "dossier_code", "unit_code", "month"], order_by=["dossier_code"]
    )
    return engine.run_arrow(query).table.to_pylist()


def test_a_file_is_imported_with_its_counts_and_reject_report(tmp_path, data_root, index_units) -> None:
    # given a CSV with two good dossiers and two bad rows
    source = write_csv(tmp_path / "ho-so-03.csv", GOOD + BAD)

    # when the operator imports it
    output = run("--kind", "dossiers", "--file", str(source), "--source-system", "MOTCUA-TEST")

    # then the counts are printed, March is replaced with the good rows, the rejects are reported beside the file
    assert "4 dòng; giữ 2, lỗi 2." in output
    assert "Đã thay thế tháng: 03/2026." in output
    assert [(row["source_system"], row["dossier_code"], row["month"]) for row in dossiers(data_root)] == [
        ("MOTCUA-TEST", "HS-1", "2026-03"),
        ("MOTCUA-TEST", "HS-2", "2026-03"),
    ]
    report = tmp_path / "ho-so-03-loi.xlsx"
    assert f"Báo cáo dòng lỗi: {report}" in output
    sheet = openpyxl.load_workbook(report, read_only=True).active
    texts = " ".join(
        str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None
    )
    assert "NgayHenTra" in texts
    assert "KHONG-CO" in texts


def test_the_import_is_audited_by_the_operator(tmp_path, data_root, index_units, users_by_role) -> None:
    # given a good file
    source = write_csv(tmp_path / "ho-so.csv", GOOD)

    # when it is imported without and then with --user
    run("--kind", "dossiers", "--file", str(source))
    run("--kind", "dossiers", "--file", str(source), "--user", users_by_role["data_officer"].username)

    # then each import is one audit row on the command channel with its counts
    first, second = AuditEvent.objects.filter(action="service_index.file_import").order_by("pk")
    assert first.channel == "command"
    assert first.actor is None
    assert first.actor_label.startswith("manage.py import_service_index (")
    assert (first.object_type, first.object_id) == ("dataset", "ho_so")
    assert first.after["kept"] == 2
    assert first.after["rejected_rows"] == 0
    assert first.after["months_replaced"] == ["2026-03"]
    assert first.after["source_system"] == "MOTCUA-GIALAI"
    assert len(first.after["sha256"]) == 64
    assert second.actor == users_by_role["data_officer"]


def test_a_corrected_month_replaces_the_previous_one(tmp_path, data_root, index_units) -> None:
    # given March imported with two dossiers, then a corrected export holding only HS-1
    run("--kind", "dossiers", "--file", str(write_csv(tmp_path / "a.csv", GOOD)))

    run("--kind", "dossiers", "--file", str(write_csv(tmp_path / "b.csv", GOOD[:1])))

    # then March holds only HS-1
    assert [row["dossier_code"] for row in dossiers(data_root)] == ["HS-1"]


def test_a_dry_run_writes_nothing(tmp_path, data_root, index_units) -> None:
    # given a file with a bad row
    source = write_csv(tmp_path / "ho-so.csv", GOOD + BAD[:1])
    report = tmp_path / "loi" / "bao-cao.csv"

    # when it is only checked, with the report asked for as CSV
    output = run("--kind", "dossiers", "--file", str(source), "--dry-run", "--reject-report", str(report))

    # then the counts and months are said, nothing is published or audited, the report is written
    assert "Kiểm tra (không ghi) ho-so.csv: 3 dòng; giữ 2, lỗi 1." in output
    assert "Sẽ thay thế tháng: 03/2026." in output
    assert dossiers(data_root) == []
    assert not AuditEvent.objects.filter(action="service_index.file_import").exists()
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Dòng,Cột,Giá trị,Lỗi"
    assert lines[1].startswith("4,NgayHenTra,31/02/2026,")


def test_the_procedure_catalogue_is_imported(tmp_path, data_root, db) -> None:
    source = write_csv(
        tmp_path / "thu-tuc.csv",
        [("1.000001", "Cấp giấy phép", "2026-03"), ("1.000002", "Đăng ký", "2026-03")],
        headers=("MaTTHC", "TenTTHC", "ThangApDung"),
    )

    output = run("--kind", "procedures", "--file", str(source))

    assert "2 dòng; giữ 2, lỗi 0." in output
    assert "Đã thay thế tháng: 03/2026." in output
    assert read_current(DatasetPaths(data_root, "thu_tuc")) is not None


def test_a_missing_file_or_user_is_refused(tmp_path, data_root, db) -> None:
    with pytest.raises(CommandError, match="Không có tệp"):
        run("--kind", "dossiers", "--file", str(tmp_path / "khong-co.csv"))
    source = write_csv(tmp_path / "ho-so.csv", GOOD)
    with pytest.raises(CommandError, match="Không có người dùng"):
        run("--kind", "dossiers", "--file", str(source), "--user", "khong-co")


def test_a_file_without_the_layouts_columns_is_refused(tmp_path, data_root, db) -> None:
    source = write_csv(tmp_path / "sai.csv", [("1", "2")], headers=("Cot1", "Cot2"))

    with pytest.raises(CommandError):
        run("--kind", "feedback", "--file", str(source))
