"""Sign-in (password, then TOTP for administrators), password pages and the administrator's account actions.

Views are thin: parse the form, call one selector or service, render. The decisions (throttle, codes, replay)
live in services.py and selectors.py.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from chidao.apps.accounts import selectors, services, totp
from chidao.apps.accounts.forms import (
    EmailLinkSetPasswordForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    TOTPCodeForm,
)
from chidao.apps.accounts.models import User
from chidao.apps.accounts.policy import wait_text
from chidao.apps.accounts.sessions import (
    PreAuthentication,
    preauth_begin,
    preauth_clear,
    preauth_get,
    safe_next_url,
    stamp_activity,
)
from chidao.apps.audit.middleware import client_ip

# When the proxy hides the client address, all such attempts share one throttle bucket (safe side).
UNKNOWN_IP = "0.0.0.0"  # noqa: S104 - a bucket name, not a bind address


def _ip(request: HttpRequest) -> str:
    return client_ip(request) or UNKNOWN_IP


def _throttled_message(wait_seconds: int) -> str:
    return _("Đăng nhập sai nhiều lần liên tiếp. Vui lòng thử lại sau %(wait)s.") % {
        "wait": wait_text(wait_seconds)
    }


def _complete_login(request: HttpRequest, user: User, next_url: str, *, second_factor: bool) -> HttpResponse:
    preauth_clear(request)
    auth_login(request, user)
    stamp_activity(request, selectors.session_idle_seconds_for(user))
    services.login_success_record(user=user, ip_address=_ip(request), second_factor=second_factor)
    return HttpResponseRedirect(next_url or reverse(settings.LOGIN_REDIRECT_URL))


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """Password step: refused without checking while the (username, IP) pair waits; administrators go on to TOTP."""
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url or reverse(settings.LOGIN_REDIRECT_URL))
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        wait = selectors.login_throttle_remaining(
            username=username, ip_address=_ip(request), now=timezone.now()
        )
        if wait:
            form.add_error(None, _throttled_message(wait))
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if isinstance(user, User):
                if selectors.user_requires_totp(user):
                    preauth_begin(request, user, next_url)
                    step = (
                        "accounts:totp-verify"
                        if selectors.user_has_confirmed_totp(user)
                        else "accounts:totp-enrol"
                    )
                    return redirect(step)
                return _complete_login(request, user, next_url, second_factor=False)
            state = services.login_failure_record(username=username, ip_address=_ip(request))
            if state.wait_seconds:
                form.add_error(None, _throttled_message(state.wait_seconds))
                status = 429
            else:
                form.add_error(
                    None,
                    _(
                        "Tên đăng nhập hoặc mật khẩu không đúng. Nếu tài khoản đã bị vô hiệu hoá do lâu không "
                        "sử dụng, hãy liên hệ quản trị hệ thống."
                    ),
                )
    context = {
        "form": form,
        "next": next_url,
        "expired": request.GET.get("expired") == "1",
        "page_title": _("Đăng nhập"),
    }
    return render(request, "accounts/login.html", context, status=status)


def _second_factor_step(
    request: HttpRequest, pending: PreAuthentication, *, enrolling: bool
) -> tuple[TOTPCodeForm, HttpResponse | None, int]:
    """Check the posted code (throttled like the password); the response is set once the login is complete."""
    form = TOTPCodeForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return form, None, 200
    user = pending.user
    wait = selectors.login_throttle_remaining(
        username=user.username, ip_address=_ip(request), now=timezone.now()
    )
    if wait:
        form.add_error(None, _throttled_message(wait))
        return form, None, 429
    code = form.cleaned_data["code"]
    accepted = (
        services.totp_enrolment_confirm(user=user, code=code)
        if enrolling
        else services.totp_login_verify(user=user, code=code)
    )
    if accepted:
        return form, _complete_login(request, user, pending.next_url, second_factor=True), 200
    state = services.login_failure_record(
        username=user.username, ip_address=_ip(request), stage="totp_enrol" if enrolling else "totp"
    )
    if state.wait_seconds:
        form.add_error(None, _throttled_message(state.wait_seconds))
        return form, None, 429
    form.add_error("code", _("Mã xác thực không đúng, đã hết hạn hoặc đã được dùng. Hãy nhập mã mới nhất."))
    return form, None, 200


@csrf_protect
@never_cache
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in of an administrator: scan the QR code (or type the key), then confirm with a first code."""
    pending = preauth_get(request)
    if pending is None:
        return redirect("accounts:login")
    if selectors.user_has_confirmed_totp(pending.user):
        return redirect("accounts:totp-verify")
    secret = services.totp_enrolment_begin(user=pending.user)
    form, done, status = _second_factor_step(request, pending, enrolling=True)
    if done is not None:
        return done
    context = {
        "form": form,
        "qr_svg": totp.qr_svg(totp.provisioning_uri(secret, pending.user.username)),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "page_title": _("Đăng ký xác thực hai lớp"),
    }
    return render(request, "accounts/totp_enrol.html", context, status=status)


