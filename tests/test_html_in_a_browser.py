"""The HTML minutes (issue 20) in a real browser: Debian's headless Chromium opens the exported file,
reads it light and dark, prints it to PDF, and it asks for nothing beyond itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore
from tests.helpers.browser import chromium

pytestmark = pytest.mark.slow  # never skipped: without Chromium (.ci/run installs it) these fail

Q3 = "2026-10-07-q3-growth-review-p7wm"
HOSTILE = '<img src="https://example.com/x.png" onerror="window.hit=1"><script>window.hit=2</script>'


@pytest.fixture
def page(demo_dir: Path, tmp_path: Path) -> Path:
    SessionStore(demo_dir).append(Q3, "Maya", lambda r: c.add_note(r, HOSTILE))
    out = tmp_path / "minutes.html"
    assert main(["--sessions", str(demo_dir), "--as", "Maya", "export", Q3, "--format", "html", "-o", str(out)]) == 0
    return out


async def test_the_minutes_read_light_and_dark_and_run_nothing_typed(page: Path) -> None:
    async with chromium() as browser:
        tab = await browser.open_tab(page.as_uri())
        await tab.loaded()
        assert await tab.evaluate("document.title") == "Q3 Growth Review"
        assert HOSTILE in await tab.evaluate("document.body.innerText"), "the note is shown as typed"
        assert await tab.evaluate("window.hit") is None, "nothing someone typed ran"
        assert await tab.evaluate("document.scripts.length") == 0
        colours = {}
        for scheme in ("light", "dark"):
            await tab.prefer(scheme)
            colours[scheme] = await tab.evaluate(
                "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
            )
        assert colours["light"] != colours["dark"], colours
        assert colours["dark"][0] == "rgb(13, 17, 23)" and colours["light"][0] == "rgb(255, 255, 255)", colours
        assert [url for url in tab.requested if not url.startswith("file:")] == [], "the page asked for nothing else"


async def test_the_minutes_print_to_pdf(page: Path) -> None:
    async with chromium() as browser:
        tab = await browser.open_tab(page.as_uri())
        await tab.loaded()
        pdf = await tab.print_to_pdf()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 20_000, len(pdf)
    assert b"/Type /Page" in pdf
