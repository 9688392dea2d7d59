"""Settings shared by every environment. Environment-specific files (dev, test, prod) import this."""

from __future__ import annotations

import dj_database_url

from config.env import BASE_DIR, env_int, env_str

SECRET_KEY = env_str("CHIDAO_SECRET_KEY", "insecure-dev-only-key-never-in-production")
DEBUG = False
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "chidao.common",
    "chidao.apps.organisation",
    "chidao.apps.accounts",
    "chidao.apps.audit",
    "chidao.apps.exchange",
    "chidao.apps.jobs",
    "chidao.apps.privacy",
    "chidao.apps.notifications",
    "chidao.apps.workcalendar",
    "chidao.apps.programmes",
    "chidao.apps.meetings",
    "chidao.apps.documents",
    "chidao.apps.dashboard",
    "chidao.apps.service_index",
    "chidao.apps.demo",
    "chidao.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "chidao.apps.audit.middleware.AuditContextMiddleware",
    "chidao.apps.accounts.middleware.SessionPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "chidao.web.context_processors.chidao",
            ],
        },
    }
]

VAR_DIR = BASE_DIR / "var"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'chidao.sqlite3'}"), conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Level-3 practice: at least 8 characters with MFA, 14 with four character classes without it (facts §10.2).
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "chidao" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Vietnamese conventions: dd/mm/yyyy, "." for thousands and "," for decimals (formats in chidao/formats/vi).
FORMAT_MODULE_PATH = ["chidao.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sessions: the idle timeouts (30 min users, 15 min administrators) are enforced per request by
# SessionPolicyMiddleware; the cookie lifetime is the longer of the two.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE = "Lax"
CHIDAO_SESSION_IDLE_SECONDS = {"default": 30 * 60, "administrator": 15 * 60}
CHIDAO_SESSION_WARNING_SECONDS = 2 * 60
CHIDAO_ACCOUNT_IDLE_DAYS = 45

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("CHIDAO_EMAIL_FROM", "chidao@localhost")

# Fernet key (32 url-safe base64 bytes) for secrets and personal data stored encrypted; required in production.
CHIDAO_FIELD_ENCRYPTION_KEY = env_str("CHIDAO_FIELD_ENCRYPTION_KEY", "")

# Evidence attached to task reports: documents up to 20 MB, photos (already resized in the browser) up to 5 MB.
EVIDENCE_MAX_FILE_BYTES = env_int("CHIDAO_EVIDENCE_MAX_FILE_BYTES", 20 * 1024 * 1024)
EVIDENCE_MAX_IMAGE_BYTES = env_int("CHIDAO_EVIDENCE_MAX_IMAGE_BYTES", 5 * 1024 * 1024)

CHIDAO_PROVINCE_CODE = "52"
CHIDAO_PROVINCE_NAME = "Gia Lai"
CHIDAO_DEMO_ACCOUNTS = False
CHIDAO_DATA_ROOT = VAR_DIR / "data"
CHIDAO_DUCKDB = {
    "memory_limit": env_str("CHIDAO_DUCKDB_MEMORY_LIMIT", "4GB"),
    "threads": env_int("CHIDAO_DUCKDB_THREADS", 2),
}
# Personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): the key encrypting it at rest (database fields and
# dataset files; older keys still decrypt during a rotation) and how long each kind of dataset is kept.
CHIDAO_PERSONAL_DATA = {
    "encryption_key": env_str("CHIDAO_FIELD_ENCRYPTION_KEY", ""),
    "previous_encryption_keys": [
        key.strip() for key in env_str("CHIDAO_FIELD_ENCRYPTION_OLD_KEYS", "").split(",") if key.strip()
    ],
    "retention_days": {
        "population": env_int("CHIDAO_RETENTION_DAYS_POPULATION", 365),
        "dossiers": env_int("CHIDAO_RETENTION_DAYS_DOSSIERS", 5 * 365),
    },
}

from config.settings.components.logging import *  # noqa: E402,F403
from config.settings.components.security_csp import *  # noqa: E402,F403
from config.settings.components.tasks import *  # noqa: E402,F403
