"""Every sub-indicator of the 766 index (facts §1.3) as a declaration: texts, source, rule and SQL.

Identifiers follow the technical description ("Mô tả công thức tính chỉ số 766"): 3.x are online
services and 4.x digitisation, whereas the Decision numbers **group 3 "Số hóa hồ sơ"** and **group 4
"Cung cấp dịch vụ trực tuyến"**. ``group`` is always the Decision's group (so 3.3 is in group 4 and 4.2 in
group 3); both groups have 22 points, so the swap changes labels only.

Each recomputable indicator carries its pure rule (``rules.py``, the reference) and the same rule as SQL
conditions over the columns of ``relations.py``'s dossier (or feedback) relation; the engine tests compare them.
Per-dossier and per-feedback indicators count rows and add up over units; per-procedure indicators count
**distinct procedure codes** among the dossiers of the unit and period (the only link between a unit and a
procedure in the export), so a province's figure is queried at province level, not summed.
Group 1 (1.1–1.4) is taken from the published figures and never synthesised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from chidao.core.service_index import rules
from chidao.core.service_index.rules import DossierFacts, FeedbackFacts, Membership
from chidao.core.service_index.timeliness import LATE_CODES_SQL, ON_TIME_CODES_SQL

if TYPE_CHECKING:
    from chidao.core.service_index.relations import Evaluation, Sources
    from chidao.core.sql import Query

__all__ = [
    "FORMULA_VERSION",
    "GROUPS",
    "INDICATORS",
    "Basis",
    "Group",
    "Indicator",
    "SourceKind",
    "group",
    "indicator",
    "indicators_of",
]

FORMULA_VERSION: Final = "766-kt-1"
"""Version of the formulas and readings in this package; bump it whenever a rule or SQL condition changes."""


class Basis(StrEnum):
    """What an indicator counts."""

    DOSSIER = "per_dossier"
    PROCEDURE = "per_procedure"
    FEEDBACK = "per_feedback"
    PUBLISHED = "published"


class SourceKind(StrEnum):
    """Where the value comes from."""

    RECOMPUTED = "recomputed"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        """The Vietnamese label shown beside every value."""
        return "tính lại từ hồ sơ" if self is SourceKind.RECOMPUTED else "lấy từ số liệu công bố"


@dataclass(frozen=True)
class Group:
    """A group of the Decision with its maximum points (facts §1.2, confirmed)."""

    number: int
    name: str
    max_points: Decimal
    technical_prefix: str


GROUPS: Final = (
    Group(1, "Công khai, minh bạch", Decimal(18), "1"),
    Group(2, "Tiến độ, kết quả giải quyết", Decimal(20), "2"),
    Group(3, "Số hóa hồ sơ", Decimal(22), "4"),
    Group(4, "Cung cấp dịch vụ trực tuyến", Decimal(22), "3"),
    Group(5, "Mức độ hài lòng", Decimal(18), "5"),
)


def group(number: int) -> Group:
    """The Decision's group ``number`` (1–5)."""
    for candidate in GROUPS:
        if candidate.number == number:
            return candidate
    raise KeyError(number)


@dataclass(frozen=True)
class Indicator:
    """One sub-indicator.

    ``sql_denominator`` / ``sql_numerator`` are boolean SQL over the relation ``relations.py`` builds (code
    constants, never user data); the numerator is always evaluated as "denominator AND numerator". For a
    per-procedure indicator the denominator condition says the procedure is in scope and the numerator
    condition says the dossier makes its procedure qualify.
    """

    id: str
    group: int | None
    name: str
    formula: str
    numerator: str
    denominator: str
    basis: Basis
    source_kind: SourceKind
    threshold: Decimal | None = None
    scored: bool = True
    sql_denominator: str = "TRUE"
    sql_numerator: str = "FALSE"
    dossier_rule: Callable[[DossierFacts], Membership] | None = None
    feedback_rule: Callable[[FeedbackFacts], Membership] | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """The id as a column suffix: "2.1" → "2_1"."""
        return self.id.replace(".", "_").lower()

    @property
    def counted(self) -> bool:
        """Counted by the generic numerator/denominator queries (2.2 has its own query, group 1 none)."""
        return self.dossier_rule is not None or self.feedback_rule is not None

    @property
    def recomputed(self) -> bool:
        """Computed by chidao from dossiers, catalogue and feedback."""
        return self.source_kind is SourceKind.RECOMPUTED

    def query(self, sources: Sources, evaluation: Evaluation) -> Query:
        """The SQL computing this indicator's numerator and denominator per unit_code (and month)."""
        from chidao.core.service_index import queries  # the builders read these declarations

        return queries.indicator_query(self, sources, evaluation)


