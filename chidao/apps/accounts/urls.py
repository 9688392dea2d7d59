from django.contrib.auth import views as auth_views
from django.urls import path

from chidao.apps.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/totp/enrol/", views.totp_enrol, name="totp-enrol"),
    path("login/totp/", views.totp_verify, name="totp-verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/keepalive/", views.keepalive, name="keepalive"),
    path("password/change/", views.password_change, name="password-change"),
    path("password/reset/", views.password_reset, name="password-reset"),
    path("password/reset/sent/", views.password_reset_done, name="password-reset-done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("password/reset/done/", views.password_reset_complete, name="password-reset-complete"),
    path("users/", views.user_list, name="user-list"),
    path("users/<int:user_id>/reset-password/", views.user_password_reset, name="user-password-reset"),
    path("users/<int:user_id>/enable/", views.user_enable, name="user-enable"),
    path("users/<int:user_id>/totp-reset/", views.user_totp_reset, name="user-totp-reset"),
]
