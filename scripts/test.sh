#!/usr/bin/env bash
# The whole test gate, called by `make test`: lint, types, layers, then pytest on SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv

echo "== ruff"
$VENV/bin/ruff check .
$VENV/bin/ruff format --check .
echo "== mypy"
$VENV/bin/mypy chidao config
echo "== import-linter"
$VENV/bin/lint-imports
echo "== manage.py check / migrations"
$VENV/bin/python manage.py check
$VENV/bin/python manage.py makemigrations --check --dry-run >/dev/null || { echo "Thiếu migration (makemigrations --check failed)"; exit 1; }
DJANGO_SETTINGS_MODULE=config.settings.prod CHIDAO_SECRET_KEY="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')x" \
  CHIDAO_FIELD_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')" \
  CHIDAO_ALLOWED_HOSTS=chidao.example.gov.vn DATABASE_URL="sqlite:////tmp/chidao-deploy-check.sqlite3" \
  $VENV/bin/python manage.py check --deploy --fail-level WARNING

echo "== pytest (SQLite)"
$VENV/bin/pytest -q -p no:cacheprovider

# PostgreSQL: our CI machines run it on 127.0.0.1:5432 with trust auth (user postgres).
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || $VENV/bin/python - <<'PY' 2>/dev/null
import psycopg, sys
psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3).close()
PY
then
  echo "== pytest (PostgreSQL)"
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/chidao" $VENV/bin/pytest -q -p no:cacheprovider -m "not browser"
else
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL 127.0.0.1:5432 không trả lời, mà CI bắt buộc chạy trên PostgreSQL (CI=true)."; exit 1
  fi
  echo "PostgreSQL 127.0.0.1:5432 không trả lời: bỏ qua bộ kiểm thử PostgreSQL (skipped outside CI)."
fi
