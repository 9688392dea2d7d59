"""File layouts of the service-index imports: export field names → dataset columns, and what is dropped.

Each ``Field`` maps one column of the provincial one-stop export (header as the export writes it, e.g.
``MaHoSo``, plus the spellings people use) onto a column of ``chidao.core.service_index.schema``, with the
kind of value the SQL validation expects. ``PERSONAL_HEADERS`` are the applicant's name and identity
columns exports carry: recognised so that they are never read (docs/domain/service-index/import.md).
Django-free, so the bulk path and the bench use the same declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from chidao.core.importing import Column, TextField
from chidao.core.service_index.schema import HO_SO, PHAN_ANH, THU_TUC, DatasetSchema
from chidao.core.service_index.schema import Column as DatasetColumn

__all__ = [
    "APPLICANT_FIELDS",
    "DOSSIERS",
    "DOSSIERS_WITH_APPLICANT",
    "FEEDBACK",
    "HO_SO_NGUOI_NOP",
    "PERSONAL_HEADERS",
    "PROCEDURES",
    "Field",
    "FieldKind",
    "Layout",
]


class FieldKind(StrEnum):
    """How a cell's text becomes a value (all vectorised in SQL)."""

    TEXT = "text"
    TIMESTAMP = "timestamp"
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    CHOICE = "choice"


@dataclass(frozen=True)
class Field:
    """One export column: its header and aliases, the dataset column it fills, its kind and rules.

    ``choices`` maps folded texts (lower case, no diacritics) to the stored value; ``default`` fills a
    missing or empty cell of an optional field (a SQL literal, code constant).
    """

    target: str
    header: str
    kind: FieldKind
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_length: int = 255
    choices: tuple[tuple[str, str], ...] = ()
    default: str | None = None
    minimum: int | None = None


@dataclass(frozen=True)
class Layout:
    """A file layout for one dataset. ``source_field``: the optional column naming the source system."""

    schema: DatasetSchema
    fields: tuple[Field, ...]
    source_field: Field | None = None
    month_field: Field | None = None

    @property
    def all_fields(self) -> tuple[Field, ...]:
        """The data fields plus the source-system and month fields when the layout has them."""
        extra = tuple(f for f in (self.source_field, self.month_field) if f is not None)
        return (*self.fields, *extra)

    def columns(self) -> tuple[Column, ...]:
        """The fields as framework columns: every cell read as text, the SQL validation does the rest."""
        return tuple(
            Column(
                field.target,
                field.header,
                TextField(max_length=100_000),
                required=field.required,
                aliases=field.aliases,
            )
            for field in self.all_fields
        )


def _t(target: str, header: str, *aliases: str, required: bool = False, max_length: int = 255) -> Field:
    return Field(target, header, FieldKind.TEXT, aliases, required, max_length)


def _ts(target: str, header: str, *aliases: str, required: bool = False) -> Field:
    return Field(target, header, FieldKind.TIMESTAMP, aliases, required)


def _b(target: str, header: str, *aliases: str) -> Field:
    return Field(target, header, FieldKind.BOOLEAN, aliases, default="FALSE")


SOURCE_SYSTEM: Final = _t("source_system", "HeThongNguon", "Hệ thống nguồn", "Mã hệ thống", max_length=64)

