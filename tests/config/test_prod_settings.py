"""Production settings refuse to start without their secrets and pass `check --deploy` with them."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(args: list[str], env_overrides: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIDAO_", "DATABASE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def production_env(tmp_path):
    return {
        "CHIDAO_SECRET_KEY": secrets.token_urlsafe(60),
        "CHIDAO_ALLOWED_HOSTS": "chidao.gialai.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "CHIDAO_FIELD_ENCRYPTION_KEY": "x9Qz1Jc3bG8rFv0nKs2mTq5wYh7uLp4dEa6iOo3yRt0=",
    }


@pytest.mark.parametrize(
    ("_case", "missing"),
    [
        ("no secret key", "CHIDAO_SECRET_KEY"),
        ("no allowed hosts", "CHIDAO_ALLOWED_HOSTS"),
        ("no database url", "DATABASE_URL"),
    ],
)
def test_production_refuses_to_start_without_required_variable(_case, missing, production_env):
    # given
    env = {k: v for k, v in production_env.items() if k != missing}
    # when
    result = _manage(["check"], env)
    # then
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_short_or_default_secret_key(production_env):
    result = _manage(["check"], {**production_env, "CHIDAO_SECRET_KEY": "insecure-short"})
    assert result.returncode != 0
    assert "CHIDAO_SECRET_KEY" in result.stderr


def test_check_deploy_reports_no_issue_with_production_environment(production_env):
    # when
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], production_env)
    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
