"""Which analytical datasets hold personal data, and of which kind (the kind chooses the retention period).

An app that imports a register declares its dataset once, at import time of its own module (for example in
its `AppConfig.ready()`): `register_personal_dataset("dan_cu", kind="population", title="Dữ liệu dân cư")`.
Only declared datasets are purged by `personal_data_purge_expired`; `manage.py check` warns when a declared
kind has no retention period in `CHIDAO_PERSONAL_DATA["retention_days"]`.
"""

from __future__ import annotations

from dataclasses import dataclass

from chidao.engines.duckdb.layout import check_dataset_name


@dataclass(frozen=True)
class PersonalDataset:
    """A dataset of the engine that holds personal data: its name, kind (retention key) and Vietnamese title."""

    name: str
    kind: str
    title: str


# dataset name -> declaration; filled by the apps that own the registers.
PERSONAL_DATASETS: dict[str, PersonalDataset] = {}


def register_personal_dataset(name: str, *, kind: str, title: str = "") -> PersonalDataset:
    """Declare a dataset as holding personal data of `kind` ("population", "dossiers", …)."""
    declared = PersonalDataset(check_dataset_name(name), kind, title or name)
    existing = PERSONAL_DATASETS.get(name)
    if existing is not None and existing != declared:
        raise RuntimeError(f"Personal dataset {name!r} is declared twice, differently")
    PERSONAL_DATASETS[name] = declared
    return declared


def personal_datasets() -> tuple[PersonalDataset, ...]:
    """Every declared personal dataset, by name."""
    return tuple(PERSONAL_DATASETS[name] for name in sorted(PERSONAL_DATASETS))
