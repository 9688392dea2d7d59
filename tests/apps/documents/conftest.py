"""A small world for the documents app: the fixture province and communes, a committee profile, and a pinned
day after the figures' date (documents are made from figures that already exist)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

TODAY = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
AS_OF = dt.date(2026, 3, 3)


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def profile(province):
    from chidao.apps.documents.models import DocumentProfile

    return DocumentProfile.objects.create(
        code="bcd-test",
        name="Ban Chỉ đạo (thử)",
        unit=province,
        parent_body="UBND TỈNH GIA LAI",
        issuing_body="BAN CHỈ ĐẠO THỬ NGHIỆM",
        short_name="Ban Chỉ đạo",
        issuer_abbreviation="BCĐ",
        drafting_unit_abbreviation="SKHCN",
        place="Gia Lai",
        signature_authority="KT. TRƯỞNG BAN",
        signature_title="PHÓ TRƯỞNG BAN",
        signer_name="Lâm Hải Giang",
        recipients="Trưởng Ban Chỉ đạo (để báo cáo)\nThành viên Ban Chỉ đạo",
        archive_line="Lưu: VT, SKHCN.",
    )


@pytest.fixture
def overdue_tasks(commune, other_commune):
    """One task overdue as of 03/03/2026 for each commune."""
    from tests.factories.programmes import make_task

    return {
        "commune": make_task(lead_unit=commune, original_deadline=dt.date(2026, 2, 2), title="Số hóa hồ sơ"),
        "other_commune": make_task(
            lead_unit=other_commune, original_deadline=dt.date(2026, 2, 2), title="Kết nối dữ liệu"
        ),
    }