DOSSIERS: Final = Layout(
    HO_SO,
    (
        _t("dossier_code", "MaHoSo", "Mã hồ sơ", "Số hồ sơ", required=True, max_length=100),
        _t(
            "procedure_code",
            "MaTTHC",
            "Mã thủ tục",
            "Mã TTHC",
            "Mã thủ tục hành chính",
            required=True,
            max_length=50,
        ),
        _t(
            "unit_code",
            "MaDonVi",
            "DonViXuLy",
            "Mã đơn vị",
            "Mã cơ quan",
            "Đơn vị tiếp nhận",
            required=True,
            max_length=32,
        ),
        _ts("received_at", "NgayTiepNhan", "Ngày tiếp nhận", required=True),
        _ts("appointment_at", "NgayHenTra", "Ngày hẹn trả", "Ngày hẹn trả kết quả"),
        _ts("finished_at", "NgayKetThucXuLy", "Ngày kết thúc xử lý", "Ngày xử lý xong"),
        _ts("returned_at", "NgayTra", "NgayTraKetQua", "Ngày trả kết quả"),
        _ts("stopped_at", "NgayTuChoi", "NgayDungXuLy", "Ngày từ chối", "Ngày dừng xử lý", "Ngày rút hồ sơ"),
        Field(
            "stop_kind",
            "TrangThaiHoSo",
            FieldKind.CHOICE,
            ("Trạng thái hồ sơ", "Trạng thái", "LyDoKetThuc"),
            choices=(
                ("tu choi", "rejected"),
                ("rejected", "rejected"),
                ("dung xu ly", "stopped"),
                ("stopped", "stopped"),
                ("rut ho so", "withdrawn"),
                ("cong dan rut ho so", "withdrawn"),
                ("cong dan yeu cau rut ho so", "withdrawn"),
                ("withdrawn", "withdrawn"),
                # Statuses that do not stop processing: no stop kind.
                ("da xu ly xong", ""),
                ("da tra ket qua", ""),
                ("dang xu ly", ""),
                ("cho bo sung", ""),
                ("moi tiep nhan", ""),
            ),
        ),
        Field(
            "supplement_count",
            "SoLanBoSung",
            FieldKind.INTEGER,
            ("Số lần bổ sung", "Số lần yêu cầu bổ sung"),
            default="0",
            minimum=0,
        ),
        _ts(
            "first_supplement_requested_at",
            "NgayYeuCauBoSung",
            "Ngày yêu cầu bổ sung",
            "Ngày yêu cầu bổ sung lần đầu",
        ),
        Field(
            "supplement_wait_seconds",
            "ThoiGianChoBoSung",
            FieldKind.INTEGER,
            ("Thời gian chờ bổ sung (giây)", "Tổng thời gian chờ bổ sung"),
            default="0",
            minimum=0,
        ),
        _ts(
            "supplement_open_since",
            "NgayYeuCauBoSungChuaHoanThanh",
            "Yêu cầu bổ sung đang chờ",
            "Đang chờ bổ sung từ",
        ),
        Field(
            "channel",
            "KenhThucHien",
            FieldKind.CHOICE,
            ("Kênh thực hiện", "Kênh nộp"),
            choices=(
                ("1", "1"),
                ("truc tiep", "1"),
                ("2", "2"),
                ("truc tuyen", "2"),
                ("3", "3"),
                ("buu chinh", "3"),
                ("buu chinh cong ich", "3"),
            ),
        ),
        Field(
            "fee_amount",
            "PhiLePhi",
            FieldKind.INTEGER,
            ("Phí, lệ phí", "Tổng phí lệ phí", "TongPhiLePhi"),
            minimum=0,
        ),
        Field(
            "paid_online",
            "DuocThanhToanTrucTuyen",
            FieldKind.CHOICE,
            ("Thanh toán trực tuyến",),
            choices=(("0", "0"), ("khong", "0"), ("1", "1"), ("2", "2")),
            default="'0'",
        ),
        _t("result_code", "MaKetQua", "Mã kết quả", "MaGiayToKetQua", max_length=200),
        _t("result_file_link", "DuongDanTepTinKetQua", "Đường dẫn tệp kết quả", max_length=2000),
        _b("inputs_digitised", "CoTepDinhKem", "Số hóa đầu vào", "Có tệp đính kèm", "DuocSoHoaDauVao"),
        _b("reused_digitised", "HoSoCoThanhPhanSoHoa", "DuocSoHoa", "Tái sử dụng dữ liệu số hóa"),
        _b("from_personal_store", "DuocLayTuKhoDMQG", "Lấy từ kho dữ liệu cá nhân"),
        _b("pushed_to_personal_store", "DongBoKhoDMQG", "Đồng bộ kết quả lên kho dữ liệu"),
        _b("vneid_authenticated", "TaiKhoanDuocXacThucVoiVNeID", "Xác thực VNeID"),
        _b("synced_to_portal", "DaDongBoDVCQG", "Đồng bộ Cổng DVCQG", "Đã đồng bộ"),
        Field(
            "rating",
            "DanhGia",
            FieldKind.CHOICE,
            ("Đánh giá", "Mức độ hài lòng"),
            choices=(
                ("liked", "liked"),
                ("hai long", "liked"),
                ("rat hai long", "liked"),
                ("disliked", "disliked"),
                ("khong hai long", "disliked"),
            ),
        ),
        _b("complained", "CoPhanAnh", "Có phản ánh", "Có PAKN"),
    ),
    source_field=SOURCE_SYSTEM,
)

