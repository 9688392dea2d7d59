"""The report form in a real browser on a phone: it autosaves a draft and restores it when reopened, and a
photo attached to the draft is resized by the browser (longest side 1600 px, JPEG) before it is sent."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHOTO_WIDTH, PHOTO_HEIGHT = 2400, 1200
LONGEST_SIDE = 1600


def png_bytes(width: int, height: int) -> bytes:
    """A plain PNG photo stand-in (one colour), written by hand: no imaging library needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x2a\x7f\xc0" * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 6))
        + chunk(b"IEND", b"")
    )


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from a JPEG's start-of-frame marker."""
    position = 2
    while position < len(data):
        marker, length = data[position + 1], struct.unpack(">H", data[position + 2 : position + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        position += 2 + length
    raise AssertionError("no start-of-frame marker")


def test_the_form_autosaves_restores_and_a_photo_is_resized_before_upload(
    phone, sign_in, users_by_role, commune, problems, settings, tmp_path
):
    from chidao.apps.programmes.models import ReportEvidence
    from tests.factories.programmes import make_task

    settings.MEDIA_ROOT = tmp_path
    # given a task of the officer's commune and its report form
    task = make_task(
        lead_unit=commune, original_deadline=timezone.localdate() + dt.timedelta(days=30), title="Lắp camera"
    )
    form_url = f"/programmes/tasks/{task.pk}/report/"
    typed = "Đã lắp 12 camera tại trụ sở xã"
    sign_in(users_by_role["unit_officer"])
    phone.goto(form_url)
    # when the officer types and leaves the field
    phone.fill("#id_percent", "40")
    phone.fill("#id_result", typed)
    phone.locator("#id_difficulties").click()
    saved = phone.locator("#draft-status [data-draft-saved]").inner_text()
    # and reopens the form later
    phone.goto(form_url)
    phone.locator("[data-draft-restored]").wait_for()
    restored = phone.locator("#id_result").input_value()
    # and attaches a large photo to the draft
    phone.fill("#id_result", typed + ".")
    phone.locator("#id_difficulties").click()
    phone.locator('#draft-status a[href$="/evidence/"]').click()
    phone.set_input_files(
        "#id_file",
        files=[
            {
                "name": "anh-hien-truong.png",
                "mimeType": "image/png",
                "buffer": png_bytes(PHOTO_WIDTH, PHOTO_HEIGHT),
            }
        ],
    )
    phone.locator("#id_file[data-resized]").wait_for(state="attached")
    phone.click("#evidence-form button[type=submit]")
    phone.locator("#evidence-list").wait_for()
    # then
    assert saved.startswith("Đã lưu nháp lúc ")
    assert restored == typed
    evidence = ReportEvidence.objects.get()
    stored = (tmp_path / evidence.file.name).read_bytes()
    assert evidence.kind == ReportEvidence.Kind.PHOTO
    assert stored[:3] == b"\xff\xd8\xff"
    assert jpeg_size(stored) == (LONGEST_SIDE, LONGEST_SIDE * PHOTO_HEIGHT // PHOTO_WIDTH)
    problems.assert_none()
