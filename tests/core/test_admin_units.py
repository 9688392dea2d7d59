"""The 2025 administrative units and the old-to-new crosswalk, checked against the committed data file."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chidao.core.admin_units import (
    AdminUnitLookupError,
    AdminUnitsCatalogue,
    CommuneType,
    MergeKind,
    ResolutionStatus,
    duplicate_old_names,
    find_new_commune,
    new_communes_for_old_district,
    old_communes_of,
    resolve_old_commune,
)
from chidao.core.admin_units_names import exact_key, fold, has_diacritics

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = REPO_ROOT / "chidao" / "apps" / "organisation" / "data" / "admin_units_2025.json"
SOURCE_DIR = REPO_ROOT.parent / "shared" / "data" / "admin-units"

GIA_LAI = "52"  # new code; before 2025, 52 was Bình Định and 64 Gia Lai
PHUONG_QUY_NHON = "21583"
PHUONG_PLEIKU = "23575"
PHUONG_THONG_NHAT = "23584"


@pytest.fixture(scope="module")
def catalogue() -> AdminUnitsCatalogue:
    return AdminUnitsCatalogue.from_dict(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def _names(entries: tuple) -> list[tuple[str, str]]:
    return [(e.commune.name, e.note) for e in entries]


def test_country_has_34_provinces_and_3321_communes(catalogue: AdminUnitsCatalogue) -> None:
    # given the catalogue built from the committed file
    # then it holds the post-reform totals, and the old totals of 30/06/2025
    assert len(catalogue.provinces) == 34
    assert len(catalogue.communes) == 3321
    assert (len(catalogue.old_provinces), len(catalogue.old_districts), len(catalogue.old_communes)) == (
        63,
        696,
        10035,
    )


def test_gia_lai_has_110_xa_and_25_phuong_with_its_seat_in_quy_nhon(catalogue: AdminUnitsCatalogue) -> None:
    # given the new province of Gia Lai
    province = catalogue.provinces[GIA_LAI]

    # when its communes are counted by type
    types = [c.type for c in catalogue.communes.values() if c.province_code == GIA_LAI]

    # then there are 135: 110 xã and 25 phường, and the seat is Phường Quy Nhơn
    assert province.name == "Tỉnh Gia Lai"
    assert (len(types), types.count(CommuneType.XA), types.count(CommuneType.PHUONG)) == (135, 110, 25)
    assert province.seat_code == PHUONG_QUY_NHON
    assert catalogue.communes[PHUONG_QUY_NHON].name == "Phường Quy Nhơn"


def test_metadata_names_the_statistics_office_and_the_inputs(catalogue: AdminUnitsCatalogue) -> None:
    # given the catalogue's metadata
    metadata = catalogue.metadata

    # then it cites the source, the reform date and the three hashed input files
    assert metadata.source == "Tổng cục Thống kê / Cục Thống kê – danhmuchanhchinh.nso.gov.vn"
    assert metadata.effective_date.isoformat() == "2025-07-01"
    assert [i.file for i in metadata.inputs] == [
        "divisions-2025-07.json",
        "crosswalk-2025-07-new-old-communes.csv",
        "communes-before-2025-07.csv",
    ]
    assert all(len(i.sha256) == 64 for i in metadata.inputs)


def test_every_new_commune_comes_from_the_crosswalk(catalogue: AdminUnitsCatalogue) -> None:
    # given every link of the crosswalk
    # then every new commune has at least one, and every link points at known units
    assert set(catalogue.links_by_new_code) == set(catalogue.communes)
    assert all(link.old_district_code in catalogue.old_districts for link in catalogue.links)


def test_old_binh_dinh_wards_merge_wholly_into_phuong_quy_nhon(catalogue: AdminUnitsCatalogue) -> None:
    # given the new Phường Quy Nhơn (Gia Lai)
    # when we ask what it was made of
    entries = old_communes_of(catalogue, PHUONG_QUY_NHON)

    # then four whole wards of old Quy Nhơn city (Bình Định)
    assert [(e.old_commune.name, e.kind) for e in entries if e.old_commune] == [
        ("Phường Đống Đa", MergeKind.WHOLE),
        ("Phường Hải Cảng", MergeKind.WHOLE),
        ("Phường Trần Phú", MergeKind.WHOLE),
        ("Phường Thị Nại", MergeKind.WHOLE),
    ]
    assert {(e.old_district.name, e.old_district.province_name) for e in entries} == {
        ("Thành phố Quy Nhơn", "Tỉnh Bình Định")
    }


def test_old_pleiku_wards_merge_wholly_into_phuong_pleiku(catalogue: AdminUnitsCatalogue) -> None:
    # given the new Phường Pleiku
    entries = old_communes_of(catalogue, PHUONG_PLEIKU)

    # then it is four wards and one commune of old Pleiku city (old Gia Lai, code 64), all whole
    assert [e.old_commune.name for e in entries if e.old_commune] == [
        "Phường Hội Thương",
        "Phường Phù Đổng",
        "Phường Hoa Lư",
        "Phường Tây Sơn",
        "Xã Trà Đa",
    ]
    assert {(e.kind, e.old_district.province_code) for e in entries} == {(MergeKind.WHOLE, "64")}


@pytest.mark.parametrize(
    ("_case", "old_code", "expected"),
    [
        ("Thị Nại by code", "21583", PHUONG_QUY_NHON),
        ("Hải Cảng by code", "21562", PHUONG_QUY_NHON),
        ("Hoa Lư by code", "23572", PHUONG_PLEIKU),
    ],
)
def test_a_whole_merge_resolves_to_one_new_commune(
    catalogue: AdminUnitsCatalogue, _case: str, old_code: str, expected: str
) -> None:
    # given an old commune merged wholly into one new commune
    # when it is resolved by its old code
    result = resolve_old_commune(catalogue, old_code=old_code)

    # then the new commune is certain and the message names it
    assert result.status == ResolutionStatus.RESOLVED
    assert result.commune == catalogue.communes[expected]
    assert catalogue.communes[expected].name in result.message


@pytest.mark.parametrize(
    ("_case", "query", "expected"),
    [
        (
            "An Nghĩa, An Lão",
            {"name": "Xã An Nghĩa", "old_district": "Huyện An Lão"},
            [
                ("Xã An Toàn", "Nhập một phần diện tích, toàn bộ dân số"),
                ("Xã An Hòa", "Nhập một phần diện tích"),
            ],
        ),
        (
            "Canh Hiệp by code",
            {"old_code": "22000"},
            [("Xã Vân Canh", "Nhập một phần"), ("Xã Canh Vinh", "Nhập một phần")],
        ),
        (
            "Canh Liên, district by code",
            {"name": "canh lien", "old_district": "551"},
            [
                ("Xã Canh Liên", "Phần còn lại sau khi tách một phần vào xã Canh Vinh"),
                ("Xã Canh Vinh", "Nhập một phần"),
            ],
        ),
    ],
)
def test_a_split_commune_returns_its_parts_with_the_crosswalk_note(
    catalogue: AdminUnitsCatalogue, _case: str, query: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    # given an old commune of Bình Định divided between two new communes
    # when it is resolved even with its district or code
    result = resolve_old_commune(catalogue, **query)

    # then no single commune is chosen: both parts come back, each with its note, and the message says why
    assert result.status == ResolutionStatus.SPLIT
    assert result.commune is None
    assert _names(result.candidates) == expected
    assert "được chia cho 2 xã mới" in result.message
    assert {e.kind for e in result.candidates} == {MergeKind.PARTIAL}


@pytest.mark.parametrize(
    "_case", ["Đống Đa", "Phường Đống Đa", "phuong dong da", "PHƯỜNG ĐỐNG ĐA", "Phường Ðống Ða"]
)
def test_a_bare_duplicated_name_returns_candidates_and_asks_for_the_district(
    catalogue: AdminUnitsCatalogue, _case: str
) -> None:
    # given the name of two old wards that both went into the new Gia Lai
    # when it is resolved without a district
    result = resolve_old_commune(catalogue, name=_case, new_province=GIA_LAI)

    # then both wards come back as candidates with their districts, and nothing is chosen
    assert result.status == ResolutionStatus.NEEDS_DISTRICT
    assert result.commune is None
    assert [(e.old_district.name, e.commune.code) for e in result.candidates] == [
        ("Thành phố Quy Nhơn", PHUONG_QUY_NHON),
        ("Thành phố Pleiku", PHUONG_THONG_NHAT),
    ]
    assert "Cần ghi rõ huyện cũ" in result.message


def test_a_bare_name_searches_the_whole_country_without_a_province(catalogue: AdminUnitsCatalogue) -> None:
    # given the same ward name, with no province to narrow it
    result = resolve_old_commune(catalogue, name="Phường Đống Đa")

    # then the third Phường Đống Đa, in old Vĩnh Yên (Vĩnh Phúc), is a candidate too
    assert [e.old_commune.province_name for e in result.candidates if e.old_commune] == [
        "Tỉnh Vĩnh Phúc",
        "Tỉnh Bình Định",
        "Tỉnh Gia Lai",
    ]


@pytest.mark.parametrize(
    ("_case", "district", "expected"),
    [
        ("Pleiku, full name", "Thành phố Pleiku", PHUONG_THONG_NHAT),
        ("Pleiku, abbreviated", "TP. Pleiku", PHUONG_THONG_NHAT),
        ("Pleiku, bare and unaccented", "pleiku", PHUONG_THONG_NHAT),
        ("Pleiku, by code", "622", PHUONG_THONG_NHAT),
        ("Quy Nhơn, full name", "Thành phố Quy Nhơn", PHUONG_QUY_NHON),
        ("Quy Nhơn, unaccented", "thanh pho quy nhon", PHUONG_QUY_NHON),
    ],
)
def test_the_old_district_resolves_a_duplicated_name(
    catalogue: AdminUnitsCatalogue, _case: str, district: str, expected: str
) -> None:
    # given the duplicated ward name and its old district
    result = resolve_old_commune(catalogue, name="Phường Đống Đa", old_district=district)

    # then exactly one new commune is determined, with the whole-merge note
    assert result.status == ResolutionStatus.RESOLVED
    assert result.commune == catalogue.communes[expected]
    assert [e.kind for e in result.candidates] == [MergeKind.WHOLE]


def test_a_unique_name_still_needs_its_district(catalogue: AdminUnitsCatalogue) -> None:
    # given a name that only one old commune bears
    result = resolve_old_commune(catalogue, name="Trà Đa")

    # then it is offered as the only candidate, but not resolved on the name alone
    assert result.status == ResolutionStatus.NEEDS_DISTRICT
    assert [e.commune.code for e in result.candidates] == [PHUONG_PLEIKU]
    assert result.commune is None


@pytest.mark.parametrize(
    ("_case", "name", "expected_codes"),
    [
        ("with diacritics: only Ia Băng", "Ia Băng", ["23905"]),
        ("without diacritics: Ia Bang and Ia Băng", "ia bang", ["23905", "23924"]),
    ],
)
def test_diacritics_typed_are_trusted_and_missing_ones_widen_the_match(
    catalogue: AdminUnitsCatalogue, _case: str, name: str, expected_codes: list[str]
) -> None:
    # given old Chư Prông, which had both a Xã Ia Băng and a Xã Ia Bang
    result = resolve_old_commune(catalogue, name=name, old_district="Huyện Chư Prông")

    # then the matched old communes are those the spelling allows
    assert sorted({e.old_commune.code for e in result.candidates if e.old_commune}) == expected_codes
    assert result.is_resolved == (len(expected_codes) == 1)


def test_two_unaccented_names_collide_where_the_accented_ones_do_not(catalogue: AdminUnitsCatalogue) -> None:
    # given An Nghĩa (An Lão) and Ân Nghĩa (Hoài Ân), both in old Bình Định
    accented = resolve_old_commune(catalogue, name="Xã Ân Nghĩa", new_province=GIA_LAI)
    unaccented = resolve_old_commune(catalogue, name="an nghia", new_province=GIA_LAI)

    # then the accented name finds one, the unaccented both
    assert {e.old_commune.name for e in accented.candidates if e.old_commune} == {"Xã Ân Nghĩa"}
    assert {e.old_commune.name for e in unaccented.candidates if e.old_commune} == {
        "Xã Ân Nghĩa",
        "Xã An Nghĩa",
    }


@pytest.mark.parametrize(
    ("_case", "query", "fragment"),
    [
        ("unknown code", {"old_code": "99999"}, "Không có xã cũ mang mã 99999"),
        ("code of another name", {"old_code": "21556", "name": "Hải Cảng"}, "không khớp tên “Hải Cảng”"),
        (
            "unknown district",
            {"name": "Đống Đa", "old_district": "Huyện Không Có"},
            "Không tìm thấy huyện cũ",
        ),
        ("name not in district", {"name": "Đống Đa", "old_district": "Huyện An Lão"}, "Không tìm thấy xã cũ"),
        ("nothing given", {}, "Chưa nhập tên hoặc mã xã cũ"),
    ],
)
def test_unmatched_queries_say_why_in_vietnamese(
    catalogue: AdminUnitsCatalogue, _case: str, query: dict[str, str], fragment: str
) -> None:
    # given a query that cannot be matched
    result = resolve_old_commune(catalogue, **query)

    # then nothing is returned and the message explains
    assert (result.status, result.commune, result.candidates) == (ResolutionStatus.NOT_FOUND, None, ())
    assert fragment in result.message


def test_a_code_and_its_own_name_resolve(catalogue: AdminUnitsCatalogue) -> None:
    # given old Phường Đống Đa of Quy Nhơn by code and name
    result = resolve_old_commune(catalogue, old_code="21556", name="Đống Đa")

    # then it resolves to Phường Quy Nhơn
    assert result.commune == catalogue.communes[PHUONG_QUY_NHON]


def test_an_old_district_maps_to_many_new_communes(catalogue: AdminUnitsCatalogue) -> None:
    # given old Pleiku city
    # when its new communes are listed
    communes = new_communes_for_old_district(catalogue, "Thành phố Pleiku")

    # then they are the seven communes that received its territory
    assert [c.name for c in communes] == [
        "Phường Diên Hồng",
        "Phường Pleiku",
        "Phường Thống Nhất",
        "Phường Hội Phú",
        "Xã Biển Hồ",
        "Phường An Phú",
        "Xã Gào",
    ]


def test_a_district_name_used_in_several_provinces_needs_the_province(catalogue: AdminUnitsCatalogue) -> None:
    # given "Châu Thành", the name of ten old districts
    # when it is looked up alone, then with its old province
    with pytest.raises(AdminUnitLookupError) as raised:
        new_communes_for_old_district(catalogue, "Châu Thành")
    communes = new_communes_for_old_district(catalogue, "Châu Thành", province="Tiền Giang")

    # then the bare name lists the ten candidates, and the province settles it
    assert len(raised.value.candidates) == 10
    assert "Cần ghi rõ tỉnh cũ" in raised.value.message
    assert {c.province_code for c in communes} == {"82"}


def test_an_island_district_without_communes_still_maps(catalogue: AdminUnitsCatalogue) -> None:
    # given Huyện Bạch Long Vĩ, which had no communes and became a special zone
    communes = new_communes_for_old_district(catalogue, "Bạch Long Vĩ")

    # then its one new unit is the đặc khu
    assert [(c.name, c.type) for c in communes] == [("Đặc khu Bạch Long Vĩ", CommuneType.DAC_KHU)]


@pytest.mark.parametrize(
    ("_case", "query", "province", "expected"),
    [
        ("by code", "21583", None, ["Phường Quy Nhơn"]),
        ("unaccented, no prefix", "quy nhon", GIA_LAI, ["Phường Quy Nhơn"]),
        ("other tone placement", "Xã An Hoà", GIA_LAI, ["Xã An Hòa"]),
        ("shared name, whole country", "Phường Tân Hòa", None, ["Phường Tân Hòa", "Phường Tân Hòa"]),
    ],
)
def test_find_new_commune(
    catalogue: AdminUnitsCatalogue, _case: str, query: str, province: str | None, expected: list[str]
) -> None:
    # given a code or a loosely written name
    found = find_new_commune(catalogue, query, province_code=province)

    # then the matching 2025 communes come back
    assert [c.name for c in found] == expected


def test_source_code_slips_are_corrected(catalogue: AdminUnitsCatalogue) -> None:
    # given Xã Mỹ Hưng, listed in the crosswalk under the code of its neighbour Xã Hồng Quang
    my_hung = resolve_old_commune(catalogue, name="Mỹ Hưng", old_district="Huyện Quảng Hòa")
    hong_quang = resolve_old_commune(catalogue, old_code="01615")

    # then each keeps its own code and its own single destination
    assert [(e.old_commune.code, e.commune.name) for e in my_hung.candidates if e.old_commune] == [
        ("01651", "Xã Phục Hòa")
    ]
    assert hong_quang.commune is not None
    assert hong_quang.commune.name == "Xã Bế Văn Đàn"


def _group_names(groups: tuple) -> list[list[str]]:
    return [[f"{o.name} ({o.district_name})" for o in group] for group in groups]


EXACT_DUPLICATES_IN_GIA_LAI = [
    ["Xã An Trung (Huyện An Lão)", "Xã An Trung (Huyện Kông Chro)"],
    ["Xã Ayun (Huyện Mang Yang)", "Xã Ayun (Huyện Chư Sê)"],
    ["Phường Đống Đa (Thành phố Quy Nhơn)", "Phường Đống Đa (Thành phố Pleiku)"],
    ["Xã Ia Băng (Huyện Đăk Đoa)", "Xã Ia Băng (Huyện Chư Prông)"],
    ["Xã Ia O (Huyện Ia Grai)", "Xã Ia O (Huyện Chư Prông)"],
    ["Xã Ia Sao (Huyện Ia Grai)", "Xã Ia Sao (Thị xã Ayun Pa)"],
    ["Phường Ngô Mây (Thành phố Quy Nhơn)", "Phường Ngô Mây (Thị xã An Khê)"],
    ["Phường Tây Sơn (Thành phố Pleiku)", "Phường Tây Sơn (Thị xã An Khê)"],
]


def test_the_eight_old_names_duplicated_within_the_new_gia_lai(catalogue: AdminUnitsCatalogue) -> None:
    # given the old communes that went into the new Gia Lai
    # when same-named ones are grouped
    groups = duplicate_old_names(catalogue, new_province=GIA_LAI)

    # then there are eight pairs, which is why bare names need their district
    assert _group_names(groups) == EXACT_DUPLICATES_IN_GIA_LAI


def test_looser_typing_adds_collisions_in_gia_lai(catalogue: AdminUnitsCatalogue) -> None:
    # given the same old communes, grouped as typed without diacritics, then also without the type word
    unaccented = duplicate_old_names(catalogue, new_province=GIA_LAI, ignore_diacritics=True)
    untyped = duplicate_old_names(catalogue, new_province=GIA_LAI, ignore_diacritics=True, ignore_type=True)

    # then new groups appear beyond the eight exact duplicates
    def firsts(groups: tuple) -> set[str]:
        return {fold(group[0].name.split(" ", 1)[1]) for group in groups}

    exact = firsts(duplicate_old_names(catalogue, new_province=GIA_LAI))
    assert firsts(unaccented) - exact == {"an nghia", "an thanh"}
    assert firsts(untyped) - firsts(unaccented) == {"an phu", "an tan", "nhon hoa"}
    assert len(next(g for g in unaccented if g[0].name == "Xã Ia Băng")) == 3


@pytest.mark.parametrize(
    ("_case", "left", "right", "same"),
    [
        ("tone placement", "Hòa", "Hoà", True),
        ("letter case", "PHƯỜNG ĐỐNG ĐA", "Phường Đống Đa", True),
        ("apostrophes", "Cư M'gar", "Cư M’gar", True),
        ("circumflex matters", "Ân Nghĩa", "An Nghĩa", False),
        ("breve matters", "Ia Băng", "Ia Bang", False),
    ],
)
def test_exact_key(_case: str, left: str, right: str, same: bool) -> None:
    # given two spellings
    # then their exact keys agree only when they differ by case, tone placement or apostrophe style
    assert (exact_key(left) == exact_key(right)) is same


def test_fold_drops_every_diacritic() -> None:
    # given accented and unaccented spellings
    # then the fold is the same and only the accented one is reported as having diacritics
    assert fold("Phường Đống Đa") == fold("phuong dong da") == "phuong dong da"
    assert (has_diacritics("Đống Đa"), has_diacritics("dong da")) == (True, False)


def test_an_unknown_data_format_is_refused() -> None:
    # given a data file of a later format
    # then the catalogue refuses it rather than misread it
    with pytest.raises(ValueError, match="format 2"):
        AdminUnitsCatalogue.from_dict({"format": 2})


@pytest.mark.skipif(not SOURCE_DIR.exists(), reason="NSO source lists not available on this machine")
def test_rebuilding_from_the_sources_gives_the_committed_bytes() -> None:
    # given the NSO source lists
    # when the build script checks the committed file against a fresh build
    completed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "build_admin_units.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )

    # then the bytes are identical
    assert completed.returncode == 0, completed.stderr
    assert "is up to date" in completed.stdout
