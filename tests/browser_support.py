"""Fixtures for the browser tests: a local HTTP server and headless Debian Chromium.

Chromium is the system one (``/usr/bin/chromium``), driven by Playwright for Python; no
browser is ever downloaded. The server binds to 127.0.0.1 on a free port and serves one
temporary folder. Both fixtures are session-scoped: one Chromium and one server serve
every browser test of the run. ``tests/conftest.py`` loads this module as a plugin
(``pytest_plugins``), so test modules just name ``browser`` and ``http_root``. Tests wait for
conditions (a selector, a JavaScript predicate, the network going idle), never for a
fixed time.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LAUNCHMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Where screenshots go (git-ignored).
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        return None


class HttpRoot:
    """A folder served over http://127.0.0.1:<port>/."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def http_root(tmp_path_factory):
    """Serve a fresh temporary folder on localhost for the session's tests."""
    folder = tmp_path_factory.mktemp("served")
    root = HttpRoot(folder)
    yield root
    root.close()


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's) through Playwright, one per session; skips if
    either is not installed (they are tools of the machine, not files launchmap ships)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def open_page(browser, url: str, *, width: int = 1400, height: int = 900):
    """Open ``url`` in a new page and record console messages, page errors, dialogs and
    every request that leaves localhost. Returns ``(page, log)``."""
    page = browser.new_page(viewport={"width": width, "height": height})
    log: dict[str, list] = {"console": [], "errors": [], "dialogs": [], "external": [],
                            "failed": []}
    page.on("console", lambda m: log["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: log["errors"].append(str(e)))

    def on_dialog(d):
        log["dialogs"].append((d.type, d.message))
        d.dismiss()

    page.on("dialog", on_dialog)

    def on_request(r):
        if not r.url.startswith(("http://127.0.0.1", "data:", "about:", "blob:")):
            log["external"].append(r.url)

    page.on("request", on_request)
    page.on("requestfailed", lambda r: log["failed"].append(r.url))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, log
