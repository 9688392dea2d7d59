"""Column schemas of the service-index datasets: dossiers, procedure catalogue, feedback, published scores.

Each column names its DuckDB type, its Arrow type (an alias ``pyarrow.type_for_alias`` reads, so importers
build the Arrow schema without this pure module importing pyarrow), whether it may be NULL, what it means,
and the field of the provincial one-stop export (or the national catalogue / feedback system) it comes from.
``source_confirmed`` is True only for field names quoted in the 766 technical description (facts §1.3);
the others follow the Cổng DVCQG synchronisation format as implementers use it and must be checked against
the province's real export before the importer is frozen.

Timestamps are wall-clock time in Asia/Ho_Chi_Minh without a zone (``TIMESTAMP`` / ``timestamp[us]``): the
exports write local times, and every rule of the index compares local days. No column holds an applicant's
name or identity number: importers drop them (issue 6, "Data in").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Final

__all__ = [
    "DIEM_CONG_BO",
    "HO_SO",
    "PHAN_ANH",
    "SCHEMAS",
    "THU_TUC",
    "Channel",
    "Column",
    "DatasetSchema",
    "LimitUnit",
    "OnlineLevel",
    "PaidOnline",
    "ProcedureLevel",
    "Rating",
    "StopKind",
]


class Channel(IntEnum):
    """``KenhThucHien``: how the dossier was submitted (the export's integer code)."""

    DIRECT = 1  # trực tiếp; a NULL channel counts as direct (tech doc, 3.3)
    ONLINE = 2  # trực tuyến
    POSTAL = 3  # bưu chính công ích


class PaidOnline(IntEnum):
    """``DuocThanhToanTrucTuyen``: 0 = not paid online, 1 = on Cổng DVCQG, 2 = on the provincial payment portal."""

    NO = 0
    NATIONAL_PORTAL = 1
    PROVINCIAL_PORTAL = 2


class StopKind(StrEnum):
    """Why processing stopped without a result (all three end processing, rule 2.1)."""

    REJECTED = "rejected"  # Từ chối
    STOPPED = "stopped"  # Dừng xử lý
    WITHDRAWN = "withdrawn"  # Công dân yêu cầu rút hồ sơ


class Rating(StrEnum):
    """The citizen's rating of the dossier's handling (NULL: not rated)."""

    LIKED = "liked"
    DISLIKED = "disliked"


class OnlineLevel(StrEnum):
    """Online service level of a procedure (Nghị định 42/2022/NĐ-CP: toàn trình or một phần)."""

    FULL = "toan_trinh"
    PARTIAL = "mot_phan"
    NONE = "none"


class ProcedureLevel(StrEnum):
    """The level that carries out a procedure (cấp thực hiện)."""

    CENTRAL = "central"
    PROVINCE = "province"
    COMMUNE = "commune"


class LimitUnit(StrEnum):
    """``DonViTinh`` of a procedure's statutory time limit (facts §7.2)."""

    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True)
