"""The SVG bar chart renderer: pure, no database."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from register.grafieken import BREEDTE, LABEL_BREEDTE, WAARDE_BREEDTE, staafdiagram
from register.services.overzichten import budget_klasse, maanden_terug, maximaal

SVG = "{http://www.w3.org/2000/svg}"


def bars(svg: str) -> list[float]:
    return [float(r.get("width")) for r in ET.fromstring(svg).iter(f"{SVG}rect")]


def test_labels_and_title_are_escaped():
    g = staafdiagram("x", 'Titel <b>&"', [("<script>alert(1)</script>", 3)])
    assert "<script>" not in g.svg and "&lt;script&gt;" in g.svg
    assert "Titel &lt;b&gt;&amp;" in g.svg
    root = ET.fromstring(g.svg)  # well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "x-titel x-desc"
    assert root.find(f"{SVG}title").text == 'Titel <b>&"'
    assert "<script>alert(1)</script>: 3" in root.find(f"{SVG}desc").text


def test_bars_scale_to_the_largest_value():
    g = staafdiagram("s", "T", [("a", 10), ("b", 5), ("c", 0)])
    full = BREEDTE - LABEL_BREEDTE - WAARDE_BREEDTE - 16
    assert bars(g.svg) == [full, full / 2, 0.0]
    assert g.reeks == (("a", 10.0), ("b", 5.0), ("c", 0.0))
    assert "a: 10; b: 5; c: 0" == g.beschrijving


def test_empty_data_and_all_zero():
    g = staafdiagram("leeg", "Niets", [])
    assert "Geen gegevens" in g.svg and g.beschrijving == "Geen gegevens."
    assert bars(g.svg) == []
    zero = staafdiagram("nul", "Nul", [("a", 0), ("b", 0)])
    assert bars(zero.svg) == [0.0, 0.0]


def test_ids_are_made_safe():
    g = staafdiagram('1 "x"', "T", [("a", 1)])
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", g.id)
    assert f'aria-labelledby="{g.id}-titel {g.id}-desc"' in g.svg


@given(st.lists(st.tuples(st.text(max_size=20), st.floats(-1e6, 1e6)), max_size=15))
def test_any_input_gives_well_formed_svg_with_bars_in_bounds(reeks):
    g = staafdiagram("h", "T", reeks)
    widths = bars(g.svg)
    assert len(widths) == len(reeks)
    assert all(0 <= w <= BREEDTE - LABEL_BREEDTE for w in widths)


def test_budget_bands_and_months():
    assert [budget_klasse(b, 100) for b in (0, 49.9, 50, 89.9, 90, 100, 100.1)] == [
        "tot-50",
        "tot-50",
        "50-90",
        "50-90",
        "90-100",
        "90-100",
        "boven-100",
    ]
    assert budget_klasse(0, 0) == "tot-50" and budget_klasse(1, 0) == "boven-100"
    assert maximaal("midden", 24.0, False) == 96.0 and maximaal("midden", 12.0, True) == 60.0
    import datetime as dt

    assert maanden_terug(dt.date(2026, 3, 2), 4) == ["2025-12", "2026-01", "2026-02", "2026-03"]


def test_bars_are_told_apart_by_pattern_in_the_register_colours():
    g = staafdiagram("p", "T", [("a", 4), ("b", 3), ("c", 2), ("d", 1)])
    root = ET.fromstring(g.svg)
    staven = list(root.iter(f"{SVG}rect"))
    fills = [r.get("fill") for r in staven]
    assert len(set(fills)) == 4  # four bars, four different fills: not colour alone
    assert fills[0] == "#154273" and all(f == f"url(#p-patroon-{n})" for n, f in enumerate(fills) if n)
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert patterns == {"p-patroon-1", "p-patroon-2", "p-patroon-3"}
    assert all(r.get("stroke") == "#154273" for r in staven)
