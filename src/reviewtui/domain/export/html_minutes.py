"""`export --format html`: the minutes as one self-contained page people can send, open anywhere
and print to PDF: the same document as the Markdown minutes, every text escaped, the style inline
(no URL, no script, no font to fetch), light or dark as the reader's system prefers."""

from __future__ import annotations

import re
from html import escape
from itertools import groupby

from reviewtui.domain.export.document import Block, Heading, Items, Line, Paragraph, Rule, Table, minutes_document
from reviewtui.domain.review import Review
from reviewtui.domain.series import Threads

_STYLE = """
:root { color-scheme: light dark; --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --band: #f6f8fa; --back: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --text: #e6edf3; --muted: #9198a1; --line: #3d444d; --band: #151b23; --back: #0d1117; }
}
body { margin: 2rem auto; max-width: 52rem; padding: 0 1rem; color: var(--text); background: var(--back);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--band); }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
hr { border: none; border-top: 1px solid var(--line); margin: 2rem 0 1rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""
_SPACES = re.compile(r"\s+")
"""A heading ends at its line: the line breaks people typed are spaces there."""
_TAGS = {
    "": ("", ""),
    "bold": ("<strong>", "</strong>"),
    "italic": ("<em>", "</em>"),
    "muted": ('<span class="muted">', "</span>"),
}


def _text(text: str) -> str:
    """People's text (and ours) as HTML: escaped, quotes too; line breaks kept."""
    return "<br>".join(escape(line) for line in text.split("\n"))


def _inline(spans: Line, one_line: bool = False) -> str:
    out = []
    for emphasis, run in groupby(spans, key=lambda s: s.emphasis):
        opening, closing = _TAGS[emphasis]
        body = "".join(
            f"<code>{_text(s.text)}</code>" if s.code else _text(_SPACES.sub(" ", s.text) if one_line else s.text)
            for s in run
        )
        out.append(opening + body + closing)
    return "".join(out)


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name in table.header)
    rows = []
    for row in table.rows:
        cells = "".join(
            f'<td class="number">{_text(cell.text)}</td>' if right else f"<td>{_text(cell.text)}</td>"
            for cell, right in zip(row, table.right_aligned, strict=False)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _block(block: Block) -> str:
    match block:
        case Heading(level, spans):
            return f"<h{level}>{_inline(spans, one_line=True)}</h{level}>"
        case Paragraph(spans):
            return f"<p>{_inline(spans)}</p>"
        case Items(items, numbered):
            tag = "ol" if numbered else "ul"
            return f"<{tag}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{tag}>"
        case Table():
            return _table(block)
        case Rule():
            return "<hr>"
    raise TypeError(f"not a block: {block!r}")


def minutes_html(review: Review, total_events: int | None = None, threads: Threads | None = None) -> str:
    """The minutes page (see `minutes_document` for what they say)."""
    title = escape(review.session.title)
    body = "\n".join(_block(block) for block in minutes_document(review, total_events, threads))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # Nothing loads from anywhere: no script runs, no image, font or style is fetched.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
