"""Fixtures for the web shell tests: the compiled English catalogue."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture
def english_catalogue(settings):
    """Compile the committed .po files (as `make` does at install) and drop Django's cached catalogues."""
    call_command("compile_translations", verbosity=0)
    # Re-assigning LOCALE_PATHS sends setting_changed, which empties Django's translation cache so the
    # freshly compiled .mo is read even if an earlier test already loaded the English catalogue.
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)
