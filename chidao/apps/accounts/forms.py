"""Forms of the sign-in and password pages; labels and messages in Vietnamese."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chidao.apps.accounts.models import User
from chidao.apps.accounts.policy import TOTP_DIGITS
from chidao.apps.accounts.services import user_password_change

if TYPE_CHECKING:
    _SetPasswordForm = auth_forms.SetPasswordForm[User]
else:  # django-stubs makes the form generic for the type checker only
    _SetPasswordForm = auth_forms.SetPasswordForm


class LoginForm(forms.Form):
    """Username and password; the checks (throttle, credentials) are done by the view through the services."""

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TOTPCodeForm(forms.Form):
    """The 6-digit code shown by the authenticator app (spaces allowed: "123 456")."""

    code = forms.CharField(
        label=_("Mã xác thực 6 chữ số"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
            }
        ),
    )

    def clean_code(self) -> str:
        """Digits only, exactly six of them."""
        code = "".join(str(self.cleaned_data["code"]).split())
        if len(code) != TOTP_DIGITS or not code.isdigit():
            raise ValidationError(_("Mã xác thực gồm đúng 6 chữ số."), code="format")
        return code


def _vietnamese_password_labels(form: _SetPasswordForm) -> None:
    form.fields["new_password1"].label = _("Mật khẩu mới")
    form.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
    form.fields["new_password2"].help_text = _("Nhập lại đúng mật khẩu mới để kiểm tra.")
    form.error_messages = {
        **form.error_messages,
        "password_mismatch": _("Hai lần nhập mật khẩu mới không khớp nhau."),
        "password_incorrect": _("Mật khẩu hiện tại không đúng."),
    }


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Change one's own password: the current one, then the new one twice; the new one must differ."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại (hoặc mật khẩu tạm thời được cấp)")
        _vietnamese_password_labels(self)

    def clean(self) -> dict[str, Any]:
        """Refuse to "change" to the same password (a temporary password must really be replaced)."""
        cleaned: dict[str, Any] = super().clean() or {}
        old = cleaned.get("old_password")
        if old and old == cleaned.get("new_password1") and "new_password2" not in self.errors:
            self.add_error(
                "new_password2",
                ValidationError(_("Mật khẩu mới phải khác mật khẩu hiện tại."), code="password_unchanged"),
            )
        return cleaned

    def save(self, commit: bool = True) -> User:
        """Set the password through the audited service."""
        return user_password_change(
            actor=self.user, user=self.user, new_password=self.cleaned_data["new_password1"], via="form"
        )


class EmailLinkSetPasswordForm(_SetPasswordForm):
    """The form behind the e-mailed reset link: the new password twice, saved through the audited service."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        _vietnamese_password_labels(self)

    def save(self, commit: bool = True) -> User:
        """Set the password through the audited service (it also clears a pending forced change)."""
        return user_password_change(
            actor=self.user, user=self.user, new_password=self.cleaned_data["new_password1"], via="email_link"
        )


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    """The e-mail address to send a reset link to (the page answers the same whether or not it is known)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Địa chỉ thư điện tử của tài khoản")
