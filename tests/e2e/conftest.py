"""Browser journeys: the real server (`jobcoach-register serve`) on a fresh SQLite database with demo data,
driven by Debian's Chromium through Playwright. Every page a journey visits is checked with axe-core
(WCAG 2.1 A and AA) and a screenshot is saved under tests/e2e/artifacts/."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.demo import DEMO_TOTP
from tests.helpers import ROOT, cli, cli_env, demo_totp_code, free_port, migrate

CHROMIUM = os.environ.get("REGISTER_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the documented demo log-in
SMAL, BREED = 375, 1280
# static/js/register.js gives a table container that scrolls a tab stop, on load and after a resize
TABELLEN_BIJGEWERKT = """() => [...document.querySelectorAll('.table-scroll')].every(
  c => (c.scrollWidth > c.clientWidth + 1) === (c.getAttribute('tabindex') === '0'))"""

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"browsertests overgeslagen: geen Chromium op {CHROMIUM}"
)


class LiveServer:
    def __init__(self, url: str, process: subprocess.Popen, log: Path, env: dict[str, str]) -> None:
        self.url = url
        self.process = process
        self.log = log
        self.env = env  # the server's environment: a command (`worker --once`) beside it uses the same

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """`jobcoach-register ARGS` against this server's database, data directory and settings."""
        return cli(list(args), self.env)


@pytest.fixture(scope="session")
def demo_register(tmp_path_factory) -> Path:
    """Migrate once and load the demo data once; every journey gets its own copy of this directory."""
    template = tmp_path_factory.mktemp("demo-register")
    db_url = f"sqlite:///{template / 'e2e.sqlite3'}"
    migrate(db_url, template)
    loaded = cli(["demo-data"], cli_env(db_url, template))
    assert loaded.returncode == 0, loaded.stderr
    return template


