"""Identifier and value checks (pure)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register import validators as v


@pytest.mark.parametrize(
    ("value", "ok"),
    [("12345678", True), ("1234567", False), ("123456789", False), ("1234567a", False), ("", False)],
)
def test_kvk(value, ok):
    assert (v.check_kvk(value) is None) is ok


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("1234 AB", "1234 AB"),
        ("1234ab", "1234 AB"),
        (" 3011 xz ", "3011 XZ"),
        ("0123 AB", None),  # no postcode starts with 0
        ("1234 SS", None),  # SA, SD and SS are never issued
        ("1234 SA", None),
        ("1234 SD", None),
        ("12345", None),
        ("B-1000", None),
    ],
)
def test_postcode(value, normalized):
    assert v.normalize_postcode(value) == normalized


@pytest.mark.parametrize(
    ("value", "ok"), [("GM0599", True), ("GM599", False), ("gm0599", False), ("XX0599", False)]
)
def test_gemeente_code(value, ok):
    assert (v.check_gemeente_code(value) is None) is ok


def test_known_bsn_passes_the_elfproef():
    # 111222333 is the classic test number: 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-1*3 = 66, divisible by 11
    assert v.is_bsn("111222333")
    assert not v.is_bsn("111222334")
    assert not v.is_bsn("000000000")


@pytest.mark.parametrize(
    "text",
    ["BSN 111222333", "client 111.222.333 besproken", "nummer 111-222-333", "111 222 333"],
)
def test_bsn_in_free_text_is_found(text):
    assert v.contains_bsn(text)
    assert v.check_no_bsn(text) is not None


@pytest.mark.parametrize("text", ["KvK 12345678", "telefoon 0612345678", "referentie 2026-0001", "111222334"])
def test_other_numbers_are_not_bsn(text):
    assert not v.contains_bsn(text)


@given(st.integers(min_value=0, max_value=999_999_999))
def test_contains_bsn_agrees_with_elfproef(number):
    digits = f"{number:09d}"
    assert v.contains_bsn(f"x {digits} y") == v.is_bsn(digits)


def test_date_range():
    today = dt.date(2026, 11, 23)
    assert v.check_date_range(dt.date(2026, 1, 1), today=today) is None
    assert v.check_date_range(dt.date(1900, 1, 1), today=today) is not None
    assert v.check_date_range(dt.date(2099, 1, 1), today=today) is not None
