"""Keep-good-rows into a Parquet dataset: good rows published (atomic swap) with the reject report,
Vietnamese deadline texts kept, Excel serial dates read, re-import updating instead of duplicating."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chidao.apps.exchange import services
from chidao.apps.exchange.models import ImportBatch
from chidao.apps.exchange.registry import replace_importer
from tests.apps.exchange.helpers import MonthlyFiguresImporter, upload_of, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ("Mã đơn vị", "Tháng", "Số hồ sơ", "Thời hạn báo cáo")


@pytest.fixture
def importer(tmp_path):
    importer = MonthlyFiguresImporter(tmp_path / "data")
    replace_importer(importer)
    return importer


def commit(admin, batch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.import_batch_commit(actor=admin, batch=batch)
    batch.refresh_from_db()
    return batch


def test_good_rows_are_published_and_bad_ones_reported(admin, importer, django_capture_on_commit_callbacks):
    # Given a sheet with two good rows (a period text, an Excel serial date) and one bad row
    rows = [
        HEADERS,
        ("X001", "2026-03", 120, "Quý I/2026"),
        ("X002", "2026-03", "1.250", 46112),
        ("X003", "03/2026", -5, "sớm nhất"),
    ]
    batch = services.import_batch_upload(actor=admin, importer=importer, upload=upload_of(xlsx_bytes(rows)))
    # Then the preview keeps the good rows and lists all three problems of the bad one
    assert batch.counts_summary == "2 mới / 0 thay đổi / 0 không đổi / 1 lỗi"
    assert [(i.row_number, i.column) for i in batch.issues.all()] == [
        (4, "Tháng"),
        (4, "Số hồ sơ"),
        (4, "Thời hạn báo cáo"),
    ]
    # When committed / Then the dataset holds exactly the good rows, with the deadline texts as written
    commit(admin, batch, django_capture_on_commit_callbacks)
    assert batch.state == ImportBatch.State.APPLIED
    assert batch.message == "Đã công bố phiên bản v000001 (2 dòng)."
    published = importer.published()
    assert {
        key: (row["dossiers"], row["deadline_text"], row["deadline_due"]) for key, row in published.items()
    } == {
        "X001|2026-03": (120, "Quý I/2026", "2026-03-31"),
        "X002|2026-03": (1250, "46112", "2026-03-31"),
    }
    assert batch.issues.count() == 3


def test_reimport_of_a_parquet_file_updates_the_same_keys(
    admin, importer, django_capture_on_commit_callbacks, tmp_path
):
    # Given a published month
    first = [HEADERS, ("X001", "2026-03", 120, "Quý I/2026"), ("X002", "2026-03", 80, "Năm 2026")]
    batch = services.import_batch_upload(actor=admin, importer=importer, upload=upload_of(xlsx_bytes(first)))
    commit(admin, batch, django_capture_on_commit_callbacks)
    # When a Parquet file corrects one row and repeats the other
    buffer = io.BytesIO()
    pq.write_table(
        pa.table(
            {
                "Mã đơn vị": ["X001", "X002"],
                "Tháng": ["2026-03", "2026-03"],
                "Số hồ sơ": [125, 80],
                "Thời hạn báo cáo": ["Quý I/2026", "Năm 2026"],
            }
        ),
        buffer,
    )
    again = services.import_batch_upload(
        actor=admin, importer=importer, upload=upload_of(buffer.getvalue(), "sua.parquet")
    )
    # Then the preview sees one change, and after commit the dataset has two rows, the corrected value
    assert again.file_format == "parquet"
    assert again.counts_summary == "0 mới / 1 thay đổi / 1 không đổi / 0 lỗi"
    commit(admin, again, django_capture_on_commit_callbacks)
    published = importer.published()
    assert len(published) == 2
    assert published["X001|2026-03"]["dossiers"] == 125