PROCEDURES: Final = Layout(
    THU_TUC,
    (
        _t("code", "MaTTHC", "Mã thủ tục", "Mã TTHC", required=True, max_length=50),
        _t("name", "TenTTHC", "Tên thủ tục", "Tên thủ tục hành chính", required=True, max_length=1000),
        Field(
            "level",
            "CapThucHien",
            FieldKind.CHOICE,
            ("Cấp thực hiện",),
            choices=(
                ("central", "central"),
                ("trung uong", "central"),
                ("cap bo", "central"),
                ("province", "province"),
                ("tinh", "province"),
                ("cap tinh", "province"),
                ("commune", "commune"),
                ("xa", "commune"),
                ("cap xa", "commune"),
            ),
        ),
        Field(
            "online_level",
            "MucDo",
            FieldKind.CHOICE,
            ("Mức độ DVCTT", "Mức độ dịch vụ công trực tuyến", "Mức độ"),
            choices=(
                ("toan trinh", "toan_trinh"),
                ("toan_trinh", "toan_trinh"),
                ("mot phan", "mot_phan"),
                ("mot_phan", "mot_phan"),
                ("none", "none"),
                ("khong", "none"),
                ("", "none"),
            ),
            default="'none'",
        ),
        _b("fee_bearing", "PhiLePhi", "Có phí, lệ phí", "Có phí lệ phí"),
        _b("paper_result", "KetQuaThucHien", "Trả kết quả bằng giấy", "Kết quả giấy"),
        Field(
            "statutory_limit_value",
            "ThoiGianGiaiQuyet",
            FieldKind.DECIMAL,
            ("Thời hạn giải quyết",),
            minimum=0,
        ),
        Field(
            "statutory_limit_unit",
            "DonViTinh",
            FieldKind.CHOICE,
            ("Đơn vị tính", "Đơn vị thời hạn"),
            choices=(
                ("ngay lam viec", "working_days"),
                ("working_days", "working_days"),
                ("ngay", "days"),
                ("days", "days"),
                ("gio", "hours"),
                ("gio lam viec", "hours"),
                ("hours", "hours"),
                ("thang", "months"),
                ("months", "months"),
            ),
        ),
        _b("citizen_subject", "DoiTuongCongDan", "Đối tượng là công dân", "Đối tượng thực hiện là người dân"),
        _t("publication_decision_code", "SoQuyetDinh", "Số quyết định công bố", max_length=100),
        Field("publication_decision_date", "NgayQuyetDinh", FieldKind.DATE, ("Ngày quyết định công bố",)),
        Field("legal_basis_effective_date", "NgayHieuLuc", FieldKind.DATE, ("Ngày hiệu lực căn cứ pháp lý",)),
        _ts("publicised_at", "NgayCongKhai", "Ngày công khai"),
        Field("components_complete", "DayDuBoPhan", FieldKind.BOOLEAN, ("Công khai đầy đủ bộ phận",)),
    ),
    month_field=_t("month", "ThangApDung", "Tháng áp dụng", "Tháng", max_length=7),
)

