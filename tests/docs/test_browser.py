"""The built site in headless Chromium (Debian's), served from 127.0.0.1 and nothing else."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Material renders each Mermaid diagram into a closed shadow root: open them all to look inside.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
    return attach.call(this, {...init, mode: "open"});
};
"""
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser_page() -> Iterator[tuple[Any, list[str]]]:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    requested: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(OPEN_SHADOW_ROOTS)
        context.on("request", lambda request: requested.append(request.url))
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page, requested
        finally:
            browser.close()


def cell_texts(page: Any) -> dict[str, list[str]]:
    """The home page's results table (the one whose header has "regression"), by stage."""
    return page.evaluate(
        """() => {
            const headed = t => [...t.querySelectorAll("th")]
                .some(th => th.textContent === "regression");
            const table = [...document.querySelectorAll("article table")].find(headed);
            const rows = {};
            for (const tr of table.querySelectorAll("tbody tr")) {
                const cells = [...tr.querySelectorAll("td")].map(td => td.textContent.trim());
                rows[cells[0]] = cells.slice(1);
            }
            return rows;
        }"""
    )


def shown(value: Any) -> str:
    return "—" if value is None else format(value, "g")


def test_the_site_in_a_browser(
    browser_page: tuple[Any, list[str]], site_url: str, results: dict
) -> None:
    page, requested = browser_page
    page.goto(f"{site_url}/")

    rows = cell_texts(page)
    summary = results["summary"]["stages"]
    assert list(rows) == list(summary)
    for name, row in summary.items():
        figures = ("same", "intended", "regression", "lost_messages", "message_writes_per_message")
        assert rows[name][:5] == [shown(row[key]) for key in figures], name

    page.wait_for_function(
        "() => [...document.querySelectorAll('.mermaid')]"
        ".some(d => d.shadowRoot && d.shadowRoot.querySelector('svg g'))"
    )
    labels = page.evaluate(
        "() => [...document.querySelectorAll('.mermaid')]"
        ".map(d => d.shadowRoot ? d.shadowRoot.textContent : '').join(' ')"
    )
    assert "remove PersistenceSubscriber" in labels

    page.goto(f"{site_url}/problem/")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.mermaid')]"
        ".filter(d => d.shadowRoot && d.shadowRoot.querySelector('svg')).length >= 2"
    )

    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("PersistenceSubscriber", delay=20)
    results_list = page.locator(".md-search-result__item")
    results_list.first.wait_for()
    assert results_list.count() >= 1
    assert re.search("PersistenceSubscriber", page.locator(".md-search-result").inner_text(), re.I)

    assert requested, "the browser made no request at all"
    hosts = {urlparse(url).hostname for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(url for url in requested if "127.0.0.1" not in url)
