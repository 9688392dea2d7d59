"""The main navigation as data: each entry names its URL and the roles that see it (None = every signed-in user).

The link is only a convenience: each page still authorises in its own fetch; the role matrix proves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chidao.apps.accounts.access import UserScope


@dataclass(frozen=True)
class NavEntry:
    """One link of the main navigation."""

    url_name: str
    label: str | Promise
    roles: frozenset[str] | None = None
    province_wide_only: bool = False

    def visible_to(self, scope: UserScope) -> bool:
        """True when a user with this scope should see the link."""
        if self.province_wide_only and not scope.all_units:
            return False
        return self.roles is None or scope.has_role(*self.roles)


MAIN_NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry("web:home", _("Trang chủ")),
    NavEntry("dashboard:dashboard", _("Bảng điều hành")),
    NavEntry("organisation:unit-tree", _("Tổ chức")),
    NavEntry("programmes:task-list", _("Nhiệm vụ")),
    NavEntry("meetings:meeting-list", pgettext_lazy("main navigation: the meeting list", "Phiên họp")),
    NavEntry("service_index:dashboard", _("Chỉ số phục vụ")),
    NavEntry("documents:document-list", pgettext_lazy("main navigation: the document list", "Văn bản")),
    NavEntry(
        "organisation:unit-list",
        pgettext_lazy("main navigation: the unit list", "Đơn vị"),
        province_wide_only=True,
    ),
    NavEntry("jobs:job-list", _("Tác vụ nền")),
    NavEntry("exchange:upload", _("Nhập dữ liệu"), frozenset({"administrator"})),
    NavEntry("accounts:user-list", _("Tài khoản"), frozenset({"administrator"})),
    NavEntry("workcalendar:year", _("Lịch làm việc"), frozenset({"administrator", "secretariat"})),
    NavEntry("audit:event-list", _("Nhật ký"), frozenset({"auditor", "administrator"})),
    NavEntry("privacy:access-log", _("Truy cập dữ liệu cá nhân"), frozenset({"auditor", "administrator"})),
)


def navigation_for(scope: UserScope, current: str) -> list[dict[str, object]]:
    """The links a user sees, each with its URL, label and whether it is the current page."""
    return [
        {"url": reverse(entry.url_name), "label": entry.label, "current": entry.url_name == current}
        for entry in MAIN_NAVIGATION
        if entry.visible_to(scope)
    ]
