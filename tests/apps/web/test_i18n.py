"""Vietnamese first, English second: a complete English catalogue and a working language switch."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

import chidao

CATALOGUE = Path(chidao.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
LOGIN_URL = "/accounts/login/"
HOME_URL = "/"
SET_LANGUAGE_URL = "/i18n/setlang/"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
# The same command as in docs/ui.md, minus folders that never hold our sources.
MAKEMESSAGES_IGNORE = [".venv", "*/locale", "staticfiles", "var", "node_modules", "build"]


def _translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def test_every_message_has_a_non_fuzzy_english_translation():
    # given the committed English catalogue
    catalogue = polib.pofile(str(CATALOGUE))
    # when its entries are inspected
    untranslated = [e.msgid for e in catalogue if not e.obsolete and not all(_translations(e))]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    # then every message is translated, none is fuzzy, and the header is final with English plural rules
    assert untranslated == []
    assert fuzzy == []
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert catalogue.metadata["Language"] == "en"


def test_translations_keep_the_placeholders_of_the_source():
    # given the committed English catalogue
    catalogue = polib.pofile(str(CATALOGUE))
    # when placeholders of each translation are compared with the Vietnamese source
    mismatched = []
    for entry in catalogue:
        source = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for translation in _translations(entry):
            found = set(PLACEHOLDER.findall(translation))
            # a singular English form may drop the count ("one unit"); it may never invent a name
            if not found <= source or (not entry.msgid_plural and found != source):
                mismatched.append((entry.msgid, translation))
    # then none is lost or invented (a missing one would print wrong, an invented one would crash)
    assert mismatched == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="makemessages needs GNU gettext (apt-get install gettext)"
)
def test_catalogue_covers_every_translatable_string_in_the_sources(settings, tmp_path, monkeypatch):
    # given a fresh extraction of the sources into a scratch folder (the committed file is left alone)
    committed_before = CATALOGUE.read_bytes()
    settings.LOCALE_PATHS = [tmp_path]
    monkeypatch.chdir(Path(chidao.__file__).parent.parent)
    call_command("makemessages", locale=["en"], ignore_patterns=MAKEMESSAGES_IGNORE, verbosity=0)
    extracted = polib.pofile(str(tmp_path / "en" / "LC_MESSAGES" / "django.po"))
    # when it is compared with the committed catalogue
    committed = {_key(e) for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    missing = sorted(_key(e)[1] for e in extracted if _key(e) not in committed)
    # then nothing is missing: run makemessages (docs/ui.md) and translate the new strings
    assert missing == []
    assert CATALOGUE.read_bytes() == committed_before


def test_vietnamese_is_the_default_language(client, db):
    # given a visitor with no language preference
    # when the login page is requested
    html = client.get(LOGIN_URL).content.decode()
    # then it is in Vietnamese
    assert settings.LANGUAGE_CODE == "vi"
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html


def test_the_footer_switch_renders_the_login_page_in_english(client, db, english_catalogue):
    # given the language switch in the footer of the login page
    html = client.get(LOGIN_URL).content.decode()
    assert f'<form class="langswitch" method="post" action="{SET_LANGUAGE_URL}">' in html
    assert 'value="en" lang="en" aria-pressed="false">English</button>' in html
    assert 'value="vi" lang="vi" aria-pressed="true">Tiếng Việt</button>' in html
    # when English is chosen
    response = client.post(SET_LANGUAGE_URL, {"language": "en", "next": LOGIN_URL})
    html = client.get(LOGIN_URL).content.decode()
    # then the visitor is brought back and the page speaks English
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Đăng nhập" not in html


def test_home_page_in_english(client, users_by_role, english_catalogue):
    # given a leader who chose English
    client.force_login(users_by_role["leader"])
    client.post(SET_LANGUAGE_URL, {"language": "en", "next": HOME_URL})
    # when they open the home page
    html = client.get(HOME_URL).content.decode()
    # then the shell, the navigation and the print header are in English
    assert "<h1>Leaders&#x27; dashboard</h1>" in html or "<h1>Leaders' dashboard</h1>" in html
    assert ">Home</a>" in html
    assert "Figures as of" in html
    assert "no data yet" in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pages_are_in_composed_unicode(language, client, users_by_role, english_catalogue):
    # given a leader using the interface in either language
    client.force_login(users_by_role["leader"])
    client.post(SET_LANGUAGE_URL, {"language": language, "next": HOME_URL})
    # when the home page is rendered
    html = client.get(HOME_URL).content.decode()
    # then every character is in NFC, as Vietnamese text must be (search, sorting and copy-paste rely on it)
    assert unicodedata.is_normalized("NFC", html)
