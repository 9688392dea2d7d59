"""The shared date filter: the browser's picker shows a date only as yyyy-mm-dd, whatever was typed in a link."""

from __future__ import annotations

import datetime as dt

from django import forms

from chidao.common.forms import date_filter_field


class _Filter(forms.Form):
    as_of = date_filter_field("Tính đến ngày")


def test_a_date_typed_as_dd_mm_yyyy_in_a_link_shows_in_the_picker():
    # given a filter bound to ?as_of=03/03/2026
    form = _Filter({"as_of": "03/03/2026"})

    # then it reads the day and the picker is given the ISO form
    assert form.is_valid()
    assert form.cleaned_data["as_of"] == dt.date(2026, 3, 3)
    assert 'value="2026-03-03"' in str(form["as_of"])
    assert 'type="date"' in str(form["as_of"])


def test_an_unreadable_date_is_kept_as_typed_with_the_error():
    # given a filter bound to a value that is not a date
    form = _Filter({"as_of": "31/02/2026"})

    # then the form refuses it and shows back what was typed
    assert not form.is_valid()
    assert 'value="31/02/2026"' in str(form["as_of"])


def test_an_unbound_date_shows_the_initial_day_in_iso():
    form = _Filter(initial={"as_of": dt.date(2026, 1, 5)})
    assert 'value="2026-01-05"' in str(form["as_of"])
