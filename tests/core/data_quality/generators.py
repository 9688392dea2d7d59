"""Random population and insurance rows with every kind of fault, for the SQL ↔ pure agreement tests."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Võ", "Đào")
MIDDLES = ("Văn", "Thị", "Đức", "Minh", "Ngọc", "Thuỳ")
GIVENS = ("Hùng", "Hưng", "Hòa", "Hoà", "Lan", "Thúy", "Thuý", "Anh", "Ân", "An", "Dũng", "Dung")
COMMUNES = ("21583", "21553", "23311", "21556", "21559", "99999", "2158", "", None)
PLACES = ("064", "052", "001", "003", "64", None, "")


def _maybe(rng: random.Random, value: Any, alternatives: tuple[Any, ...], rate: float = 0.15) -> Any:
    return rng.choice(alternatives) if rng.random() < rate else value


def _name(rng: random.Random) -> str:
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
    return _maybe(rng, name, (name.upper(), f" {name}", name.replace(" ", "  "), "", None), 0.2)


def _personal_id(rng: random.Random, birth: date, sex: str) -> str:
    digit = (birth.year // 100 - 19) * 2 + (1 if sex == "female" else 0)
    return f"{rng.choice(('064', '052', '079'))}{digit}{birth.year % 100:02d}{rng.randrange(10**6):06d}"


def random_population(seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        birth = date(1930, 1, 1) + timedelta(days=rng.randrange(35_000))
        sex = rng.choice(("male", "female"))
        personal_id = _personal_id(rng, birth, sex)
        personal_id = _maybe(
            rng,
            personal_id,
            (
                None,
                "",
                personal_id[:11],
                personal_id[:3] + "9" + personal_id[4:],
                "003" + personal_id[3:],
                rows[-1]["personal_id"] if rows else personal_id,
            ),
        )
        deceased = rng.random() < 0.1
        death = birth + timedelta(days=rng.randrange(40_000)) if deceased else None
        rows.append(
            {
                "row_key": f"dc-{number:05d}",
                "personal_id": personal_id,
                "full_name": _name(rng),
                "birth_date": _maybe(rng, birth, (None, date(2027, 1, 1), date(1890, 5, 5)), 0.05),
                "sex": _maybe(rng, sex, ("nam", None, "female" if sex == "male" else "male")),
                "birth_registration_place_code": rng.choice(PLACES) if rng.random() < 0.2 else "064",
                "residence_commune_code": rng.choice(COMMUNES) if rng.random() < 0.4 else "21583",
                "life_status": _maybe(
                    rng, "deceased" if deceased else "alive", ("alive", "deceased", "mất", None), 0.1
                ),
                "death_date": _maybe(rng, death, (None, date(2020, 1, 1)), 0.1),
                "last_updated": _maybe(
                    rng,
                    datetime(2025, 6, 1) + timedelta(hours=rng.randrange(8000)),
                    (None, datetime(2027, 1, 1)),
                    0.05,
                ),
            }
        )
    return rows


def random_insurance(seed: int, count: int, population: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for number in range(count):
        person = rng.choice(population)
        name = person["full_name"] or "Lê Văn An"
        name = _maybe(
            rng,
            name.upper(),
            (
                name.replace("Hưng", "Hùng").replace("Hùng", "Hưng"),
                name.replace("Đ", "D"),
                "Trần Văn Khác",
                None,
            ),
            0.3,
        )
        birth = _maybe(rng, person["birth_date"], (date(1990, 1, 1), None), 0.1)
        personal_id = _maybe(rng, person["personal_id"], ("064190123456", "0641901234", None), 0.1)
        code = f"52{rng.randrange(10**8):08d}"
        code = _maybe(rng, code, (code[:9], "", None, rows[-1]["insurance_code"] if rows else code), 0.1)
        rows.append(
            {
                "row_key": f"bh-{number:05d}",
                "insurance_code": code,
                "personal_id": personal_id,
                "full_name": name,
                "birth_date": birth,
                "commune_code": rng.choice(COMMUNES) if rng.random() < 0.3 else "21553",
                "status": _maybe(rng, "participating", ("stopped", "dừng", None), 0.3),
                "last_updated": _maybe(
                    rng, datetime(2025, 1, 1) + timedelta(days=rng.randrange(500)), (None,), 0.05
                ),
            }
        )
    return rows
