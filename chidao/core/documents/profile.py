"""The issuer's profile as plain data, and the parts of a document it decides: header, signature, "Nơi nhận".

The Django app stores profiles (`documents.DocumentProfile`) and turns one into an `IssuerProfile` for the pure
builders; the number and date of an issued document come in as an `IssueMark` (empty for a draft).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chidao.core.documents.model import DocumentHeader, Recipients, Signature
from chidao.core.documents.numbering import format_number_line, format_place_date_line

__all__ = ["IssueMark", "IssuerProfile", "document_header", "document_recipients", "document_signature"]


@dataclass(frozen=True)
class IssuerProfile:
    """How one issuer heads and signs its documents (Decree 30/2020, Phụ lục I, ô 1–2, 7, 9b)."""

    parent_body: str  # "UBND TỈNH GIA LAI" (may be empty, e.g. for UBND tỉnh itself)
    issuing_body: str  # "BAN CHỈ ĐẠO VỀ PHÁT TRIỂN KHOA HỌC, …"
    issuer_abbreviation: str  # "BCĐ"
    place: str  # "Gia Lai"
    signature_authority: str  # "KT. TRƯỞNG BAN"
    signature_title: str  # "PHÓ TRƯỞNG BAN"
    signer_name: str  # "Lâm Hải Giang"
    recipients: tuple[str, ...] = ()  # "Nơi nhận" lines without "- " and ";"
    archive_line: str = "Lưu: VT."
    drafting_unit_abbreviation: str = ""  # công văn symbols: "BCĐ-SKHCN"
    # How the text names the issuer and the ground it covers: "Ban Chỉ đạo", "tỉnh".
    short_name: str = "Ban Chỉ đạo"
    subject: str = "tỉnh"


@dataclass(frozen=True)
class IssueMark:
    """The number and date the clerk recorded; both None while the document is a draft."""

    number: int | None = None
    issued_on: date | None = None


def document_header(
    profile: IssuerProfile, symbol: str, issue: IssueMark, *, subject_line: str = ""
) -> DocumentHeader:
    """Ô 1–4 (and 5b for a công văn): a draft leaves the number and the day blank for the clerk."""
    return DocumentHeader(
        parent_body=profile.parent_body,
        issuing_body=profile.issuing_body,
        number_line=format_number_line(issue.number, symbol),
        place_date_line=format_place_date_line(profile.place, issue.issued_on),
        subject_line=subject_line,
    )


def document_signature(profile: IssuerProfile) -> Signature:
    """Ô 7: authority, title and the signer's name as the profile gives them."""
    return Signature(
        authority_line=profile.signature_authority,
        title_line=profile.signature_title,
        signer_name=profile.signer_name,
    )


def document_recipients(profile: IssuerProfile, first: tuple[str, ...] = ()) -> Recipients:
    """Ô 9b: `first` (e.g. "Như trên" for a công văn), then the profile's usual recipients, then "Lưu: …"."""
    lines = tuple(line for line in (*first, *profile.recipients) if line.strip())
    return Recipients(lines=lines, archive=profile.archive_line)
