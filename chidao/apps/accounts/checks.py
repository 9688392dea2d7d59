"""Production refuses demo accounts: at start-up (config/wsgi.py) and in `manage.py check --deploy`.

Demo accounts have published passwords; one left in a production database is an open door. The setting
CHIDAO_DEMO_ACCOUNTS is True only in development and tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection

from chidao.apps.accounts.models import User

DEMO_CHECK_ID = "chidao.accounts.E001"
DEMO_REFUSAL_MESSAGE = (
    "Cơ sở dữ liệu có tài khoản trình diễn (is_demo) trong khi CHIDAO_DEMO_ACCOUNTS tắt: hệ thống từ chối "
    "khởi động. Hãy xoá hoặc vô hiệu hoá các tài khoản này. / Demo accounts exist while CHIDAO_DEMO_ACCOUNTS "
    "is False: refusing to start. Delete these accounts first."
)


def _accounts_table_exists() -> bool:
    return User._meta.db_table in connection.introspection.table_names()


def demo_usernames(limit: int = 10) -> list[str]:
    """Usernames of (at most `limit`) demo accounts; [] before the accounts table exists (not migrated yet)."""
    if not _accounts_table_exists():
        return []
    return list(
        User.objects.filter(is_demo=True).order_by("username").values_list("username", flat=True)[:limit]
    )


def refuse_demo_accounts_in_production() -> None:
    """Raise ImproperlyConfigured when demo accounts exist and the settings do not allow them."""
    if settings.CHIDAO_DEMO_ACCOUNTS:
        return
    names = demo_usernames()
    if names:
        raise ImproperlyConfigured(f"{DEMO_REFUSAL_MESSAGE} ({', '.join(names)})")


@register(Tags.security, deploy=True)
def check_no_demo_accounts(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> Iterable[CheckMessage]:
    """`check --deploy`: an Error per database holding demo accounts while they are not allowed."""
    if settings.CHIDAO_DEMO_ACCOUNTS:
        return []
    if app_configs is not None and not any(config.label == "accounts" for config in app_configs):
        return []
    try:
        names = demo_usernames()
    except DatabaseError:
        # No database reachable while checking (e.g. building an image): the start-up refusal still applies.
        return []
    if not names:
        return []
    return [
        Error(
            DEMO_REFUSAL_MESSAGE,
            hint=f"Tài khoản trình diễn / demo accounts: {', '.join(names)}",
            obj="accounts.User",
            id=DEMO_CHECK_ID,
        )
    ]
