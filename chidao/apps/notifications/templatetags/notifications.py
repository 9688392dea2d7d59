"""`{% notification_badge %}`: the bell with the unread count, for the page header."""

from __future__ import annotations

from typing import Any

from django import template

from chidao.apps.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_badge.html", takes_context=True)
def notification_badge(context: template.Context) -> dict[str, Any]:
    """The bell of the signed-in user (nothing for a visitor), counted when the page is drawn."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread": None}
    return {"unread": unread_count(user)}