class Column:
    """One column of a dataset."""

    name: str
    duckdb_type: str
    arrow_type: str
    nullable: bool
    meaning: str
    source_field: str | None
    source_confirmed: bool = False
    allowed_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatasetSchema:
    """A dataset: its engine name, its key, its columns (``month`` last, the partition) and what a row is."""

    name: str
    row: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"Bộ dữ liệu {self.name}: trùng tên cột.")
        if names[-1] != "month":
            raise ValueError(f"Bộ dữ liệu {self.name}: cột phân vùng month phải đứng cuối.")
        missing = [name for name in self.key if name not in names]
        if missing:
            raise ValueError(f"Bộ dữ liệu {self.name}: khoá dùng cột không có: {', '.join(missing)}.")

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names in order."""
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name``; KeyError if there is none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _text(
    name: str,
    meaning: str,
    source: str | None,
    *,
    nullable: bool = False,
    confirmed: bool = False,
    values: tuple[str, ...] = (),
) -> Column:
    return Column(name, "VARCHAR", "string", nullable, meaning, source, confirmed, values)


def _timestamp(
    name: str, meaning: str, source: str | None, *, nullable: bool = True, confirmed: bool = False
) -> Column:
    return Column(name, "TIMESTAMP", "timestamp[us]", nullable, meaning, source, confirmed)


def _date(name: str, meaning: str, source: str | None, *, nullable: bool = True) -> Column:
    return Column(name, "DATE", "date32", nullable, meaning, source)


def _flag(
    name: str, meaning: str, source: str | None, *, confirmed: bool = False, nullable: bool = False
) -> Column:
    return Column(name, "BOOLEAN", "bool", nullable, meaning, source, confirmed)


def _integer(
    name: str,
    duckdb_type: str,
    arrow_type: str,
    meaning: str,
    source: str | None,
    *,
    nullable: bool = False,
    confirmed: bool = False,
    values: tuple[str, ...] = (),
) -> Column:
    return Column(name, duckdb_type, arrow_type, nullable, meaning, source, confirmed, values)


_MONTH_MEANING: Final = "Tháng phân vùng 'YYYY-MM'"


def _month(meaning: str) -> Column:
    return _text("month", f"{_MONTH_MEANING}: {meaning}", None)


HO_SO: Final = DatasetSchema(
    name="ho_so",
    row="Một hồ sơ TTHC, ghi vào tháng tiếp nhận của nó (một dòng cho mỗi hồ sơ của mỗi hệ thống nguồn).",
    key=("source_system", "dossier_code"),
    columns=(
        _text(
            "source_system",
            "Hệ thống một cửa nguồn (do chương trình nhập gán; khoá nhập theo hệ thống và tháng)",
            None,
        ),
        _text("dossier_code", "Mã hồ sơ", "MaHoSo"),
        _text("procedure_code", "Mã thủ tục hành chính", "MaTTHC", confirmed=True),
        _text(
            "unit_code",
            "Mã tổ chức (danh mục tổ chức của chidao) của đơn vị tiếp nhận",
            "DonViXuLy / mã cơ quan thực hiện, ánh xạ sang mã tổ chức",
        ),
        _timestamp("received_at", "Thời điểm tiếp nhận (bắt đầu xử lý)", "NgayTiepNhan", nullable=False),
        _timestamp("appointment_at", "Ngày hẹn trả kết quả", "NgayHenTra", confirmed=True),
        _timestamp(
            "finished_at",
            "Thời điểm trạng thái «Đã xử lý xong»",
            "NgayKetThucXuLy (trạng thái Đã xử lý xong)",
            confirmed=True,
        ),
        _timestamp("returned_at", "Thời điểm trạng thái «Đã trả kết quả»", "NgayTra"),
        _timestamp(
            "stopped_at",
            "Thời điểm từ chối, dừng xử lý hoặc công dân rút hồ sơ",
            "NgayTuChoi / lịch sử trạng thái",
        ),
        _text(
            "stop_kind",
            "Lý do kết thúc không có kết quả",
            "TrangThaiHoSo",
            nullable=True,
            values=tuple(kind.value for kind in StopKind),
        ),
        _integer(
            "supplement_count",
            "INTEGER",
            "int32",
            "Số lần yêu cầu bổ sung hồ sơ",
            "DanhSachHoSoBoSung (số phần tử)",
        ),
        _timestamp(
            "first_supplement_requested_at",
            "Thời điểm yêu cầu bổ sung lần đầu",
            "DanhSachHoSoBoSung[].NgayYeuCauBoSung",
        ),
        _integer(
            "supplement_wait_seconds",
            "BIGINT",
            "int64",
            "Tổng thời gian chờ công dân bổ sung (giây): tổng (hoàn thành bổ sung − yêu cầu) của các lần đã hoàn thành",
            "DanhSachHoSoBoSung[].NgayTiepNhanBoSung − NgayYeuCauBoSung",
        ),
        _timestamp(
            "supplement_open_since",
            "Thời điểm của yêu cầu bổ sung công dân chưa hoàn thành (NULL: không có)",
            "DanhSachHoSoBoSung[].TrangThaiBoSung",
        ),
        _integer(
            "channel",
            "TINYINT",
            "int8",
            "Kênh thực hiện: 1 trực tiếp (hoặc NULL), 2 trực tuyến, 3 bưu chính công ích",
            "KenhThucHien",
            nullable=True,
            confirmed=True,
            values=tuple(str(channel.value) for channel in Channel),
        ),
        _integer(
            "fee_amount",
            "BIGINT",
            "int64",
            "Tổng phí, lệ phí của hồ sơ (đồng); NULL: không có dữ liệu phí",
            "DanhSachLePhi[].Gia",
            nullable=True,
        ),
        _integer(
            "paid_online",
            "TINYINT",
            "int8",
            "Thanh toán trực tuyến: 0 không, 1 trên Cổng DVCQG, 2 qua cổng thanh toán của tỉnh",
            "DuocThanhToanTrucTuyen",
            confirmed=True,
            values=tuple(str(paid.value) for paid in PaidOnline),
        ),
        _text(
            "result_code",
            "Mã kết quả giải quyết điện tử",
            "MaKetQua / DanhSachGiayToKetQua[].MaGiayToKetQua",
            nullable=True,
            confirmed=True,
        ),
        _text(
            "result_file_link",
            "Đường dẫn tệp kết quả giải quyết điện tử",
            "DanhSachGiayToKetQua[].DuongDanTepTinKetQua",
            nullable=True,
            confirmed=True,
        ),
        _flag(
            "inputs_digitised",
            "Có tệp đính kèm trong thành phần hồ sơ (số hoá đầu vào)",
            "TaiLieuNop[] có tệp",
        ),
        _flag(
            "reused_digitised",
            "Có thành phần hồ sơ tái sử dụng dữ liệu đã số hoá",
            "HoSoCoThanhPhanSoHoa / TaiLieuNop[].DuocSoHoa = 1",
            confirmed=True,
        ),
        _flag(
            "from_personal_store",
            "Có thành phần lấy từ kho dữ liệu cá nhân, tổ chức trên Cổng DVCQG",
            "TaiLieuNop[].DuocLayTuKhoDMQG = 1",
            confirmed=True,
        ),
        _flag(
            "pushed_to_personal_store",
            "Kết quả điện tử đã đồng bộ lên kho dữ liệu cá nhân, tổ chức",
            "đồng bộ đường dẫn kết quả lên danh mục (Cổng DVCQG)",
        ),
        _flag(
            "vneid_authenticated",
            "Tài khoản nộp được xác thực với VNeID",
            "TaiKhoanDuocXacThucVoiVNeID = 1",
            confirmed=True,
        ),
        _flag(
            "synced_to_portal",
            "Hồ sơ đã đồng bộ lên Cổng DVCQG",
            "Hệ thống điều phối (dữ liệu đồng bộ hồ sơ)",
        ),
        _text(
            "rating",
            "Đánh giá của người dân: liked (hài lòng), disliked (không hài lòng), NULL (chưa đánh giá)",
            "Đánh giá trên Cổng DVCQG",
            nullable=True,
            values=tuple(rating.value for rating in Rating),
        ),
        _flag("complained", "Có phản ánh, kiến nghị về hồ sơ", "Hệ thống PAKN"),
        _month("tháng của received_at"),
    ),
)

THU_TUC: Final = DatasetSchema(
    name="thu_tuc",
    row="Một thủ tục hành chính trong bản chụp danh mục của tháng (mỗi mã một dòng mỗi tháng).",
    key=("code",),
    columns=(
        _text("code", "Mã thủ tục hành chính", "MaTTHC", confirmed=True),
        _text("name", "Tên thủ tục hành chính", "TenTTHC"),
        _text(
            "level",
            "Cấp thực hiện",
            "CapThucHien",
            nullable=True,
            values=tuple(level.value for level in ProcedureLevel),
        ),
        _text(
            "online_level",
            "Mức dịch vụ công trực tuyến: toan_trinh, mot_phan hoặc none",
            "MucDo (DVCTT)",
            values=tuple(level.value for level in OnlineLevel),
        ),
        _flag("fee_bearing", "Có phí, lệ phí khác 0 trong CSDL quốc gia về TTHC", "PhiLePhi"),
        _flag("paper_result", "Yêu cầu trả kết quả bằng văn bản, giấy tờ", "KetQuaThucHien"),
        Column(
            "statutory_limit_value",
            "DOUBLE",
            "float64",
            True,
            "Thời hạn giải quyết tối đa (số)",
            "ThoiGianGiaiQuyet",
        ),
        _text(
            "statutory_limit_unit",
            "Đơn vị của thời hạn: hours, days, working_days, months",
            "DonViTinh",
            nullable=True,
            confirmed=True,
            values=tuple(unit.value for unit in LimitUnit),
        ),
        _flag(
            "citizen_subject",
            "Đối tượng thực hiện là người dân (công dân Việt Nam, người Việt Nam ở nước ngoài, người nước ngoài)",
            "DoiTuongThucHien",
        ),
        _text(
            "publication_decision_code", "Số quyết định công bố gần nhất", "QĐCB: SoQuyetDinh", nullable=True
        ),
        _date("publication_decision_date", "Ngày quyết định công bố gần nhất", "QĐCB: NgayQuyetDinh"),
        _date(
            "legal_basis_effective_date",
            "Ngày hiệu lực mới nhất của văn bản căn cứ pháp lý",
            "CanCuPhapLy: NgayHieuLuc",
        ),
        _timestamp("publicised_at", "Thời điểm bấm «Công khai» trên CSDL quốc gia về TTHC", "NgayCongKhai"),
        _flag(
            "components_complete",
            "Công khai đủ các bộ phận tạo thành (khoản 2 Điều 8 NĐ 63/2010)",
            "kiểm tra các trường a–g",
            nullable=True,
        ),
        _month("tháng của bản chụp danh mục"),
    ),
)

PHAN_ANH: Final = DatasetSchema(
    name="phan_anh",
    row="Một phản ánh, kiến nghị, ghi vào tháng tiếp nhận đầu tiên (mỗi PAKN tính tối đa một lần mỗi kỳ).",
    key=("source_system", "feedback_code"),
    columns=(
        _text("source_system", "Hệ thống PAKN nguồn", None),
        _text("feedback_code", "Mã phản ánh, kiến nghị", "MaPAKN"),
        _text("unit_code", "Mã tổ chức của đơn vị xử lý", "DonViXuLy, ánh xạ sang mã tổ chức"),
        _timestamp(
            "received_at",
            "Thời điểm gửi đến đơn vị (hoặc VPCP, đơn vị khác chuyển đến gần nhất)",
            "NgayTiepNhan / NgayChuyenDen",
            nullable=False,
        ),
        _timestamp(
            "deadline_at", "Hạn xử lý ghi trên PAKN (NULL: 15 ngày làm việc từ received_at)", "HanXuLy"
        ),
        _timestamp(
            "handled_at",
            "Thời điểm xử lý xong (bắt đầu trạng thái chờ công khai / đã công khai)",
            "trạng thái PAKN chờ công khai",
        ),
        _timestamp("rejected_at", "Thời điểm từ chối tiếp nhận hoặc trả lại", "trạng thái Từ chối tiếp nhận"),
        _timestamp(
            "supplement_requested_at", "Thời điểm yêu cầu bổ sung đầu tiên", "trạng thái PA chờ bổ sung"
        ),
        _timestamp("published_at", "Thời điểm công khai kết quả", "trạng thái PAKN đã công khai"),
        _integer("likes", "INTEGER", "int32", "Số lượt thích kết quả trên Cổng DVCQG", "SoLuotThich"),
        _integer("dislikes", "INTEGER", "int32", "Số lượt không thích kết quả", "SoLuotKhongThich"),
        _flag("re_complained", "Bị phản ánh lại về kết quả giải quyết", "PAKN nhắc lại"),
        _month("tháng của received_at"),
    ),
)

DIEM_CONG_BO: Final = DatasetSchema(
    name="diem_cong_bo",
    row="Điểm chính thức đã công bố của một đơn vị, một tháng, một nhóm (group 0: tổng điểm).",
    key=("unit_code", "month", "group_number"),
    columns=(
        _text("unit_code", "Mã tổ chức của đơn vị được đánh giá", None),
        _integer(
            "group_number", "TINYINT", "int8", "Nhóm chỉ số theo Quyết định 766 (1–5); 0 là tổng điểm", None
        ),
        Column(
            "score",
            "DOUBLE",
            "float64",
            False,
            "Điểm công bố (2 chữ số thập phân)",
            "Thông báo chỉ số hằng tháng",
        ),
        Column(
            "max_points",
            "DOUBLE",
            "float64",
            False,
            "Điểm tối đa của nhóm theo thông báo",
            "Thông báo chỉ số hằng tháng",
        ),
        _text("source_document", "Văn bản công bố (số, ngày) hoặc địa chỉ trang", None),
        _month("tháng được đánh giá"),
    ),
)
"""The shape of an official published score; it may live in the Django database instead of a dataset.

Scores have two decimals: as a dataset column they are DOUBLE and are read back with
``Decimal(str(value)).quantize(Decimal("0.01"))`` (see ``records.PublishedScore``); a Django model would use
DecimalField(max_digits=5, decimal_places=2).
"""

SCHEMAS: Final = {schema.name: schema for schema in (HO_SO, THU_TUC, PHAN_ANH, DIEM_CONG_BO)}