FEEDBACK: Final = Layout(
    PHAN_ANH,
    (
        _t("feedback_code", "MaPAKN", "Mã phản ánh", "Mã PAKN", required=True, max_length=100),
        _t("unit_code", "MaDonVi", "DonViXuLy", "Mã đơn vị", "Đơn vị xử lý", required=True, max_length=32),
        _ts("received_at", "NgayTiepNhan", "NgayChuyenDen", "Ngày tiếp nhận", required=True),
        _ts("deadline_at", "HanXuLy", "Hạn xử lý"),
        _ts("handled_at", "NgayXuLyXong", "Ngày xử lý xong"),
        _ts("rejected_at", "NgayTuChoi", "Ngày từ chối tiếp nhận"),
        _ts("supplement_requested_at", "NgayYeuCauBoSung", "Ngày yêu cầu bổ sung"),
        _ts("published_at", "NgayCongKhai", "Ngày công khai kết quả"),
        Field("likes", "SoLuotThich", FieldKind.INTEGER, ("Số lượt thích",), default="0", minimum=0),
        Field(
            "dislikes",
            "SoLuotKhongThich",
            FieldKind.INTEGER,
            ("Số lượt không thích",),
            default="0",
            minimum=0,
        ),
        _b("re_complained", "PhanAnhLai", "Bị phản ánh lại", "PAKN nhắc lại"),
    ),
    source_field=_t("source_system", "HeThongNguon", "Hệ thống nguồn", max_length=64),
)

PERSONAL_HEADERS: Final = (
    "ChuHoSo",
    "HoTenNguoiNop",
    "TenNguoiNop",
    "HoTen",
    "Họ và tên",
    "Người nộp",
    "SoCCCD",
    "SoCMND",
    "SoDinhDanh",
    "SoGiayToTuyThan",
    "Số định danh cá nhân",
    "NgaySinh",
    "SoDienThoai",
    "Email",
    "DiaChi",
    "Địa chỉ",
)
"""Applicant columns that exports carry; none of them is declared above, so none is ever read or stored."""

APPLICANT_FIELDS: Final = (
    _t("applicant_name", "HoTenNguoiNop", "ChuHoSo", "TenNguoiNop", "Họ và tên người nộp", max_length=200),
    _t(
        "applicant_id",
        "SoDinhDanh",
        "SoCCCD",
        "SoCMND",
        "SoGiayToTuyThan",
        "Số định danh cá nhân",
        max_length=20,
    ),
)
"""Read only when ``CHIDAO_SERVICE_INDEX_KEEP_APPLICANT_DATA`` is on (default off: never read, never stored)."""

HO_SO_NGUOI_NOP: Final = DatasetSchema(
    name="ho_so_nguoi_nop",
    row="Người nộp của một hồ sơ (chỉ khi cấu hình giữ dữ liệu người nộp; bộ dữ liệu mã hoá).",
    key=("source_system", "dossier_code"),
    columns=(
        DatasetColumn("source_system", "VARCHAR", "string", False, "Hệ thống một cửa nguồn", None),
        DatasetColumn("dossier_code", "VARCHAR", "string", False, "Mã hồ sơ", "MaHoSo"),
        DatasetColumn("applicant_name", "VARCHAR", "string", True, "Họ và tên người nộp", "HoTenNguoiNop"),
        DatasetColumn("applicant_id", "VARCHAR", "string", True, "Số định danh cá nhân", "SoDinhDanh"),
        DatasetColumn(
            "month", "VARCHAR", "string", False, "Tháng phân vùng 'YYYY-MM': tháng tiếp nhận", None
        ),
    ),
)
"""Kept apart from ``ho_so`` and encrypted, so the index never reads personal data and the names can be
deleted or expire on their own."""

DOSSIERS_WITH_APPLICANT: Final = Layout(
    HO_SO, (*DOSSIERS.fields, *APPLICANT_FIELDS), source_field=SOURCE_SYSTEM
)