_ON_TIME_SQL: Final = ON_TIME_CODES_SQL
_LATE_SQL: Final = LATE_CODES_SQL
_ONLINE_SERVICE_SQL: Final = "online_level IN ('toan_trinh', 'mot_phan')"
_POPULATION_DATA_SQL: Final = "(vneid_authenticated OR from_personal_store)"
_EVERY_DOSSIER: Final = "Tổng số hồ sơ có ngày tiếp nhận trong kỳ của đơn vị"

_PUBLISHED_NOTE: Final = "Lấy từ số liệu công bố (thông báo chỉ số hằng tháng); chidao không tự tính và không suy diễn giá trị này."

INDICATORS: Final = {
    item.id: item
    for item in (
        Indicator(
            "1.1",
            1,
            "Tỷ lệ TTHC công bố đúng hạn",
            "Số TTHC công bố đúng hạn / Tổng số TTHC đã công bố trong kỳ × 100%",
            "TTHC có ngày quyết định công bố ≤ ngày hiệu lực của căn cứ pháp lý − 5 ngày làm việc (tỉnh)",
            "TTHC trong các quyết định công bố có ngày quyết định trong kỳ (mỗi TTHC tính một lần)",
            Basis.PUBLISHED,
            SourceKind.PUBLISHED,
            notes=(_PUBLISHED_NOTE,),
        ),
        Indicator(
            "1.2",
            1,
            "Tỷ lệ TTHC được cập nhật, công khai đúng hạn",
            "Số TTHC công khai đúng hạn trên CSDL QG về TTHC / Tổng số TTHC phải cập nhật, công khai trong kỳ × 100%",
            "TTHC bấm «Công khai» ≤ ngày quyết định công bố + 5 ngày làm việc (tỉnh)",
            "TTHC đã công khai trong kỳ + TTHC cần công khai trong kỳ",
            Basis.PUBLISHED,
            SourceKind.PUBLISHED,
            notes=(_PUBLISHED_NOTE, "Chỉ thống kê ở cấp tỉnh."),
        ),
        Indicator(
            "1.3",
            1,
            "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành",
            "Số TTHC có đủ các bộ phận tạo thành (khoản 2 Điều 8 NĐ 63/2010) / Tổng số TTHC đã công khai × 100%",
            "TTHC đang công khai có đủ tên, trình tự, cách thức, thành phần hồ sơ, thời hạn, đối tượng, cơ quan thực hiện",
            "TTHC đang công khai trên CSDL QG về TTHC (tính đến hiện tại, không theo kỳ)",
            Basis.PUBLISHED,
            SourceKind.PUBLISHED,
            notes=(_PUBLISHED_NOTE,),
        ),
        Indicator(
            "1.4",
            1,
            "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG",
            "Số hồ sơ đã đồng bộ có ngày tiếp nhận trong kỳ / Tổng số hồ sơ được tính toán trong kỳ × 100%",
            "Hồ sơ đã đồng bộ lên Cổng DVCQG có ngày tiếp nhận trong kỳ",
            "max(số tiếp nhận trên Hệ thống báo cáo quốc gia, số tiếp nhận trên Cổng DVCQG); cả hai bằng 0: năm trước ÷ 12 (tháng) hoặc ÷ 4 (quý)",
            Basis.PUBLISHED,
            SourceKind.PUBLISHED,
            notes=(_PUBLISHED_NOTE, "Tỷ lệ này (khi có) nhân vào tỷ lệ 3.3."),
        ),
        Indicator(
            "2.1",
            2,
            "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
            "(Hồ sơ đã xử lý trước hạn, đúng hạn + hồ sơ đang xử lý trong hạn) / Tổng số hồ sơ tiếp nhận trong kỳ × 100%",
            "Hồ sơ trước hạn, đúng hạn, trong hạn hoặc sắp đến hạn tại thời điểm cuối kỳ (timeliness.py)",
            _EVERY_DOSSIER,
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            sql_denominator="TRUE",
            sql_numerator=_ON_TIME_SQL,
            dossier_rule=rules.on_time_2_1,
            notes=(
                "Kết thúc xử lý ưu tiên: Đã xử lý xong > Đã trả kết quả > Từ chối/Dừng xử lý/Rút hồ sơ.",
                "Trừ thời gian chờ công dân bổ sung; yêu cầu bổ sung hơn 01 lần: quá hạn; một yêu cầu chưa hoàn thành: thời điểm yêu cầu là thời điểm kết thúc.",
                "Chưa kết thúc ở cuối kỳ và đã qua ngày hẹn trả: quá hạn.",
            ),
        ),
        Indicator(
            "2.2",
            2,
            "Thời gian giải quyết TTHC trung bình (theo từng TTHC)",
            "Tổng thời gian giải quyết của các hồ sơ đã hoàn thành / Số hồ sơ đã hoàn thành",
            "Tổng (thời điểm có kết quả − tiếp nhận − thời gian chờ bổ sung), theo đơn vị tính của TTHC",
            "Hồ sơ có trạng thái Đã xử lý xong hoặc Đã trả kết quả, tiếp nhận trong kỳ",
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            scored=False,
            notes=("Chỉ hiển thị theo từng TTHC; không có điểm.",),
        ),
        Indicator(
            "3.1",
            4,
            "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
            "Số TTHC có DVCTT một phần hoặc toàn trình / Tổng số TTHC × 100%",
            "TTHC có mức toan_trinh hoặc mot_phan",
            "TTHC (có trong danh mục) phát sinh hồ sơ tiếp nhận trong kỳ tại đơn vị",
            Basis.PROCEDURE,
            SourceKind.RECOMPUTED,
            threshold=Decimal(80),
            sql_denominator="in_catalogue",
            sql_numerator=_ONLINE_SERVICE_SQL,
            dossier_rule=rules.online_service_3_1,
            notes=(
                "Mẫu số chính thức là mọi TTHC thuộc thẩm quyền; bản xuất không gắn TTHC với đơn vị nên chidao xét các TTHC có hồ sơ trong kỳ.",
            ),
        ),
        Indicator(
            "3.2",
            4,
            "Tỷ lệ DVCTT có phát sinh hồ sơ trực tuyến",
            "Số DVCTT có hồ sơ nộp trực tuyến / Tổng số DVCTT × 100%",
            "TTHC có DVCTT có ít nhất một hồ sơ KenhThucHien = 2 trong kỳ",
            "TTHC có DVCTT (toan_trinh, mot_phan) phát sinh hồ sơ trong kỳ tại đơn vị",
            Basis.PROCEDURE,
            SourceKind.RECOMPUTED,
            sql_denominator=_ONLINE_SERVICE_SQL,
            sql_numerator="channel = 2",
            dossier_rule=rules.online_service_used_3_2,
            notes=("Phạm vi gần đúng như 3.1: DVCTT không phát sinh hồ sơ nào không có trong mẫu số.",),
        ),
        Indicator(
            "3.3",
            4,
            "Tỷ lệ hồ sơ nộp trực tuyến",
            "Số hồ sơ tiếp nhận trực tuyến / Tổng số hồ sơ tiếp nhận trong kỳ × tỷ lệ đồng bộ (1.4) × 100%",
            "Hồ sơ KenhThucHien = 2 và, nếu TTHC trả kết quả bằng giấy, có MaKetQua và DuongDanTepTinKetQua",
            _EVERY_DOSSIER,
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            threshold=Decimal(50),
            sql_denominator="TRUE",
            sql_numerator="is_online",
            dossier_rule=rules.online_3_3,
            notes=(
                "Tỷ lệ đồng bộ 1.4 lấy từ số liệu công bố; khi chưa có, tỷ lệ 3.3 không nhân hệ số và được ghi chú.",
            ),
        ),
        Indicator(
            "3.5",
            4,
            "Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến",
            "Số TTHC có hồ sơ đồng bộ dữ liệu phí, lệ phí / Tổng số TTHC có phí, lệ phí × 100%",
            "TTHC có phí có ít nhất một hồ sơ trong kỳ với phí, lệ phí khác 0 và khác rỗng",
            "TTHC có phí, lệ phí khác 0 trong danh mục, phát sinh hồ sơ trong kỳ tại đơn vị",
            Basis.PROCEDURE,
            SourceKind.RECOMPUTED,
            threshold=Decimal(80),
            sql_denominator="fee_bearing",
            sql_numerator="(fee_amount IS NOT NULL AND fee_amount <> 0)",
            dossier_rule=rules.fee_integrated_3_5,
        ),
        Indicator(
            "3.6",
            4,
            "Tỷ lệ hồ sơ thanh toán trực tuyến",
            "Số hồ sơ được thanh toán trực tuyến / (Hồ sơ của TTHC có phí − hồ sơ có mọi khoản phí bằng 0) × 100%",
            "Hồ sơ DuocThanhToanTrucTuyen = 1 (Cổng DVCQG) hoặc 2 (cổng thanh toán của tỉnh)",
            "Hồ sơ tiếp nhận trong kỳ của TTHC có phí, trừ hồ sơ có tổng phí bằng 0",
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            sql_denominator="(fee_bearing AND (fee_amount IS NULL OR fee_amount <> 0))",
            sql_numerator="paid_online IN (1, 2)",
            dossier_rule=rules.paid_online_3_6,
        ),
        Indicator(
            "4.1",
            3,
            "Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử",
            "Số hồ sơ có kết quả điện tử / Tổng số hồ sơ của TTHC trả kết quả bằng giấy × 100%",
            "Hồ sơ có đường dẫn tệp kết quả (DuongDanTepTinKetQua)",
            "Hồ sơ tiếp nhận trong kỳ của TTHC yêu cầu trả kết quả bằng văn bản, giấy tờ",
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            sql_denominator="paper_result",
            sql_numerator="has_result_link",
            dossier_rule=rules.e_result_4_1,
        ),
        Indicator(
            "4.2",
            3,
            "Tỷ lệ hồ sơ thực hiện số hóa",
            "Số hồ sơ số hóa đầu vào và (nếu TTHC trả kết quả giấy) có kết quả điện tử / Tổng số hồ sơ × 100%",
            "Hồ sơ có tệp trong thành phần hồ sơ và, với TTHC trả kết quả giấy, có tệp kết quả",
            _EVERY_DOSSIER,
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            threshold=Decimal(80),
            sql_denominator="TRUE",
            sql_numerator="(inputs_digitised AND (NOT paper_result OR has_result_link))",
            dossier_rule=rules.digitised_4_2,
        ),
        Indicator(
            "4.3",
            3,
            "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
            "Số hồ sơ có thành phần tái sử dụng dữ liệu số hóa / Tổng số hồ sơ × 100%",
            "Hồ sơ có HoSoCoThanhPhanSoHoa / DuocSoHoa = 1",
            _EVERY_DOSSIER,
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            threshold=Decimal(80),
            sql_denominator="TRUE",
            sql_numerator="reused_digitised",
            dossier_rule=rules.reused_4_3,
        ),
        Indicator(
            "4.4",
            3,
            "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu (kho dữ liệu cá nhân, tổ chức)",
            "Số hồ sơ có thành phần lấy từ kho dữ liệu hoặc kết quả đồng bộ lên kho / Tổng số hồ sơ × 100%",
            "Hồ sơ có DuocLayTuKhoDMQG = 1 hoặc kết quả điện tử đã đồng bộ lên kho dữ liệu",
            _EVERY_DOSSIER,
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            sql_denominator="TRUE",
            sql_numerator="(from_personal_store OR pushed_to_personal_store)",
            dossier_rule=rules.shared_4_4,
        ),
        Indicator(
            "4.5",
            3,
            "Ứng dụng dữ liệu dân cư trong giải quyết TTHC",
            "Số TTHC có hồ sơ xác thực VNeID hoặc dùng dữ liệu từ kho / Tổng số TTHC có đối tượng là người dân × 100%",
            "TTHC có ít nhất một hồ sơ TaiKhoanDuocXacThucVoiVNeID = 1 hoặc DuocLayTuKhoDMQG = 1",
            "TTHC có đối tượng thực hiện là người dân, phát sinh hồ sơ trong kỳ tại đơn vị",
            Basis.PROCEDURE,
            SourceKind.RECOMPUTED,
            sql_denominator="citizen_subject",
            sql_numerator=_POPULATION_DATA_SQL,
            dossier_rule=rules.population_data_procedures_4_5,
        ),
        Indicator(
            "4.5b",
            3,
            "Tỷ lệ hồ sơ sử dụng dữ liệu dân cư",
            "Số hồ sơ xác thực VNeID hoặc dùng dữ liệu từ kho / Tổng số hồ sơ × 100%",
            "Hồ sơ TaiKhoanDuocXacThucVoiVNeID = 1 hoặc DuocLayTuKhoDMQG = 1",
            _EVERY_DOSSIER,
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            scored=False,
            sql_denominator="TRUE",
            sql_numerator=_POPULATION_DATA_SQL,
            dossier_rule=rules.population_data_dossiers_4_5b,
            notes=("Tỷ lệ cấp hồ sơ đi kèm 4.5; chỉ hiển thị, không có điểm.",),
        ),
        Indicator(
            "5.2",
            5,
            "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
            "Số PAKN xử lý đúng hạn / Tổng số PAKN thuộc thẩm quyền × 100%",
            "PAKN từ chối ≤ 2, yêu cầu bổ sung ≤ 5, xử lý ≤ 15 (hoặc hạn đã ghi), công khai ≤ 2 ngày làm việc; đang xử lý trong hạn",
            "PAKN có ngày tiếp nhận đầu tiên trong kỳ",
            Basis.FEEDBACK,
            SourceKind.RECOMPUTED,
            sql_denominator="TRUE",
            sql_numerator="NOT late",
            feedback_rule=rules.feedback_on_time_5_2,
        ),
        Indicator(
            "5.3",
            5,
            "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
            "(Tổng số PAKN − PAKN không hài lòng, bị phản ánh lại hoặc quá hạn) / Tổng số PAKN × 100%",
            "PAKN không có số «không thích» lớn hơn số «thích», không bị phản ánh lại, không quá hạn",
            "PAKN có ngày tiếp nhận đầu tiên trong kỳ (mỗi PAKN tính một lần)",
            Basis.FEEDBACK,
            SourceKind.RECOMPUTED,
            sql_denominator="TRUE",
            sql_numerator="NOT (late OR dislikes > likes OR re_complained)",
            feedback_rule=rules.feedback_satisfied_5_3,
        ),
        Indicator(
            "5.4",
            5,
            "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC",
            "(Tổng số hồ sơ − hồ sơ không hài lòng, có phản ánh hoặc quá hạn) / Tổng số hồ sơ × 100%",
            "Hồ sơ không quá hạn, không bị đánh giá không hài lòng, không có phản ánh, kiến nghị",
            _EVERY_DOSSIER,
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            threshold=Decimal(90),
            sql_denominator="TRUE",
            sql_numerator=f"NOT ({_LATE_SQL} OR rating = 'disliked' OR complained)",
            dossier_rule=rules.satisfied_5_4,
            notes=(
                "Theo công thức của Quyết định: mỗi hồ sơ trừ một lần (mô tả kỹ thuật cộng hai tỷ lệ, có thể trừ trùng).",
            ),
        ),
        Indicator(
            "TT",
            None,
            "Tỷ lệ hồ sơ của TTHC toàn trình được nộp trực tuyến",
            "Số hồ sơ nộp trực tuyến của TTHC toàn trình / Tổng số hồ sơ của TTHC toàn trình × 100%",
            "Hồ sơ KenhThucHien = 2",
            "Hồ sơ tiếp nhận trong kỳ của TTHC có DVCTT toàn trình",
            Basis.DOSSIER,
            SourceKind.RECOMPUTED,
            scored=False,
            sql_denominator="online_level = 'toan_trinh'",
            sql_numerator="channel = 2",
            dossier_rule=rules.full_online_submitted,
            notes=("Trụ cột của bài viết gốc (không thuộc Quyết định 766); chỉ hiển thị, không có điểm.",),
        ),
    )
}


def indicator(indicator_id: str) -> Indicator:
    """The declaration of ``indicator_id``; KeyError with the known ids otherwise."""
    try:
        return INDICATORS[indicator_id]
    except KeyError:
        raise KeyError(f"Không có chỉ số {indicator_id!r}; có: {', '.join(INDICATORS)}.") from None


def indicators_of(basis: Basis, *, scored_only: bool = False) -> tuple[Indicator, ...]:
    """The indicators counted on ``basis``, in catalogue order."""
    return tuple(
        item for item in INDICATORS.values() if item.basis is basis and (item.scored or not scored_only)
    )
