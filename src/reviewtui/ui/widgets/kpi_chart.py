"""A KPI's chart, drawn in text: its readings over time (across the series), its target, and the
pace line from the baseline on `since` to the target on `by`.

Hand-drawn with Textual's Content rather than a plotting widget: a chart must read the same with
NO_COLOR and on a projector, so each line has its own glyph (● readings joined by •, ─ the
target, · the pace) and colour only adds to it; the theme's variables colour it like the rest of
the app; and no dependency comes with it. It fills whatever size CSS gives it: a few rows at
80x24, most of the screen at 200x60."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import pairwise

from textual.content import Content
from textual.widget import Widget

from reviewtui.domain.kpi import format_value
from reviewtui.domain.review import Kpi

READING, JOIN, TARGET, PACE = "●", "•", "─", "·"
_STYLE = {READING: "bold $text-accent", JOIN: "$text-accent", TARGET: "$status-achieved", PACE: "$text-muted"}
_LEAST = (12, 3)
"""The smallest plot (columns, rows) worth drawing; below it the chart says so in words."""


@dataclass(frozen=True)
class ChartData:
    """What a KPI's chart shows."""

    points: Sequence[tuple[datetime, float]]
    """Its readings, oldest first (across the series)."""
    unit: str = ""
    target: float | None = None
    baseline: float | None = None
    since: date | None = None
    by: date | None = None
    """With `since`, the pace line's ends; None for a KPI without a date."""

    @property
    def pace(self) -> tuple[tuple[datetime, float], tuple[datetime, float]] | None:
        if self.since is None or self.by is None or self.baseline is None or self.target is None:
            return None
        return (_moment(self.since), self.baseline), (_moment(self.by), self.target)

    @property
    def empty(self) -> bool:
        return not self.points and self.pace is None


def chart_data(kpi: Kpi, points: Sequence[tuple[datetime, float]]) -> ChartData:
    """A KPI's chart: `points` are its readings across the series, oldest first."""
    paced = kpi.paced
    return ChartData(
        tuple(points),
        kpi.unit,
        kpi.target,
        kpi.baseline,
        kpi.since if paced else None,
        kpi.by if paced else None,
    )


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def draw(data: ChartData, width: int, height: int) -> list[Content]:
    """The chart as `height` lines of at most `width` cells: value labels, the plot, the first and
    last dates, and a legend. (A label, a unit or a message wider than that is cut.)"""
    return [line.truncate(max(width, 0), ellipsis=True) for line in _drawn(data, width, height)][: max(height, 1)]


def _drawn(data: ChartData, width: int, height: int) -> list[Content]:
    if data.empty:
        return [Content.styled("No readings yet: the chart starts with the first.", "$text-muted")]
    values = [v for _, v in data.points] + [
        v for v in (data.target, data.baseline if data.pace else None) if v is not None
    ]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - max(abs(low) * 0.1, 1), high + max(abs(high) * 0.1, 1)
    labels = [format_value(high, data.unit), format_value(low, data.unit)]
    label_width = max(len(label) for label in labels)
    columns, rows = width - label_width - 1, height - 2
    if columns < _LEAST[0] or rows < _LEAST[1]:
        return [Content.styled("Too little room for the chart here.", "$text-muted")]
    moments = [at for at, _ in data.points] + [at for at, _ in data.pace or ()]
    start, end = min(moments), max(moments)
    span = (end - start).total_seconds() or 1.0

    def cell(at: datetime, value: float) -> tuple[int, int]:
        column = round((at - start).total_seconds() / span * (columns - 1))
        row = round((high - value) / (high - low) * (rows - 1))
        return min(max(row, 0), rows - 1), min(max(column, 0), columns - 1)

    grid = [[" "] * columns for _ in range(rows)]
    if data.pace is not None:
        _line(grid, cell(*data.pace[0]), cell(*data.pace[1]), PACE)
    if data.target is not None:
        row, _ = cell(start, data.target)
        for column in range(columns):
            if grid[row][column] == " " or grid[row][column] == PACE:
                grid[row][column] = TARGET
    cells = [cell(at, value) for at, value in data.points]
    for first, second in pairwise(cells):
        _line(grid, first, second, JOIN)
    for row, column in cells:
        grid[row][column] = READING
    lines = []
    for number, row_cells in enumerate(grid):
        label = labels[0] if number == 0 else labels[1] if number == rows - 1 else ""
        axis = "┤" if label else "│"
        lines.append(
            Content.assemble(
                (label.rjust(label_width) + axis, "$text-muted"),
                *[(char, _STYLE[char]) if char != " " else char for char in row_cells],
            )
        )
    first_day, last_day = f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}" if end.date() != start.date() else ""
    gap = max(columns - len(first_day) - len(last_day), 1)
    lines.append(Content.styled(" " * (label_width + 1) + first_day + " " * gap + last_day, "$text-muted"))
    lines.append(_legend(data))
    return lines


def _line(grid: list[list[str]], start: tuple[int, int], end: tuple[int, int], glyph: str) -> None:
    """Bresenham's line between two cells, drawn where nothing else is yet."""
    (row, column), (end_row, end_column) = start, end
    d_column, d_row = abs(end_column - column), -abs(end_row - row)
    step_column, step_row = (1 if column < end_column else -1), (1 if row < end_row else -1)
    error = d_column + d_row
    while True:
        if grid[row][column] in (" ", PACE):
            grid[row][column] = glyph
        if (row, column) == (end_row, end_column):
            return
        doubled = 2 * error
        if doubled >= d_row:
            error += d_row
            column += step_column
        if doubled <= d_column:
            error += d_column
            row += step_row


def _legend(data: ChartData) -> Content:
    parts: list[tuple[str, str]] = [(f"{READING} readings", _STYLE[READING])]
    if data.target is not None:
        parts.append((f"{TARGET} target {format_value(data.target, data.unit)}", _STYLE[TARGET]))
    if data.pace is not None and data.by is not None:
        parts.append((f"{PACE} pace to {data.by.isoformat()}", _STYLE[PACE]))
    return Content("  ").join(Content.styled(text, style) for text, style in parts)


class KpiChart(Widget):
    """A KPI's chart (see `draw`), redrawn at its size whenever the data or the size changes."""

    DEFAULT_CSS = """
    KpiChart {
        height: 8;
        width: 1fr;
    }
    """

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._data = ChartData(())

    def show(self, data: ChartData) -> None:
        if data != self._data:
            self._data = data
            self.refresh()

    def render(self) -> Content:
        size = self.content_size
        return Content("\n").join(draw(self._data, size.width, size.height))
