"""The three service-index importers on /exchange/: dossiers (hồ sơ), procedure catalogue, feedback."""

from __future__ import annotations

from chidao.apps.exchange.registry import register_importer
from chidao.apps.service_index.importers.base import DatasetImporter, keep_applicant_data
from chidao.apps.service_index.importers.layouts import (
    DOSSIERS,
    DOSSIERS_WITH_APPLICANT,
    FEEDBACK,
    PROCEDURES,
    Layout,
)

__all__ = ["DossierImporter", "FeedbackImporter", "ProcedureImporter"]


@register_importer
class DossierImporter(DatasetImporter):
    """Dossiers exported by the provincial one-stop system (one row per dossier, summary status columns)."""

    code = "service_index_dossiers"
    title = "Hồ sơ thủ tục hành chính (hệ thống một cửa)"
    description = (
        "Tệp xuất hồ sơ TTHC của hệ thống một cửa (MaHoSo, MaTTHC, MaDonVi, NgayTiepNhan, NgayHenTra, "
        "NgayKetThucXuLy, KenhThucHien…). Mỗi tháng có trong tệp thay thế toàn bộ tháng đó của hệ thống nguồn; "
        "dòng lỗi được báo theo dòng và cột, các dòng đúng vẫn được nhập. Họ tên, số định danh của người nộp "
        "không được đọc và không được lưu (trừ khi cấu hình cho phép: khi đó lưu riêng, mã hoá)."
    )
    layout = DOSSIERS
    key_column = "dossier_code"
    key_target = "dossier_code"

    def active_layout(self) -> Layout:
        """With ``CHIDAO_SERVICE_INDEX_KEEP_APPLICANT_DATA`` the applicant's name and number are read too."""
        return DOSSIERS_WITH_APPLICANT if keep_applicant_data() else DOSSIERS


@register_importer
class ProcedureImporter(DatasetImporter):
    """The procedure catalogue (danh mục TTHC) as of a month."""

    code = "service_index_procedures"
    title = "Danh mục thủ tục hành chính (chỉ số phục vụ)"
    description = (
        "Danh mục TTHC: mã, tên, cấp thực hiện, mức độ DVCTT, phí lệ phí, kết quả giấy, thời hạn giải quyết. "
        "Cột ThangApDung (yyyy-mm) chọn tháng của bản danh mục (mặc định: tháng hiện tại); tháng đó được thay thế."
    )
    layout = PROCEDURES
    key_column = "code"
    key_target = "code"
    uses_units = False


@register_importer
class FeedbackImporter(DatasetImporter):
    """Feedback records (phản ánh, kiến nghị) about procedures."""

    code = "service_index_feedback"
    title = "Phản ánh, kiến nghị về TTHC (chỉ số phục vụ)"
    description = (
        "Phản ánh, kiến nghị: mã, đơn vị xử lý, ngày tiếp nhận, hạn, ngày xử lý xong, công khai, lượt thích. "
        "Mỗi tháng tiếp nhận có trong tệp thay thế tháng đó của hệ thống nguồn."
    )
    layout = FEEDBACK
    key_column = "feedback_code"
    key_target = "feedback_code"
