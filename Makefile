# chidao — two commands do all set-up on a fresh Debian/Ubuntu machine:
#   make run    venv, install, migrate the SQLite file, load Gia Lai's organisation and demo data,
#               print the demo accounts, start web server + background worker + scheduler on 127.0.0.1:8000
#   make test   dev dependencies (+ Debian's chromium when missing and run as root), ruff, mypy,
#               import-linter, the whole pytest suite incl. browser tests, on SQLite and on PostgreSQL
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE ?= config.settings.dev
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast lint prerequisites install install-dev browser office translations migrate demo bench clean

prerequisites:
	@command -v $(PYTHON) >/dev/null || { echo "Thiếu $(PYTHON): apt-get install python3.11 python3.11-venv (Python 3.11 is required)"; exit 1; }
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || { echo "Thiếu venv/ensurepip: apt-get install python3.11-venv"; exit 1; }
	@command -v git >/dev/null || { echo "Thiếu git: apt-get install git"; exit 1; }

$(VENV)/.installed: pyproject.toml constraints.txt | prerequisites
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e . -c constraints.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml constraints.txt
	@# PyICU (used by the tests to check Vietnamese order against ICU) compiles against libicu-dev.
	@# gettext (msgfmt/xgettext) lets the tests prove the English catalogue covers every string.
	@if ! pkg-config --exists icu-i18n 2>/dev/null || ! command -v xgettext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config gettext >/dev/null; \
	  else echo "Thiếu libicu-dev, pkg-config, gettext: sudo apt-get install libicu-dev pkg-config gettext"; exit 1; fi; fi
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e ".[dev]" -c constraints.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Cài Chromium của Debian (installing Debian's chromium)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	  else echo "Thiếu /usr/bin/chromium: sudo apt-get install chromium fonts-liberation"; exit 1; fi; fi

# LibreOffice (headless) proves that the generated DOCX opens in an office suite: the tests convert one to PDF.
office:
	@if ! command -v soffice >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Cài LibreOffice Writer (installing Debian's libreoffice-writer-nogui)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null; \
	  else echo "Thiếu LibreOffice: sudo apt-get install libreoffice-writer-nogui"; exit 1; fi; fi

translations: $(VENV)/.installed
	$(PY) manage.py compile_translations

migrate: translations
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_organisation
	$(PY) manage.py load_document_profiles
	$(PY) manage.py seed_demo

run: demo
	$(PY) manage.py run_stack --host 127.0.0.1 --port 8000

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy chidao config
	$(VENV)/bin/lint-imports

test: install-dev browser office translations
	@start=$$(date +%s); \
	DJANGO_SETTINGS_MODULE=config.settings.test bash scripts/test.sh; status=$$?; \
	end=$$(date +%s); echo "make test: $$((end-start)) s (budget 20 min)"; exit $$status

test-fast: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest tests/core tests/engines -q

bench: install-dev
	@for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
