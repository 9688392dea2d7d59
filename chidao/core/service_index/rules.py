"""Pure membership rules: does this dossier (feedback) count in an indicator's denominator and numerator?

These are the reference definitions: the SQL conditions declared beside them in ``catalogue.py`` must
give the same answers (tests/engines/service_index checks them on random dossiers). A numerator member
is always a denominator member.

Readings of the technical description taken here (each is on the indicator's page in
docs/domain/service-index/):
- an electronic result "with a file link" (4.1, 4.2) needs ``DuongDanTepTinKetQua``; 3.3 also needs
  ``MaKetQua`` ("có mã kết quả + đường links kết quả"). Blank texts count as missing;
- 3.3, 4.1 and 4.2 judge every dossier received in the period, finished or not, as the description
  does (a dossier still processing has no electronic result yet);
- a NULL channel is a direct submission (3.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from chidao.core.service_index.feedback import FeedbackTimeliness
from chidao.core.service_index.records import DossierRecord, FeedbackRecord, ProcedureRecord
from chidao.core.service_index.schema import Channel, OnlineLevel, PaidOnline
from chidao.core.service_index.timeliness import Timeliness

__all__ = ["DossierFacts", "FeedbackFacts", "Membership"]

Membership: TypeAlias = tuple[bool, bool]
"""(in the denominator, in the numerator)."""

_PAID_ONLINE = (PaidOnline.NATIONAL_PORTAL.value, PaidOnline.PROVINCIAL_PORTAL.value)


@dataclass(frozen=True)
class DossierFacts:
    """A dossier with its catalogue entry (None if the procedure is unknown) and its timeliness."""

    dossier: DossierRecord
    procedure: ProcedureRecord | None
    timeliness: Timeliness

    @property
    def in_catalogue(self) -> bool:
        """The dossier's procedure is in the catalogue snapshot used."""
        return self.procedure is not None

    @property
    def paper_result(self) -> bool:
        """The procedure returns its result as a paper document."""
        return self.procedure is not None and self.procedure.paper_result

    @property
    def fee_bearing(self) -> bool:
        """The procedure has a non-zero fee in the catalogue."""
        return self.procedure is not None and self.procedure.fee_bearing

    @property
    def online_service(self) -> bool:
        """The procedure is offered online (toàn trình or một phần)."""
        return self.procedure is not None and self.procedure.online

    @property
    def full_online_service(self) -> bool:
        """The procedure is offered fully online (toàn trình)."""
        return self.procedure is not None and self.procedure.online_level == OnlineLevel.FULL.value

    @property
    def citizen_subject(self) -> bool:
        """The procedure is carried out by citizens."""
        return self.procedure is not None and self.procedure.citizen_subject

    @property
    def has_result_link(self) -> bool:
        """An electronic result file is linked (``DuongDanTepTinKetQua``)."""
        return bool(self.dossier.result_file_link)

    @property
    def has_e_result(self) -> bool:
        """An electronic result with both code and file link (``MaKetQua`` + ``DuongDanTepTinKetQua``)."""
        return bool(self.dossier.result_code) and self.has_result_link

    @property
    def submitted_online(self) -> bool:
        """``KenhThucHien = 2``."""
        return self.dossier.channel == Channel.ONLINE.value

    @property
    def online_dossier(self) -> bool:
        """Online in the sense of 3.3: submitted online, with an electronic result if the result is paper."""
        return self.submitted_online and (not self.paper_result or self.has_e_result)

    @property
    def fee_payable(self) -> bool:
        """Counted in 3.6: a fee-bearing procedure, and the dossier's fees are not all zero."""
        return self.fee_bearing and self.dossier.fee_amount != 0

    @property
    def paid_online(self) -> bool:
        """``DuocThanhToanTrucTuyen`` is 1 or 2."""
        return self.dossier.paid_online in _PAID_ONLINE

    @property
    def has_fee_data(self) -> bool:
        """The dossier synchronised a non-zero fee (3.5)."""
        return self.dossier.fee_amount is not None and self.dossier.fee_amount != 0

    @property
    def population_data(self) -> bool:
        """Authenticated through VNeID or took a component from the personal data store (4.5)."""
        return self.dossier.vneid_authenticated or self.dossier.from_personal_store


