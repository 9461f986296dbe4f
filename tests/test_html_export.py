"""`export --format html`: one self-contained page (no URL, no script, light and dark), the same
content as the Markdown minutes, and every text people typed escaped, `<script>` included."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore

SCRIPT = "<script>alert('x')</script>"
Q3 = "2026-10-07-q3-growth-review-p7wm"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [f"{name}={value}" for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page_of(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_the_demo_minutes_as_a_page(demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "q3.html"
    assert main(["--sessions", str(demo_dir), "export", Q3, "--format", "html", "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    page = page_of(html)
    assert html.startswith("<!DOCTYPE html>") and "prefers-color-scheme: dark" in html and "@media print" in html
    assert not re.search(r"(?i)https?://|//[a-z]|<script|<link|<img|@import|url\(", html), "self-contained"
    assert "script" not in page.tags and "Content-Security-Policy" in " ".join(page.attributes)
    # The same content as the Markdown minutes: every heading of one is a heading of the other.
    assert main(["--sessions", str(demo_dir), "export", Q3, "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    md_headings = [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("#")]
    html_headings = re.findall(r"<h[1-3]>(.*?)</h[1-3]>", html)
    assert [unescape(re.sub(r"<[^>]+>", "", h)) for h in html_headings] == [h.replace("\\", "") for h in md_headings]
    assert "30-day retention: median 6 of 5 (3 5 6 7 8); the room disagrees" in html


def test_every_typed_text_is_escaped(sessions_dir: Path, tmp_path: Path) -> None:
    store = SessionStore(sessions_dir)
    session_id = create_session(
        store, f"Q4 {SCRIPT}", facilitator="Maya", series=f"S {SCRIPT}", participants=[f"Tom {SCRIPT}"]
    ).info.id
    for change in (
        lambda r: c.add_objective(r, f"Grow {SCRIPT}", why=f"Because {SCRIPT}"),
        lambda r: c.add_kpi(r, f"Retention {SCRIPT}", baseline=1, target=2, unit="<b>u</b>", objective="o1"),
        lambda r: c.record_reading(r, "k1", 1.5, note=f"n {SCRIPT}"),
        lambda r: c.record_answer(r, "What changed because of this work?", f"Answer {SCRIPT}", by=f"Tom {SCRIPT}"),
        lambda r: c.add_action(r, f"Act {SCRIPT}", owner=f"Tom {SCRIPT}", kpi="k1", expect="+1"),
        lambda r: c.record_decision(r, f"Decide {SCRIPT}", rationale=f"Why {SCRIPT}", owner=f"Tom {SCRIPT}"),
        lambda r: c.add_note(r, f"Note {SCRIPT} & <img src=x onerror=alert(1)>"),
    ):
        store.append(session_id, "Maya", change)
    target = tmp_path / "out.html"
    assert main(["--sessions", str(sessions_dir), "export", session_id, "--format", "html", "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    page = page_of(html)
    assert not {"script", "img", "b"} & set(page.tags), "no typed text became markup"
    assert "<script" not in html.lower() and "<img" not in html.lower()
    text = "".join(page.text)
    for said in (
        "Q4 <script>",
        "Grow <script>",
        "Retention <script>",
        "Answer <script>",
        "Act <script>",
        "Decide <script>",
        "Note <script>",
        "<b>u</b>",
    ):
        assert said in text, said
    assert html.count("&lt;script&gt;") >= 9
