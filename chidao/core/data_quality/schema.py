"""The registers the data-quality checks read: population (``dan_cu``), social insurance (``bhxh``) and the
commune-code table (``ma_xa``) that says which residence codes still exist (the 2025 crosswalk).

Each column names its DuckDB type and its Arrow type (an alias ``pyarrow.type_for_alias`` reads, so the
importers and the generator build the Arrow schema without this pure module importing pyarrow), whether it is
mandatory, whether it is personal data (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP: name, birth date, sex,
birth-registration place, residence and identification numbers are basic personal data) and how it is masked.

Every register row carries ``row_key``: the importer's key of the source row (source system + row number or
the source's own id). Findings are keyed by ``(register, row_key)`` only — a finding never copies a name, a
number or a date of the record. ``month`` is the engine's partition column: for a register it is the month of
the extract (kỳ trích xuất); a run reads one extract month.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from chidao.core.masking import PersonalFieldKind

__all__ = [
    "BHXH",
    "DAN_CU",
    "MA_XA",
    "REGISTERS",
    "Column",
    "InsuranceStatus",
    "LifeStatus",
    "Owner",
    "RegisterSchema",
    "Sex",
    "register",
]


class Owner(StrEnum):
    """The body that owns a register and answers for its quality (issue 7, "Registers and their owners")."""

    CONG_AN = "cong_an"
    BHXH = "bhxh"

    @property
    def label(self) -> str:
        """The owner's Vietnamese name."""
        return _OWNER_LABELS[self]


_OWNER_LABELS: Final = {Owner.CONG_AN: "Công an", Owner.BHXH: "Bảo hiểm xã hội"}


class Sex(StrEnum):
    """``sex`` of the population register; the personal ID's century digit is even for male, odd for female."""

    MALE = "male"
    FEMALE = "female"


class LifeStatus(StrEnum):
    """``life_status`` of the population register."""

    ALIVE = "alive"
    DECEASED = "deceased"


class InsuranceStatus(StrEnum):
    """``status`` of the social-insurance register."""

    PARTICIPATING = "participating"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Column:
    """One column of a register.

    ``mandatory``: an empty value is a "đủ" finding. ``key``: the record cannot be used without it (a missing
    key is critical). ``personal``: personal data, never copied into findings, logs or unmasked lists;
    ``mask_as`` says how the masking helpers show it (None: hidden whole unless the role needs it).
    ``required_when``: a SQL condition (code constant) under which an otherwise optional column is mandatory.
    """

    name: str
    duckdb_type: str
    arrow_type: str
    meaning: str
    mandatory: bool = False
    key: bool = False
    personal: bool = False
    mask_as: PersonalFieldKind | None = None
    allowed_values: tuple[str, ...] = ()
    required_when: str | None = None
    required_when_text: str | None = None

    @property
    def is_text(self) -> bool:
        """Whether an empty string also counts as missing."""
        return self.duckdb_type == "VARCHAR"


@dataclass(frozen=True)
class RegisterSchema:
    """A register: engine dataset name, owner, the rule giving each record's responsible commune, columns."""

    name: str
    title: str
    owner: Owner
    owner_units: str
    commune_column: str
    row: str
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"Sổ {self.name}: trùng tên cột.")
        if names[0] != "row_key" or names[-1] != "month":
            raise ValueError(f"Sổ {self.name}: cột đầu phải là row_key, cột cuối là month.")
        if self.commune_column not in names:
            raise ValueError(f"Sổ {self.name}: không có cột xã {self.commune_column}.")

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names in order."""
        return tuple(column.name for column in self.columns)

    @property
    def data_columns(self) -> tuple[Column, ...]:
        """The columns of the record itself (not ``row_key`` nor ``month``)."""
        return tuple(column for column in self.columns if column.name not in {"row_key", "month"})

    @property
    def mandatory_columns(self) -> tuple[Column, ...]:
        """Columns that must always be filled."""
        return tuple(column for column in self.columns if column.mandatory)

    @property
    def personal_columns(self) -> tuple[Column, ...]:
        """Columns holding personal data (masked in lists, exports and logs)."""
        return tuple(column for column in self.columns if column.personal)

    def column(self, name: str) -> Column:
        """The column called ``name``; KeyError if there is none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


_ROW_KEY: Final = Column(
    "row_key",
    "VARCHAR",
    "string",
    "Khoá dòng nguồn do chương trình nhập gán (hệ thống nguồn + mã dòng); khoá của mọi phát hiện",
)
_MONTH: Final = Column("month", "VARCHAR", "string", "Tháng phân vùng 'YYYY-MM': kỳ trích xuất sổ")


def _text(name: str, meaning: str, **options: Any) -> Column:
    return Column(name, "VARCHAR", "string", meaning, **options)


