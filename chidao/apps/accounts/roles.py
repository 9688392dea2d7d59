"""The role vocabulary. Kept apart from models so views, API and tests can import it without the ORM."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do; the scope (unit, area) of an assignment says where."""

    LEADER = "leader", _("Lãnh đạo")
    SECRETARIAT = "secretariat", _("Thường trực, tổ giúp việc")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    UNIT_OFFICER = "unit_officer", _("Cán bộ đơn vị")
    DATA_OFFICER = "data_officer", _("Cán bộ dữ liệu")
    AUDITOR = "auditor", _("Kiểm tra, giám sát")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


# Roles that read every unit's aggregates (province-wide scope).
PROVINCE_WIDE_ROLES = frozenset({Role.LEADER, Role.SECRETARIAT, Role.AUDITOR, Role.ADMINISTRATOR})
# Roles confined to their unit's subtree.
UNIT_SCOPED_ROLES = frozenset({Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.DATA_OFFICER})
# The only role that may see personal data unmasked, and only within its scope.
PERSONAL_DATA_ROLES = frozenset({Role.DATA_OFFICER})
