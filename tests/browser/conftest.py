"""Browser tests: the real app in Debian's headless Chromium, driven by Playwright, checked by axe-core.

Every page a test visits is checked for: serious or critical axe-core violations, requests to any
host other than the test server, and Content-Security-Policy violations in the console.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; the test database is touched from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SIGNAALWIJZER_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "viewport": {"width": 1280, "height": 900}}


class PageGuard:
    """Collects what a page must never do while a test drives it."""

    def __init__(self, page, base_url: str):
        self.base = urlsplit(base_url)
        self.external: list[str] = []
        self.csp: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _on_request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if (parts.hostname, parts.port) != (self.base.hostname, self.base.port):
            self.external.append(request.url)

    def _on_response(self, response):
        # A page the test navigates to may be a 404 on purpose; what it loads must never fail.
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def _on_console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp.append(text)
        elif message.type == "error" and not text.startswith("Failed to load resource"):
            self.errors.append(text)

    def assert_clean(self):
        assert not self.external, f"requests to other hosts: {self.external}"
        assert not self.csp, f"CSP violations: {self.csp}"
        assert not self.errors, f"errors in the page: {self.errors}"


@pytest.fixture
def guarded_page(page, live_server):
    guard = PageGuard(page, live_server.url)
    page.guard = guard
    yield page
    guard.assert_clean()


_axe = Axe()


def axe_check(page) -> None:
    """Fail on any serious or critical axe-core violation on the current page."""
    result = _axe.run(page)
    violations = [v for v in result.response["violations"] if v.get("impact") in SERIOUS]
    if violations:
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} -> "
            + ", ".join(str(node.get("target")) for node in v["nodes"][:5])
            for v in violations
        )
        pytest.fail(f"axe-core found serious violations on {page.url}:\n{details}")


def screenshot(page, name: str) -> None:
    """Write a README screenshot (docs/screenshots/NAME.png) of the whole page, only when asked for with
    SIGNAALWIJZER_SCREENSHOTS=1 (`make screenshots`): a plain test run leaves the work tree unchanged."""
    if os.environ.get("SIGNAALWIJZER_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]', '-', name)}.png"), full_page=True)


def tab_to(page, predicate_js: str, limit: int = 400) -> None:
    """Press Tab until the focused element satisfies `predicate_js` (a JS expression over `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!(el && ({predicate_js})); }})()"
        ):
            return
    pytest.fail(f"keyboard focus never reached an element where {predicate_js}")