@csrf_protect
@never_cache
def totp_verify(request: HttpRequest) -> HttpResponse:
    """Second step of an administrator's sign-in: the current 6-digit code."""
    pending = preauth_get(request)
    if pending is None:
        return redirect("accounts:login")
    if not selectors.user_has_confirmed_totp(pending.user):
        return redirect("accounts:totp-enrol")
    form, done, status = _second_factor_step(request, pending, enrolling=False)
    if done is not None:
        return done
    context = {"form": form, "page_title": _("Xác thực hai lớp")}
    return render(request, "accounts/totp_verify.html", context, status=status)


@sensitive_post_parameters()
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password; the only page open while a change is forced (first login, after a reset)."""
    user: User = request.user  # type: ignore[assignment]
    forced = user.must_change_password
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    context = {"form": form, "forced": forced, "page_title": _("Đổi mật khẩu")}
    return render(request, "accounts/password_change.html", context)


@require_POST
@login_required
def keepalive(request: HttpRequest) -> HttpResponse:
    """Extends the idle timer (SessionPolicyMiddleware has already stamped the activity)."""
    idle = selectors.session_idle_seconds_for(request.user)  # type: ignore[arg-type]
    return JsonResponse({"ok": True, "idle_seconds": idle})


# ---------------------------------------------------------------- password reset by e-mail

password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    form_class=PasswordResetRequestForm,
    success_url=reverse_lazy("accounts:password-reset-done"),
    extra_context={"page_title": "Quên mật khẩu"},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html", extra_context={"page_title": "Quên mật khẩu"}
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=EmailLinkSetPasswordForm,
    success_url=reverse_lazy("accounts:password-reset-complete"),
    extra_context={"page_title": "Đặt lại mật khẩu"},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html", extra_context={"page_title": "Đặt lại mật khẩu"}
)


# ---------------------------------------------------------------- administrator's account actions


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """Accounts in the administrator's scope, with a diacritics-insensitive search (404 for other roles)."""
    query = request.GET.get("q", "").strip()[:100]
    users = selectors.users_for_administrator(request.user, query=query)  # type: ignore[arg-type]
    context = {"users": users[:200], "q": query, "page_title": _("Tài khoản người dùng")}
    template = "accounts/user_list.html#user_rows" if request.htmx else "accounts/user_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@never_cache
def user_password_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """GET: confirm; POST: a temporary password shown once to the administrator (never stored, never cached)."""
    account = selectors.user_get_for_administrator(request.user, user_id)  # type: ignore[arg-type]
    context = {
        "account": account,
        "has_totp": selectors.user_has_confirmed_totp(account),
        "page_title": _("Cấp lại mật khẩu"),
    }
    if request.method == "POST":
        context["temporary_password"] = services.user_password_reset_by_admin(
            actor=request.user,  # type: ignore[arg-type]
            user=account,
        )
    return render(request, "accounts/user_password_reset.html", context)


@require_POST
@login_required
def user_enable(request: HttpRequest, user_id: int) -> HttpResponse:
    """Re-enable a disabled account (e.g. one disabled after 45 idle days)."""
    account = selectors.user_get_for_administrator(request.user, user_id)  # type: ignore[arg-type]
    services.user_enable(actor=request.user, user=account)  # type: ignore[arg-type]
    messages.success(request, _("Đã kích hoạt lại tài khoản %(name)s.") % {"name": account})
    return redirect("accounts:user-password-reset", user_id=account.pk)


@require_POST
@login_required
def user_totp_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """Remove an account's authenticator (lost phone); the next sign-in enrols a new one."""
    account = selectors.user_get_for_administrator(request.user, user_id)  # type: ignore[arg-type]
    services.user_totp_reset(actor=request.user, user=account)  # type: ignore[arg-type]
    messages.success(request, _("Đã huỷ thiết bị xác thực của %(name)s.") % {"name": account})
    return redirect("accounts:user-password-reset", user_id=account.pk)