@contextlib.contextmanager
def serve(env: dict[str, str], log: Path) -> Iterator[LiveServer]:
    """`jobcoach-register serve` with `env` (its database, data directory and settings) on a free port,
    as a user would run it; stopped afterwards. The server's output goes to `log`."""
    port = free_port()
    env = {**env, "REGISTER_BASE_URL": f"http://127.0.0.1:{port}"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/gezondheid", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("server did not start: " + log.read_text()[-2000:])
    try:
        yield LiveServer(url, process, log, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def starter():
    """`serve` for a module that starts the server its own way (its own `live_server`); test modules never
    import a conftest."""
    return serve


@pytest.fixture
def live_server(tmp_path, demo_register) -> Iterator[LiveServer]:
    """A fresh register with demo data (its own copy of the demo database), served as a user would run it."""
    data_dir = tmp_path / "register"
    shutil.copytree(demo_register, data_dir)
    env = cli_env(f"sqlite:///{data_dir / 'e2e.sqlite3'}", data_dir)
    with serve(env, tmp_path / "server.log") as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    """One Chromium per module. Not per session: Playwright's sync API keeps its event loop marked as
    running in this thread until it stops, and async tests collected after the journeys need the thread
    free for pytest-asyncio's loop."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


# A table cell with free text (40 characters or more, four words or more) must keep at least this width on a
# phone (about 18 characters a line): the outside tester found a Toelichting column of one word per line at
# 375 px. Tables with free text stack on narrow screens (class "stapel", static/css/register.css).
MIN_TEXT_CELL_PX = 140
SQUEEZED_TEXT_CELLS = """(minimum) => {
  const squeezed = [];
  for (const cel of document.querySelectorAll("main table td, main table tbody th")) {
    if (cel.closest(".visually-hidden, .visually-hidden-tabel")) { continue; }
    const text = cel.innerText.replace(/\\s+/g, " ").trim();
    if (text.length < 40 || text.split(" ").length < 4) { continue; }
    const width = Math.round(cel.getBoundingClientRect().width);
    if (width > 0 && width < minimum) {
      const table = cel.closest("table");
      const caption = table.querySelector("caption");
      squeezed.push(`${caption ? caption.innerText.trim() : "table"}: ${width} px for "${text.slice(0, 40)}"`);
    }
  }
  return squeezed;
}"""


class Journey:
    """A browser tab that checks every page it visits with axe and keeps a screenshot of it."""

    def __init__(self, page, server: LiveServer, name: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.server = server
        self.name = name
        self.axe = Axe()
        self.step = 0
        self.checked: list[str] = []
        # confirmation questions (forms with data-bevestig) are answered with `accept_dialogs`
        self.dialogs: list[str] = []
        self.accept_dialogs = True
        page.on("dialog", self._answer)

    def _answer(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        if self.accept_dialogs:
            dialog.accept()
        else:
            dialog.dismiss()

    def goto(self, path: str) -> None:
        self.page.goto(self.server.url + path)
        self.check()

    def check(self, suffix: str = "") -> None:
        """axe (WCAG 2.1 AA, zero violations), no horizontal scrolling of the page (issue #17: a wide table
        scrolls inside its own container) and a screenshot of the current page, named
        `<journey>-<step>-<path><suffix>.png`."""
        self.page.wait_for_load_state("networkidle")
        results = self.axe.run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        widths = self.page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
        self.step += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", self.page.url.split("//", 1)[-1].split("/", 1)[-1].lower()).strip(
            "-"
        )
        self.page.screenshot(
            path=str(ARTIFACTS / f"{self.name}-{self.step:02d}-{slug or 'start'}{suffix}.png"), full_page=True
        )
        self.checked.append(self.page.url)
        squeezed = self.page.evaluate(SQUEEZED_TEXT_CELLS, MIN_TEXT_CELL_PX) if widths[1] <= 400 else []
        assert results.violations_count == 0, f"axe on {self.page.url}:\n{results.generate_report()}"
        assert widths[0] <= widths[1], f"{self.page.url} is {widths[0]} px wide in a {widths[1]} px window"
        assert not squeezed, f"{self.page.url}: text cells narrower than {MIN_TEXT_CELL_PX} px: {squeezed}"

    def op_beide_breedtes(self) -> None:
        """Make every later `check` run at both widths: axe, no horizontal overflow and a screenshot at
        1280 px and again at 375 px (then back to 1280 px). A wide table scrolls in its own container,
        which static/js/register.js makes a tab stop after a resize; the check waits for that."""
        breed_check = self.check
        page = self.page

        def check(suffix: str = "") -> None:
            breed_check(suffix)
            page.set_viewport_size({"width": SMAL, "height": 900})
            try:
                page.wait_for_function(TABELLEN_BIJGEWERKT)
                breed_check(f"{suffix}-{SMAL}")
            finally:
                page.set_viewport_size({"width": BREED, "height": 900})
                page.wait_for_function(TABELLEN_BIJGEWERKT)

        self.check = check  # type: ignore[method-assign]

    def als(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Log out whoever is logged in (the cookies cleared) and log in as `username`."""
        self.page.context.clear_cookies()
        self.log_in(username, password)

    def klik(self, *args, **kwargs) -> None:
        """Click the element of `page.get_by_role(*args, **kwargs)`, wait for the page and check it."""
        self.page.get_by_role(*args, **kwargs).click()
        self.page.wait_for_load_state("networkidle")
        self.check()

    def log_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.goto("/inloggen")
        self.page.get_by_label("Gebruikersnaam").fill(username)
        self.page.get_by_label("Wachtwoord").fill(password)
        if username in DEMO_TOTP:  # the demo beheerder and auditor have a second factor
            self.page.get_by_label("Code uit uw authenticator-app").fill(demo_totp_code(username))
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_load_state("networkidle")
        self.check()


@pytest.fixture
def journey(browser, live_server, request) -> Iterator[Journey]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Journey(page, live_server, request.node.name.replace("test_", ""))
    context.close()


def pytest_sessionstart(session) -> None:
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
