"""`export --format md`: minutes a team can paste into its wiki, user text escaped so it reads as typed."""

from __future__ import annotations

import re
from itertools import groupby

from reviewtui.domain.export.document import Block, Heading, Items, Line, Paragraph, Rule, Span, Table, minutes_document
from reviewtui.domain.review import Review
from reviewtui.domain.series import Threads

_SPECIAL = re.compile(r"([\\`*_\[\]<|#~&])")
_LINE_START = re.compile(r"^(\s*)([-+>](?=\s|$)|\d+[.)](?=\s|$)|[-=](?=[-=\s]*$))")
"""What starts a list item, a numbered item, a quote, a thematic break (---) or a setext heading's
underline (=== or --- under a line): escaped at the start of any line of user text."""
_MARKERS = {"": "", "bold": "**", "italic": "*", "muted": ""}


def _escape_line(line: str) -> str:
    line = _SPECIAL.sub(r"\\\1", line.strip())
    start = _LINE_START.match(line)
    if start:  # "- x", "+ x", "3. x", "> x", "---", "===" at the start of a line
        marker = start[2]
        escaped = f"\\{marker}" if marker in "-+=>" else f"{marker[:-1]}\\{marker[-1]}"
        line = line[: start.start(2)] + escaped + line[start.end(2) :]
    return line


def escape(text: str) -> str:
    """Markdown-escape user text: `*not bold*` stays literal, a `|` cannot break a table."""
    return "  \n".join(_escape_line(line) for line in text.splitlines() or [""])


def _span(span: Span, one_line: bool) -> str:
    if span.typed:
        return escape(" ".join(span.text.split()) if one_line else span.text)
    return f"`{span.text}`" if span.code else span.text


def inline(spans: Line, one_line: bool = False) -> str:
    """Spans as Markdown: one emphasis marker pair around each run of spans with the same emphasis.
    `one_line` (a heading, which ends at its line): typed line breaks become spaces."""
    out = []
    for emphasis, run in groupby(spans, key=lambda s: s.emphasis):
        marker = _MARKERS[emphasis]
        out.append(marker + "".join(_span(s, one_line) for s in run) + marker)
    return "".join(out)


def _table(table: Table) -> str:
    rows = ["| " + " | ".join(table.header) + " |"]
    rows.append("|" + "|".join("---:" if right else "---" for right in table.right_aligned) + "|")
    for row in table.rows:
        cells = (escape(" ".join(c.text.split())) or " " if c.typed else c.text for c in row)
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def block_markdown(block: Block) -> str:
    match block:
        case Heading(level, spans):
            return "#" * level + " " + inline(spans, one_line=True)
        case Paragraph(spans):
            return inline(spans)
        case Items(items, numbered):
            return "\n".join(f"{n}. " + inline(i) if numbered else "- " + inline(i) for n, i in enumerate(items, 1))
        case Table():
            return _table(block)
        case Rule():
            return "---"
    raise TypeError(f"not a block: {block!r}")


def minutes(review: Review, total_events: int | None = None, threads: Threads | None = None) -> str:
    """The minutes of the review as it stands (as of `review.as_of_seq`); `threads`: its series,
    once looked up (see `minutes_document`)."""
    return "\n\n".join(block_markdown(b) for b in minutes_document(review, total_events, threads)) + "\n"
