"""Factories for the steering tasks: areas, plans, phases and tasks made through the audited services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from chidao.apps.programmes.models import Area, Authority, Phase, Plan, Task


class AreaFactory(factory.django.DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = "nq57"
    name = "Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số (Nghị quyết 57-NQ/TW)"


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"KH{n:03d}")
    name = factory.Sequence(lambda n: f"Kế hoạch số {n}/KH-UBND")
    year = 2025


class PhaseFactory(factory.django.DjangoModelFactory[Phase]):
    class Meta:
        model = Phase
        django_get_or_create = ("code",)

    code = "cap-bach"
    name = "Giai đoạn cấp bách"
    start = dt.date(2025, 6, 19)
    end = dt.date(2025, 6, 30)


class AuthorityFactory(factory.django.DjangoModelFactory[Authority]):
    class Meta:
        model = Authority
        django_get_or_create = ("code",)

    code = "truong-ban"
    name = "Trưởng Ban Chỉ đạo"


_task_numbers = iter(range(1, 10**9))


def make_task(*, lead_unit: Any, original_deadline: dt.date | None, actor: Any = None, **fields: Any) -> Task:
    """A task created through task_create (so its status is stored), with a fresh code unless given."""
    from chidao.apps.programmes.services import task_create

    fields.setdefault("code", f"NV-{next(_task_numbers):05d}")
    fields.setdefault("title", "Xây dựng cơ sở dữ liệu chuyên ngành")
    return task_create(actor=actor, lead_unit=lead_unit, original_deadline=original_deadline, **fields)
