"""Production: secrets and hosts come from the environment, and the process refuses to start without them."""

from config.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list, env_str
from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("CHIDAO_SECRET_KEY", required=True)
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfiguredEnv("CHIDAO_SECRET_KEY phải dài ít nhất 50 ký tự ngẫu nhiên.")
ALLOWED_HOSTS = env_list("CHIDAO_ALLOWED_HOSTS", required=True)
CSRF_TRUSTED_ORIGINS = env_list("CHIDAO_CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])
env_str("DATABASE_URL", required=True)  # refuse to fall back to the embedded SQLite file in production
env_str("CHIDAO_FIELD_ENCRYPTION_KEY", required=True)  # personal data at rest (Law 91/2025/QH15)

CHIDAO_DEMO_ACCOUNTS = False
# Behind a reverse proxy that terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("CHIDAO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("CHIDAO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("CHIDAO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("CHIDAO_EMAIL_PORT", 25)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
