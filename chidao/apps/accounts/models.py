"""Accounts: the user, dated (role, scope) assignments, login throttling and TOTP devices."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.apps.accounts.roles import Role
from chidao.common.models import DatedModel, TimeStampedModel


class User(AbstractUser):
    """A person who signs in. `unit` is the home unit; permissions come only from RoleAssignment rows."""

    full_name = models.CharField(_("Họ và tên"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    person = models.ForeignKey(
        "organisation.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="accounts"
    )
    phone = models.CharField(_("Điện thoại"), max_length=30, blank=True)
    must_change_password = models.BooleanField(default=False)
    password_changed_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Tài khoản")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    """Role assignments with the date-validity rule in one place (used by access.py and selectors.py)."""

    def valid_on(self, day: dt.date) -> RoleAssignmentQuerySet:
        """Assignments in force on `day`: valid_from ≤ day < valid_to (an empty valid_to = still in force)."""
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class RoleAssignment(DatedModel, TimeStampedModel):
    """A dated grant of one role to a user, scoped to a unit subtree (and optionally to one area of work)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=Role.choices)
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="role_assignments")
    area_code = models.CharField(max_length=32, blank=True, help_text=_("Lĩnh vực (để trống = mọi lĩnh vực)"))
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="granted_assignments"
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role", "-valid_from"]
        verbose_name = _("Phân quyền")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class LoginThrottle(models.Model):
    """Failed sign-ins per (username, IP): growing delays, so a stranger elsewhere cannot lock the chair out."""

    username = models.CharField(max_length=150)
    ip_address = models.GenericIPAddressField()
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username", "ip_address"], name="uniq_throttle_user_ip")
        ]

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip_address}: {self.failures}"


class TOTPDevice(TimeStampedModel):
    """An authenticator app enrolled by a user (required for administrators); the secret is encrypted at rest."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    encrypted_secret = models.TextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted 30-second step, so a code cannot be replayed.
    last_used_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"TOTP {self.user} ({'đã xác nhận' if self.confirmed_at else 'chưa xác nhận'})"