@dataclass(frozen=True)
class FeedbackFacts:
    """A feedback with its timeliness."""

    feedback: FeedbackRecord
    timeliness: FeedbackTimeliness

    @property
    def unsatisfied(self) -> bool:
        """More dislikes than likes, re-complained, or handled late (5.3)."""
        record = self.feedback
        return record.dislikes > record.likes or record.re_complained or self.timeliness.late


# Per-dossier rules -------------------------------------------------------------------------------


def on_time_2_1(facts: DossierFacts) -> Membership:
    """2.1: every dossier; on time when finished early/on time or still within its deadline."""
    return True, facts.timeliness.category.on_time


def online_3_3(facts: DossierFacts) -> Membership:
    """3.3: every dossier; online as defined by the technical description."""
    return True, facts.online_dossier


def paid_online_3_6(facts: DossierFacts) -> Membership:
    """3.6: dossiers of fee-bearing procedures whose fees are not all zero; paid online."""
    payable = facts.fee_payable
    return payable, payable and facts.paid_online


def e_result_4_1(facts: DossierFacts) -> Membership:
    """4.1: dossiers of procedures with a paper result; an electronic result file is linked."""
    paper = facts.paper_result
    return paper, paper and facts.has_result_link


def digitised_4_2(facts: DossierFacts) -> Membership:
    """4.2: every dossier; inputs digitised, and an electronic result where the result is paper."""
    return True, facts.dossier.inputs_digitised and (not facts.paper_result or facts.has_result_link)


def reused_4_3(facts: DossierFacts) -> Membership:
    """4.3: every dossier; at least one component reuses digitised data."""
    return True, facts.dossier.reused_digitised


def shared_4_4(facts: DossierFacts) -> Membership:
    """4.4: every dossier; a component from the personal data store or the result pushed to it."""
    return True, facts.dossier.from_personal_store or facts.dossier.pushed_to_personal_store


def population_data_dossiers_4_5b(facts: DossierFacts) -> Membership:
    """4.5 (dossier level, display): every dossier; VNeID or the personal data store used."""
    return True, facts.population_data


def satisfied_5_4(facts: DossierFacts) -> Membership:
    """5.4: every dossier; not late, not rated "không hài lòng", no complaint."""
    record = facts.dossier
    unsatisfied = facts.timeliness.category.late or record.disliked or record.complained
    return True, not unsatisfied


def full_online_submitted(facts: DossierFacts) -> Membership:
    """Seed pillar: dossiers of toàn trình procedures; submitted online."""
    full = facts.full_online_service
    return full, full and facts.submitted_online


# Per-procedure rules: (the procedure is in scope, this dossier makes it qualify) -------------------


def online_service_3_1(facts: DossierFacts) -> Membership:
    """3.1: procedures in the catalogue; offered online."""
    return facts.in_catalogue, facts.online_service


def online_service_used_3_2(facts: DossierFacts) -> Membership:
    """3.2: online services; at least one dossier submitted online."""
    online = facts.online_service
    return online, online and facts.submitted_online


def fee_integrated_3_5(facts: DossierFacts) -> Membership:
    """3.5: fee-bearing procedures; at least one dossier synchronised a non-zero fee."""
    fee = facts.fee_bearing
    return fee, fee and facts.has_fee_data


def population_data_procedures_4_5(facts: DossierFacts) -> Membership:
    """4.5: procedures for citizens; at least one dossier used VNeID or the personal data store."""
    citizen = facts.citizen_subject
    return citizen, citizen and facts.population_data


# Per-feedback rules ---------------------------------------------------------------------------------


def feedback_on_time_5_2(facts: FeedbackFacts) -> Membership:
    """5.2: every feedback; handled within the limits."""
    return True, not facts.timeliness.late


def feedback_satisfied_5_3(facts: FeedbackFacts) -> Membership:
    """5.3: every feedback; not unsatisfied, re-complained or late."""
    return True, not facts.unsatisfied
