"""Tests: fast hashing, in-memory e-mail, demo accounts allowed, deterministic paths."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

DEBUG = False
CHIDAO_DEMO_ACCOUNTS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
_TEST_VAR = Path(tempfile.mkdtemp(prefix="chidao-test-"))
MEDIA_ROOT = _TEST_VAR / "media"
CHIDAO_DATA_ROOT = _TEST_VAR / "data"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
