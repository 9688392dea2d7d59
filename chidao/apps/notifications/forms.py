"""The preferences form: it parses and validates; the service writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.apps.notifications.models import NotificationPreference
from chidao.core.notifications import DeliveryMode

# Whole hours from 05:00 to 22:00: a digest in the middle of the night helps nobody.
DIGEST_HOURS = [(f"{hour:02d}:00", f"{hour:02d}:00") for hour in range(5, 23)]


class PreferenceForm(forms.Form):
    """How a user wants to be told: immediately or a daily digest, at which hour, e-mail on or off."""

    mode = forms.ChoiceField(
        label=_("Cách nhận thông báo qua thư điện tử"),
        choices=[
            (DeliveryMode.IMMEDIATE.value, _("Gửi ngay từng thông báo")),
            (DeliveryMode.DAILY_DIGEST.value, _("Gộp thành bản tin mỗi ngày một lần")),
        ],
        widget=forms.RadioSelect,
    )
    digest_time = forms.ChoiceField(label=_("Giờ gửi bản tin hằng ngày"), choices=DIGEST_HOURS)
    email_enabled = forms.BooleanField(label=_("Nhận thông báo qua thư điện tử"), required=False)

    @classmethod
    def for_preference(cls, preference: NotificationPreference, data: Any = None) -> PreferenceForm:
        """A form whose initial values are the current preference."""
        initial = {
            "mode": preference.mode,
            "digest_time": f"{preference.digest_time:%H:00}",
            "email_enabled": preference.email_enabled,
        }
        return cls(data, initial=initial)

    def clean_digest_time(self) -> dt.time:
        """The chosen hour as a time of day."""
        return dt.time.fromisoformat(self.cleaned_data["digest_time"])
