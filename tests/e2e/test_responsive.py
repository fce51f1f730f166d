"""Issue #17 part 1: every page a role can reach from its navigation and its dashboard fits a phone (375 px)
and a desktop window (1280 px) without horizontal scrolling of the page, with zero axe WCAG 2.1 AA
violations at both widths. Screenshots of both widths go to tests/e2e/artifacts/ as
`responsive-<rol>-<step>-<path>-<width>.png`."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

WIDTHS = (375, 1280)
MAX_PAGES = 36  # a bound on one role's walk; every kind of page is visited once

# links that do not lead to a page of the site
SKIP = re.compile(r"^/(api/|\.well-known/|static/|nlds/|uitloggen)|\.(pdf|csv|xlsx|json|eml)$|/export\b")

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _kind(href: str) -> str:
    """One key per kind of page: identifiers and query values do not make a new kind (the audit log of one
    object looks like that of another)."""
    parts = urlsplit(href)
    path = re.sub(r"JC-\d+", "{jc}", UUID.sub("{id}", parts.path))
    path = re.sub(r"\d+", "{n}", path)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def _links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        selector, "els => els.filter(e => !e.hasAttribute('download')).map(e => e.getAttribute('href'))"
    )
    found = []
    for href in hrefs:
        if not href or not href.startswith("/") or href.startswith("//"):
            continue
        href = href.split("#", 1)[0]
        if href and not SKIP.search(urlsplit(href).path) and href not in found:
            found.append(href)
    return found


def _walk(journey, start: list[str]) -> list[str]:
    """Visits the start pages (the dashboard), the links in their navigation and main content, the links in
    the main content of the pages reached that way (a list leads to its items), and every navigation link
    (sub-navigation too) of all pages visited; each kind of page once, at both widths."""
    page = journey.page
    queue = [(href, 0) for href in start]
    kinds: set[str] = set()
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        href, depth = queue.pop(0)
        if _kind(href) in kinds:
            continue
        kinds.add(_kind(href))
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(journey.server.url + href)
            assert response is not None and response.status < 400, f"{href}: {response and response.status}"
            journey.check(suffix=f"-{width}")
        landed = urlsplit(page.url)
        kinds.add(_kind(landed.path + ("?" + landed.query if landed.query else "")))  # after a redirect
        visited.append(href)
        selector = "nav a[href], main a[href]" if depth < 2 else "nav a[href]"
        queue.extend((link, depth + 1) for link in _links(page, selector) if _kind(link) not in kinds)
    return visited


ROLES = {
    "bezoeker": None,
    "jobcoach": "jobcoach-sanne",
    "organisatie": "organisatie-werkfit",
    "gemeente": "gemeente-rotterdam",
    "auditor": "auditor",
    "beheerder": "beheerder",
}


@pytest.mark.parametrize("rol", list(ROLES))
def test_every_page_of_a_role_fits_a_phone_and_a_desktop(journey, rol):
    journey.name = f"responsive-{rol}"
    if ROLES[rol] is None:
        start = ["/", "/register?zoek=Sanne", "/register?soort=organisaties", "/inloggen"]
        # the public site's pages, linked from every page's footer
        start += ["/help", "/contact", "/privacy", "/toegankelijkheid", "/verklaring-controleren"]
        start += ["/ontwikkelaars", "/api-documentatie"]
    else:
        journey.page.set_viewport_size({"width": 375, "height": 900})
        journey.log_in(ROLES[rol])
        start = ["/dashboard"]  # redirects to the role's own start page
    visited = _walk(journey, start)
    # the walk reached the role's own pages, not only the public ones
    assert len(visited) >= 4, visited
    if rol == "gemeente":
        assert any(href.startswith("/gemeente/trajecten/") for href in visited), visited
    if rol == "beheerder":
        assert any(href.startswith("/beheer/auditlog") for href in visited), visited


def _breedte(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["width"]


def test_tables_with_free_text_become_labelled_lists_on_a_phone(journey):
    """The outside tester's pages at 375 px (the traject's rapportages, the verification's criteria, an
    aanvraag's goals and verification): journey.check fails on any text cell narrower than
    MIN_TEXT_CELL_PX; here also each Toelichting is labelled by its column header and spans the row."""
    page = journey.page
    page.set_viewport_size({"width": 375, "height": 900})
    journey.log_in("gemeente-rotterdam")
    journey.goto("/gemeente")
    page.get_by_role("link", name="WMO-2026-0042").click()
    journey.check()
    page.get_by_role("button", name="Verifieer").click()
    journey.check()
    toelichting = page.locator("table.criteria td[data-label='Toelichting']").first
    assert toelichting.is_visible()
    assert _breedte(toelichting) >= 0.8 * _breedte(page.locator("table.criteria"))
    label = toelichting.evaluate("cel => getComputedStyle(cel, '::before').content")
    assert label == '"Toelichting"'
    journey.goto("/aanvragen")
    page.locator("main table a[href^='/aanvragen/']").first.click()
    journey.check()
    assert page.locator("main table.stapel").count() >= 1


# every cell of the main content's tables whose right edge lies past the window (scrolled out of view)
CELLS_OFF_SCREEN = """() => {
  const found = [];
  for (const cel of document.querySelectorAll("main table td, main table tbody th")) {
    if (cel.closest(".visually-hidden, .visually-hidden-tabel")) { continue; }
    const box = cel.getBoundingClientRect();
    if (box.width > 0 && box.right > window.innerWidth + 1) {
      const caption = cel.closest("table").querySelector("caption");
      found.push(`${caption ? caption.innerText.trim() : "table"}: "${cel.innerText.trim().slice(0, 30)}"`);
    }
  }
  return found;
}"""


def test_tables_with_periods_and_buttons_stack_on_a_phone(journey):
    """The outside tester at 375 px: the organisation's Jobcoaches (Periode, "Opnieuw uitnodigen" and
    "Beëindigen" off-screen), the coach's "Alle dienstverbanden" (Toestemming cut off) and the beheerder's
    accounts (the Deactiveren button): every cell, and so every button, is within the window."""
    page = journey.page
    page.set_viewport_size({"width": 375, "height": 900})
    journey.log_in("organisatie-werkfit")
    page.locator("nav a", has_text="Jobcoaches").first.click()
    journey.check()
    assert "/jobcoaches" in page.url
    assert page.get_by_role("button", name=re.compile("Beëindigen")).first.is_visible()
    assert page.evaluate(CELLS_OFF_SCREEN) == []
    journey.als("jobcoach-sanne")
    assert page.locator("main table caption", has_text="Alle dienstverbanden").count() == 1
    assert page.evaluate(CELLS_OFF_SCREEN) == []
    journey.als("beheerder")
    journey.goto("/beheer/accounts")
    assert page.get_by_role("button", name=re.compile("Deactiveren")).first.is_visible()
    assert page.evaluate(CELLS_OFF_SCREEN) == []
