"""KPI readings from a file (a spreadsheet's CSV with a header, or JSON lines): every row checked
before anything is written, every bad row named, rows already recorded skipped.

Columns: `kpi` (id or name), `value`, and optionally `at` (when it was taken: a day, or an ISO
8601 moment with its time zone), `note`, `source`. The text is parsed here (pure: the CLI reads
the file); the rows become readings against the review under the write lock (`readings`)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from reviewtui.domain.basics import format_instant, in_range, range_problem
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Pending, pending
from reviewtui.domain.review import Kpi, Review

COLUMNS = ("kpi", "value", "at", "note", "source")
REQUIRED = ("kpi", "value")
SIZE_LIMIT = 10 * 1024 * 1024
"""The largest file read (10 MiB, some 200,000 rows): a bigger one is refused before reading."""
ROW_LIMIT = 100_000
_SHOWN = 40


class ImportRefused(InvalidInput):
    """The file cannot be imported: every problem, one per line (line, column, reason)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__("file", f"{count} problem{'s' if count != 1 else ''}; nothing was imported")


@dataclass(frozen=True)
class Row:
    """One reading as the file gives it, checked for shape (the KPI is looked up later)."""

    line: int
    kpi: str
    value: str
    at: str
    note: str
    source: str


@dataclass(frozen=True)
class Parsed:
    """The rows a file holds, and what is wrong with its shape (line by line)."""

    rows: list[Row]
    problems: list[str]


def parse(text: str, name: str = "") -> Parsed:
    """The rows of a CSV (with a header) or JSON lines text, and the problems of its shape; a
    header that cannot be read, or no rows at all, is refused at once (ImportRefused)."""
    stripped = text.lstrip("\ufeff")
    json_lines = name.endswith((".jsonl", ".ndjson")) or stripped.lstrip().startswith("{")
    rows, problems = _json_lines(stripped) if json_lines else _csv(stripped)
    if not rows and not problems:
        problems.append("the file has no readings")
    if len(rows) > ROW_LIMIT:
        problems.append(f"{len(rows):,} rows; at most {ROW_LIMIT:,} are read from one file")
    if not rows:
        raise ImportRefused(problems)
    return Parsed(rows, problems)


def _csv(text: str) -> tuple[list[Row], list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], []
    except csv.Error as error:
        return [], [f"line 1: not CSV ({error})"]
    columns = [column.strip().casefold() for column in header]
    problems = _header_problems(columns)
    if problems:
        return [], problems
    rows: list[Row] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            if len(record) > len(columns):
                problems.append(f"line {line}: {len(record)} cells, but the header names {len(columns)} columns")
                continue
            cells = dict(zip(columns, record, strict=False))
            rows.append(_row(line, cells))
    except csv.Error as error:
        problems.append(f"line {reader.line_num}: not CSV ({error})")
    return rows, problems


def _json_lines(text: str) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    problems: list[str] = []
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            document = json.loads(raw)
        except ValueError:
            problems.append(f"line {line}: not a JSON object")
            continue
        if not isinstance(document, dict):
            problems.append(f"line {line}: not a JSON object")
            continue
        unknown = sorted(str(key) for key in document if str(key).casefold() not in COLUMNS)
        missing = [column for column in REQUIRED if column not in document]
        if unknown or missing:
            problems += [
                f"line {line}, {_cut(key)}: not a column (the columns: {', '.join(COLUMNS)})" for key in unknown
            ]
            problems += [f"line {line}, {column}: is required" for column in missing]
            continue
        cells = {
            key.casefold(): "" if value is None else value if isinstance(value, str) else json.dumps(value)
            for key, value in document.items()
        }
        rows.append(_row(line, cells))
    return rows, problems


def _header_problems(columns: list[str]) -> list[str]:
    problems = [
        f"line 1, {_cut(column) or '(blank)'}: not a column (the columns: {', '.join(COLUMNS)})"
        for column in columns
        if column not in COLUMNS
    ]
    problems += [f"line 1: the column {column} is missing" for column in REQUIRED if column not in columns]
    problems += [f"line 1, {column}: named twice" for column in sorted(set(columns)) if columns.count(column) > 1]
    return problems


