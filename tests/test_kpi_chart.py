"""The KPI chart: readings, target and pace each drawn with a glyph of their own (so it reads with
NO_COLOR), at any size from a pane at 80x24 to a projector; in the KPI pane and the series screen."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from ui_support import ManualClock, app_for, settle

from reviewtui.store import SessionStore
from reviewtui.ui.screens.series import SeriesScreen
from reviewtui.ui.widgets.kpi_chart import JOIN, PACE, READING, TARGET, ChartData, KpiChart, draw

READINGS = ((datetime(2026, 1, 10, tzinfo=UTC), 31.0), (datetime(2026, 7, 8, tzinfo=UTC), 34.0))
PACED = ChartData(READINGS, "%", target=40, baseline=31, since=date(2026, 1, 1), by=date(2026, 12, 31))


def plain(data: ChartData, width: int, height: int) -> list[str]:
    return [line.plain for line in draw(data, width, height)]


def test_each_line_has_its_glyph_and_the_target_is_the_top_row() -> None:
    lines = plain(PACED, 60, 12)
    assert len(lines) == 12 and all(len(line) <= 60 for line in lines)
    plot = lines[:-2]
    assert plot[0].startswith("40%┤") and set(plot[0][4:]) == {TARGET}
    assert plot[-1].startswith("31%┤")
    assert sum(line.count(READING) for line in plot) == 2
    assert any(JOIN in line for line in plot) and any(PACE in line for line in plot)
    assert lines[-2].split() == ["2026-01-01", "2026-12-31"]
    assert lines[-1] == "● readings  ─ target 40%  · pace to 2026-12-31"


def test_the_pace_runs_from_the_baseline_at_since_to_the_target_at_by() -> None:
    plot = plain(ChartData((), "%", target=40, baseline=31, since=date(2026, 1, 1), by=date(2026, 12, 31)), 40, 10)[:-2]
    assert plot[-1][4] == PACE, "the baseline, bottom left"
    assert plot[0][-1] == TARGET and PACE in plot[1][-8:], "the pace meets the target's row at the right edge"
    assert all(PACE in row for row in plot[1:]), "and climbs every row on its way"


def test_without_a_date_no_pace_and_a_single_reading_is_drawn() -> None:
    lines = plain(ChartData(READINGS[:1], "", target=40), 40, 6)
    assert not any(PACE in line for line in lines)
    assert sum(line.count(READING) for line in lines[:-2]) == 1
    assert lines[-2].split() == ["2026-01-10"], "one day is said once"
    assert lines[-1] == "● readings  ─ target 40"


def test_small_and_empty_charts_say_so_in_words() -> None:
    assert plain(PACED, 14, 8) == ["Too little ro…"], "cut to the width it has"
    assert plain(PACED, 60, 4) == ["Too little room for the chart here."]
    assert plain(ChartData(()), 60, 8) == ["No readings yet: the chart starts with the first."]


def test_hostile_numbers_keep_the_chart_inside_its_box() -> None:
    data = ChartData(((READINGS[0][0], -1e15), (READINGS[1][0], 1e15)), "x" * 30, target=1e15, baseline=-1e15)
    for width, height in ((80, 8), (200, 40), (31, 5)):
        lines = draw(data, width, height)
        assert len(lines) <= height and all(line.cell_length <= width for line in lines)


async def test_the_kpi_pane_charts_the_selected_kpi(demo_dir: Path) -> None:
    app = app_for(SessionStore(demo_dir), ManualClock(), "2026-10-07-q3-growth-review-p7wm")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        app.screen.show_phase("kpis")
        await settle(pilot)
        chart = app.screen.pane.query_one(KpiChart)
        assert chart.size.height == 16, "big on a tall terminal"
        drawn = "\n".join(line.plain for line in draw(chart._data, chart.size.width, chart.size.height))
        assert drawn.count(READING) == 3 and PACE in drawn and "pace to 2026-12-31" in drawn  # 2 and the legend


async def test_the_series_screen_charts_the_highlighted_kpi(demo_dir: Path) -> None:
    app = app_for(SessionStore(demo_dir), ManualClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        chart = screen.query_one(".series-chart", KpiChart)
        assert chart._data.target == 40 and chart._data.by == date(2026, 12, 31)
        await pilot.press("tab", "down")
        await settle(pilot)
        assert chart._data.unit == "" and chart._data.target == 1.5 and chart._data.by is None  # support tickets


async def test_the_tall_class_never_touches_the_short_layout(demo_dir: Path) -> None:
    """The chart's height class is its own: the questions' run-on layout (below 32 rows) is not."""
    for size, short, tall in (((80, 24), True, False), ((120, 40), False, False), ((200, 60), False, True)):
        app = app_for(SessionStore(demo_dir), ManualClock(), "2026-10-07-q3-growth-review-p7wm")
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            assert (app.screen.has_class("-short"), app.screen.has_class("-tall")) == (short, tall), size