DAN_CU: Final = RegisterSchema(
    name="dan_cu",
    title="Cơ sở dữ liệu dân cư",
    owner=Owner.CONG_AN,
    owner_units="Công an tỉnh; theo xã: Công an xã, phường nơi thường trú",
    commune_column="residence_commune_code",
    row="Một công dân trong bản trích xuất CSDL dân cư của tỉnh (một dòng mỗi người).",
    columns=(
        _ROW_KEY,
        _text(
            "personal_id",
            "Số định danh cá nhân, 12 chữ số PPP G YY RRRRRR (NĐ 137/2015, Luật Căn cước 2023)",
            mandatory=True,
            key=True,
            personal=True,
            mask_as=PersonalFieldKind.PERSONAL_ID,
        ),
        _text("full_name", "Họ, chữ đệm và tên", mandatory=True, personal=True),
        Column(
            "birth_date",
            "DATE",
            "date32",
            "Ngày sinh",
            mandatory=True,
            personal=True,
            mask_as=PersonalFieldKind.BIRTH_DATE,
        ),
        _text(
            "sex",
            "Giới tính: male (nam) hoặc female (nữ)",
            mandatory=True,
            personal=True,
            allowed_values=tuple(sex.value for sex in Sex),
        ),
        _text(
            "birth_registration_place_code",
            "Mã tỉnh (hoặc quốc gia) nơi đăng ký khai sinh, 3 chữ số (TT 59/2021/TT-BCA)",
            mandatory=True,
            personal=True,
        ),
        _text(
            "residence_commune_code",
            "Mã xã, phường nơi thường trú, 5 chữ số (có thể là mã trước 01/7/2025)",
            mandatory=True,
            personal=True,
        ),
        _text(
            "life_status",
            "Tình trạng: alive (còn sống) hoặc deceased (đã mất)",
            mandatory=True,
            allowed_values=tuple(status.value for status in LifeStatus),
        ),
        Column(
            "death_date",
            "DATE",
            "date32",
            "Ngày mất (bắt buộc khi đã mất)",
            personal=True,
            required_when="life_status = 'deceased'",
            required_when_text="khi tình trạng là đã mất",
        ),
        Column("last_updated", "TIMESTAMP", "timestamp[us]", "Thời điểm cập nhật gần nhất", mandatory=True),
        _MONTH,
    ),
)

BHXH: Final = RegisterSchema(
    name="bhxh",
    title="Cơ sở dữ liệu bảo hiểm xã hội",
    owner=Owner.BHXH,
    owner_units="Bảo hiểm xã hội tỉnh; theo xã: Bảo hiểm xã hội cơ sở phụ trách xã",
    commune_column="commune_code",
    row="Một người tham gia trong bản trích xuất CSDL bảo hiểm xã hội của tỉnh (một dòng mỗi mã số BHXH).",
    columns=(
        _ROW_KEY,
        _text(
            "insurance_code",
            "Mã số BHXH, 10 chữ số",
            mandatory=True,
            key=True,
            personal=True,
            mask_as=PersonalFieldKind.PERSONAL_ID,
        ),
        _text(
            "personal_id",
            "Số định danh cá nhân của người tham gia (khoá đối chiếu với CSDL dân cư)",
            mandatory=True,
            personal=True,
            mask_as=PersonalFieldKind.PERSONAL_ID,
        ),
        _text("full_name", "Họ, chữ đệm và tên", mandatory=True, personal=True),
        Column(
            "birth_date",
            "DATE",
            "date32",
            "Ngày sinh",
            mandatory=True,
            personal=True,
            mask_as=PersonalFieldKind.BIRTH_DATE,
        ),
        _text("commune_code", "Mã xã, phường nơi cư trú, 5 chữ số", mandatory=True, personal=True),
        _text(
            "status",
            "Trạng thái: participating (đang tham gia) hoặc stopped (dừng tham gia)",
            mandatory=True,
            allowed_values=tuple(status.value for status in InsuranceStatus),
        ),
        Column("last_updated", "TIMESTAMP", "timestamp[us]", "Thời điểm cập nhật gần nhất", mandatory=True),
        _MONTH,
    ),
)

MA_XA: Final = (
    Column("code", "VARCHAR", "string", "Mã xã, phường (hiện hành hoặc trước 01/7/2025)"),
    Column("is_current", "BOOLEAN", "bool", "Mã của một xã, phường đang tồn tại"),
    Column(
        "successor_code",
        "VARCHAR",
        "string",
        "Xã, phường hiện hành nhận (một phần) địa bàn; bằng code nếu mã hiện hành",
    ),
    _MONTH,
)
"""Columns of the commune-code table (one row per code and successor); ``communes.commune_code_rows`` builds it."""

REGISTERS: Final = {schema.name: schema for schema in (DAN_CU, BHXH)}


def register(name: str) -> RegisterSchema:
    """The register called ``name`` ("dan_cu" or "bhxh"); ValueError otherwise."""
    try:
        return REGISTERS[name]
    except KeyError:
        raise ValueError(f"Không có sổ dữ liệu «{name}».") from None