def _row(line: int, cells: dict[str, str]) -> Row:
    return Row(
        line,
        str(cells.get("kpi", "")).strip(),
        str(cells.get("value", "")).strip(),
        str(cells.get("at", "")).strip(),
        str(cells.get("note", "")),
        str(cells.get("source", "")),
    )


def _cut(text: str) -> str:
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


# ---------------------------------------------------------------------------------------------
# Rows into readings, under the write lock


def readings(review: Review, parsed: Parsed, now: datetime) -> tuple[list[Pending], int]:
    """A `kpi.measured` for each row not recorded yet (the same KPI, moment and value), and how many
    were recorded already. ImportRefused names every problem of the file, line by line. `now` is
    the store's clock (the domain reads none): no reading is taken in the future."""
    problems: list[tuple[int, str]] = [(_line_of(p), p) for p in parsed.problems]
    made: list[Pending] = []
    seen: set[tuple[str, str | None, float | None]] = {
        (kpi.id, format_instant(r.at), r.value) for kpi in review.kpis.values() for r in kpi.readings
    }
    skipped = 0
    for row in parsed.rows:
        try:
            kpi = _kpi(review, row)
            _number(row.value)
            taken = _taken(row, now)
            draft = pending(
                "kpi.measured",
                id=kpi.id,
                value=row.value,
                note=row.note,
                source=row.source,
                **({"taken_at": taken} if taken else {}),
            )
        except InvalidInput as problem:
            column = {"id": "kpi", "taken_at": "at", "as": "kpi"}.get(problem.field, problem.field)
            problems.append((row.line, f"line {row.line}, {column}: {problem.problem}"))
            continue
        key = (kpi.id, taken, getattr(draft.data, "value", None))
        if taken is not None and key in seen:
            skipped += 1
            continue
        seen.add(key)
        made.append(draft)
    if problems:
        raise ImportRefused([said for _, said in sorted(problems, key=lambda p: p[0])])
    return made, skipped


def _line_of(problem: str) -> int:
    words = problem.split(maxsplit=2)
    number = words[1].rstrip(",:") if len(words) > 1 and words[0] == "line" else ""
    return int(number) if number.isdigit() else 0


def _number(text: str) -> None:
    """A value KPI math can use, said as it was written when it is not one."""
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput("value", f"{_cut(text)} is not a number") from None
    if not in_range(value):
        raise InvalidInput("value", f"{_cut(text)} {range_problem(value)}")


def _kpi(review: Review, row: Row) -> Kpi:
    if not row.kpi:
        raise InvalidInput("kpi", "is empty: give the KPI's id (k1) or its name")
    found = review.kpis.get(row.kpi) or next(
        (k for k in review.kpis.values() if k.name.strip().casefold() == row.kpi.casefold()), None
    )
    if found is None:
        names = ", ".join(repr(k.name) for k in review.kpis.values()) or "none yet"
        raise InvalidInput("kpi", f"no KPI {_cut(row.kpi)} in this session (its KPIs: {names})")
    return found


def _taken(row: Row, now: datetime) -> str | None:
    """When a reading was taken: a day alone is noon UTC that day (the same moment at every import,
    so that an import repeated finds it again); a moment must say its time zone. Never in the future."""
    if not row.at:
        return None
    try:
        if len(row.at) == 10:
            moment = datetime.combine(date.fromisoformat(row.at), time(12, tzinfo=UTC))
        else:
            moment = datetime.fromisoformat(row.at)
    except ValueError:
        raise InvalidInput("at", f"{_cut(row.at)} is not a day (YYYY-MM-DD) or an ISO 8601 moment") from None
    if moment.tzinfo is None:
        raise InvalidInput("at", f"{_cut(row.at)} has no time zone: add one, e.g. Z for UTC")
    if moment > now + timedelta(days=1):  # a day's grace for time zones
        raise InvalidInput("at", f"{row.at} is in the future: a reading is of something measured")
    return format_instant(moment)
