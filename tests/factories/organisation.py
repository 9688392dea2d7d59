"""Factories for the organisation: a province, departments, communes, people, heads."""

from __future__ import annotations

import datetime as dt

import factory

from chidao.apps.organisation.models import HeadAssignment, Person, Unit

EPOCH = dt.date(2025, 7, 1)


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    """A unit; `path` follows the parent so scope checks work."""

    class Meta:
        model = Unit

    kind = Unit.Kind.DEPARTMENT
    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    valid_from = EPOCH
    parent = None
    path = factory.LazyAttribute(lambda o: f"{o.parent.path}{o.parent.pk}/" if o.parent else "/")


class ProvinceUnitFactory(UnitFactory):
    kind = Unit.Kind.PROVINCE
    name = "UBND tỉnh Gia Lai"


class CommuneUnitFactory(UnitFactory):
    kind = Unit.Kind.COMMUNE
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    title = "Chuyên viên"


class HeadAssignmentFactory(factory.django.DjangoModelFactory[HeadAssignment]):
    class Meta:
        model = HeadAssignment

    unit = factory.SubFactory(UnitFactory)
    person = factory.SubFactory(PersonFactory)
    role = HeadAssignment.Role.HEAD
    title = "Giám đốc"
    valid_from = EPOCH
