"""Where the focus is, in every bundled theme: the focused field and the focused list's row stand out
at WCAG contrast, a list without the focus shows a plainly weaker row, the terminal cursor sits
on the focused row (screen readers and braille displays follow it), and NO_COLOR still tells it all.

Colours are read from what the app draws (each screen cell's style), not from the theme files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO
from rich.color import Color as RichColor
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.geometry import Offset, Region
from textual.widgets import DataTable, Input, OptionList
from ui_support import ManualClock, app_for, key, settle

from reviewtui.store import SessionStore
from reviewtui.ui.app import ReviewApp
from reviewtui.ui.theming.catalogue import load_catalogue, read_theme
from reviewtui.ui.theming.focus import FOCUS_VARIABLES, ROW_TEXT, contrast, focus_defaults, resolve
from reviewtui.ui.theming.variables import variable_defaults
from reviewtui.ui.widgets.field import Field
from reviewtui.ui.widgets.timeline import Timeline

BUNDLED = sorted(path.stem for path in (REPO / "themes").glob("*.toml"))
ANSI = {name for name in BUNDLED if load_catalogue().themes[name].spec.ansi}
Q3 = "2026-10-07-q3-growth-review-p7wm"
AFTER_Q3 = datetime(2026, 10, 7, 11, 0, tzinfo=UTC)

TEXT = 4.5
"""WCAG 2, 1.4.3 (AA): text against its background."""
INDICATOR = 3.0
"""WCAG 2, 1.4.11 and 2.4.13: a focus indicator against what is around it, and against itself unfocused."""
WEAKER = 1.25
"""How many times further from the list the focused row stands than an unfocused list's row."""


# ------------------------------------------------------------------------------ reading the screen


@dataclass(frozen=True)
class Cell:
    char: str
    style: Style


def screen_cells(app: App, region: Region) -> dict[Offset, Cell]:
    """Every cell of `region` as the app draws it now: its character and its style."""
    # Private: the compositor's strips are the frame Textual sends the terminal, character and
    # style together (Screen.get_style_at gives the style alone, and costs a render per cell).
    strips = app.screen._compositor.render_strips()
    cells = {}
    for y in range(region.y, region.bottom):
        x = 0
        for segment in strips[y]:
            for char in segment.text:
                if region.x <= x < region.right:
                    cells[Offset(x, y)] = Cell(char, segment.style or Style())
                x += 1
    return cells


def colours(app: App, style: Style) -> tuple[Color, Color]:
    """The (text, background) colours a cell shows. The terminal's own ANSI colours are taken from
    the palette Textual itself assumes for them (App.ansi_theme); reverse swaps the two."""
    palette = app.ansi_theme

    def colour(value: RichColor | None, foreground: bool) -> Color:
        value = value or RichColor.default()
        return Color(*value.get_truecolor(palette, foreground=foreground))

    text, background = colour(style.color, True), colour(style.bgcolor, False)
    return (background, text) if style.reverse else (text, background)


def row_cells(app: App, widget, y: int) -> list[Cell]:
    region = widget.scrollable_content_region
    cells = screen_cells(app, Region(region.x, y, region.width, 1))
    return [cells[Offset(x, y)] for x in range(region.x, region.right)]


def row_text(cells: list[Cell]) -> str:
    return "".join(cell.char for cell in cells)


def find_row(app: App, widget, text: str) -> int:
    """The screen line of `widget` whose text starts with `text` (after spaces)."""
    region = widget.scrollable_content_region
    for y in range(region.y, region.bottom):
        if row_text(row_cells(app, widget, y)).strip().startswith(text.strip()[:24]):
            return y
    raise AssertionError(f"no line of {widget!r} reads {text!r}")


def highlighted_text(listing: OptionList) -> str:
    option = listing.highlighted_option
    assert option is not None
    prompt = option.prompt
    return getattr(prompt, "plain", str(prompt)).splitlines()[0]


@dataclass
class Row:
    cells: list[Cell]
    text: tuple[Color, Color]
    """The row's own colours: those of its padding (past the text), which carries the row's style."""
    list_background: Color

    @property
    def block(self) -> float:
        """How far the row's background stands from the list's own."""
        return contrast(self.text[1], self.list_background)

    def worst_text(self, app: App, own_colour_only: bool = False) -> float:
        written = [cell for cell in self.cells if cell.char.strip()]
        if own_colour_only:  # the terminal's palette decides the rest (see the row test below)
            written = [cell for cell in written if cell.style.color == self.cells[-1].style.color]
        assert written
        return min(contrast(*colours(app, cell.style)) for cell in written)

    @property
    def underlined(self) -> bool:
        return all(cell.style.underline for cell in self.cells if cell.char.strip())


def read_row(app: App, listing: OptionList) -> Row:
    y = find_row(app, listing, highlighted_text(listing))
    cells = row_cells(app, listing, y)
    region = listing.scrollable_content_region
    # The list's last line is past its last option (the demo has 5 KPIs in a list 30 lines high).
    below = row_cells(app, listing, region.bottom - 1)
    assert not row_text(below).strip()
    return Row(cells, colours(app, cells[-1].style), colours(app, below[-1].style)[1])


def kpi_app(demo_dir: Path, theme: str) -> ReviewApp:
    clock = ManualClock(AFTER_Q3)
    return ReviewApp(
        SessionStore(demo_dir, clock=clock), "Maya", session_id=Q3, clock=clock, cursor_blink=False, theme=theme
    )


async def show_kpis(pilot) -> None:
    await settle(pilot, 0.2)
    pilot.app.screen.show_phase("kpis")
    await settle(pilot, 0.2)


# ------------------------------------------------------------------------------ contrast


@dataclass
class Seen:
    focused_row: Row
    blurred_row: Row
    border: tuple[Color, Color]
    border_char: str
    label: tuple[Color, Color]
    label_unfocused: tuple[Color, Color]
    label_bold: bool
    field: Color
    field_unfocused: Color
    field_styles: tuple[Style, Style]


async def look_at_the_kpis(demo_dir: Path, theme: str) -> tuple[ReviewApp, Seen]:
    app = kpi_app(demo_dir, theme)
    async with app.run_test(size=(120, 40)) as pilot:
        await show_kpis(pilot)
        assert app.theme == theme
        listing = app.screen.pane.query_one(".item-list", OptionList)  # type: ignore[attr-defined]
        field = app.screen.pane.query_one(".f-name", Field)  # type: ignore[attr-defined]
        listing.focus()
        await settle(pilot)
        focused = read_row(app, listing)
        top = listing.region
        border = screen_cells(app, Region(top.x, top.y, 1, 1))[top.offset]
        label = field.query_one(".field-label").region
        field_region = field.input.region
        label_cell = screen_cells(app, label)[label.offset]
        field_cell = screen_cells(app, field_region)[Offset(field_region.right - 1, field_region.y)]

        field.focus()
        await settle(pilot)
        assert app.focused is field.input
        blurred = read_row(app, listing)
        label_focused = screen_cells(app, label)[label.offset]
        field_focused = screen_cells(app, field_region)[Offset(field_region.right - 1, field_region.y)]
        return app, Seen(
            focused_row=focused,
            blurred_row=blurred,
            border=colours(app, border.style),
            border_char=border.char,
            label=colours(app, label_focused.style),
            label_unfocused=colours(app, label_cell.style),
            label_bold=bool(label_focused.style.bold),
            field=colours(app, field_focused.style)[1],
            field_unfocused=colours(app, field_cell.style)[1],
            field_styles=(field_cell.style, field_focused.style),
        )


@pytest.mark.parametrize("theme", BUNDLED)
async def test_the_focused_field_stands_out(demo_dir: Path, theme: str) -> None:
    """(b) Its label a solid block: against what is behind it (the label unfocused), its text
    readable on it; the field itself on another background."""
    _, seen = await look_at_the_kpis(demo_dir, theme)
    label_text, label_block = seen.label
    behind = seen.label_unfocused[1]
    assert contrast(label_block, behind) >= INDICATOR, f"label {label_block.hex} on {behind.hex}"
    assert contrast(label_text, label_block) >= TEXT, f"{label_text.hex} on {label_block.hex}"
    assert seen.label_bold
    if theme in ANSI:  # another entry of the terminal's palette, as it pleases to draw it
        assert seen.field_styles[0].bgcolor != seen.field_styles[1].bgcolor
    else:
        field, unfocused = seen.field, seen.field_unfocused
        assert contrast(field, unfocused) > 1.1, f"field {field.hex}, unfocused {unfocused.hex}"


@pytest.mark.parametrize("theme", BUNDLED)
async def test_the_focused_row_stands_out_and_an_unfocused_one_is_weaker(demo_dir: Path, theme: str) -> None:
    """(a) The focused list's row: every character on it readable (its status marks too), bold and
    underlined (a mark in the text's own colour: not told by a tint alone), its list in a heavy
    border of the focus colour. A list without the focus still shows its row, plainly weaker."""
    app, seen = await look_at_the_kpis(demo_dir, theme)
    ansi = theme in ANSI
    row, blurred = seen.focused_row, seen.blurred_row
    # The terminal's own colours are its palette's: how its green reads on its grey is not ours to
    # know. The row's own text (the pair the theme chose) is held to the bar in Textual's palette.
    assert row.worst_text(app, own_colour_only=ansi) >= TEXT, row
    assert blurred.worst_text(app, own_colour_only=ansi) >= TEXT, blurred
    if ansi:  # two different entries of the terminal's palette: it decides how far apart they look
        assert row.cells[-1].style.bgcolor != blurred.cells[-1].style.bgcolor
    else:
        assert blurred.block > 1.0, "an unfocused list still shows which row is highlighted"
        assert row.block >= WEAKER * blurred.block, f"focused {row.block:.2f}, unfocused {blurred.block:.2f}"
    assert contrast(*seen.border) >= INDICATOR, [colour.hex for colour in seen.border]
    assert seen.border_char == "┏"  # heavy
    assert row.underlined and all(cell.style.bold for cell in row.cells if cell.char.strip())
    assert not any(cell.style.underline for cell in blurred.cells)


async def test_the_home_table_and_the_timeline_show_their_focused_row(demo_dir: Path) -> None:
    """The other lists: the sessions on the home screen and the replay's timeline, in high contrast."""

    def check(app: App, widget, y: int, focused: bool) -> None:
        written = [cell for cell in row_cells(app, widget, y) if cell.char.strip()]
        assert min(contrast(*colours(app, cell.style)) for cell in written) >= TEXT
        assert all(bool(cell.style.underline) == focused for cell in written)

    clock = ManualClock(AFTER_Q3)
    store = SessionStore(demo_dir, clock=clock)
    app = ReviewApp(store, "Maya", clock=clock, cursor_blink=False, theme="high-contrast")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.focus()
        await settle(pilot)
        y = find_row(app, table, str(table.get_row_at(table.cursor_row)[0]).split("›")[0])
        check(app, table, y, focused=True)
        await key(pilot, "tab")  # to the filter: the table keeps its row, weaker
        assert isinstance(app.focused, Input)
        check(app, table, y, focused=False)

    app = app_for(store, clock, Q3)
    app._start_replay = True
    app.theme = "high-contrast"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        timeline.focus()
        await key(pilot, "left")
        step = timeline.steps[timeline.cursor - 1]
        region = timeline.scrollable_content_region
        lines = {line: row_text(row_cells(app, timeline, line)) for line in range(region.y, region.bottom)}
        [y] = [
            line
            for line, text in lines.items()
            if text.startswith(f"{step.at.astimezone():%H:%M} ") and step.text[:12] in text
        ]
        check(app, timeline, y, focused=True)


# ------------------------------------------------------------------------------ the terminal cursor


async def test_the_terminal_cursor_is_on_the_highlighted_row_of_the_focused_list(demo_dir: Path) -> None:
    app = kpi_app(demo_dir, "dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await show_kpis(pilot)
        listing = app.screen.pane.query_one(".item-list", OptionList)  # type: ignore[attr-defined]
        listing.focus()
        await settle(pilot)
        seen = []
        for _ in range(3):
            cursor = app.cursor_position
            assert cursor.x == listing.scrollable_content_region.x
            assert cursor.y == find_row(app, listing, highlighted_text(listing))
            seen.append(cursor)
            await key(pilot, "down")
        assert len(set(seen)) == 3  # it moved with the highlight

        # Into a field: the cursor goes where the text cursor is drawn; back: to the row again.
        field = app.screen.pane.query_one(".f-name", Field)  # type: ignore[attr-defined]
        field.focus()
        await settle(pilot)
        typed = field.input
        drawn = typed.content_region.x + typed.cursor_position  # the text is short: not scrolled
        assert app.cursor_position == Offset(drawn, typed.region.y)
        await key(pilot, "end")
        assert app.cursor_position == Offset(typed.content_region.x + len(typed.value), typed.region.y)
        listing.focus()
        await settle(pilot)
        cursor = app.cursor_position
        assert cursor == Offset(listing.scrollable_content_region.x, find_row(app, listing, highlighted_text(listing)))


async def test_the_terminal_cursor_follows_the_sessions_table_and_the_timeline(demo_dir: Path) -> None:
    clock = ManualClock(AFTER_Q3)
    store = SessionStore(demo_dir, clock=clock)
    app = ReviewApp(store, "Maya", clock=clock, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.focus()
        await settle(pilot)
        for _ in range(2):
            cursor = app.cursor_position
            title = str(table.get_row_at(table.cursor_row)[0]).split("›")[0]
            assert row_text(row_cells(app, table, cursor.y)).strip().startswith(title.strip())
            assert cursor.x == table.scrollable_content_region.x
            await key(pilot, "down")
        assert app.cursor_position.y == table.scrollable_content_region.y + 1 + table.cursor_row  # under the header

    app = app_for(store, clock, Q3)
    app._start_replay = True
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        timeline.focus()
        await settle(pilot)
        for seq in (timeline.cursor, 40, 3):  # the last event, one in the middle, one scrolled to the top
            app.screen.seek(seq)
            await settle(pilot)
            cursor = app.cursor_position
            step = timeline.steps[seq - 1]
            assert step.seq == seq
            assert step.text[:12] in row_text(row_cells(app, timeline, cursor.y))
            assert cursor.x == timeline.scrollable_content_region.x
        app.screen.seek(0)  # before the first event: no row, the timeline's top
        await settle(pilot)
        assert app.cursor_position == timeline.scrollable_content_region.offset


async def test_with_nothing_focused_the_cursor_stays_where_a_widget_put_it(demo_dir: Path) -> None:
    app = kpi_app(demo_dir, "dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await show_kpis(pilot)
        app.screen.set_focus(None)
        await settle(pilot)
        app.cursor_position = Offset(3, 4)  # what Input and TextArea do
        assert app.cursor_position == Offset(3, 4)


# ------------------------------------------------------------------------------ NO_COLOR


async def test_no_color_still_tells_the_focus_by_text_styles_and_borders(demo_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = kpi_app(demo_dir, "high-contrast")
    async with app.run_test(size=(120, 40)) as pilot:
        await show_kpis(pilot)
        assert app.no_color
        listing = app.screen.pane.query_one(".item-list", OptionList)  # type: ignore[attr-defined]
        listing.focus()
        await settle(pilot)
        row = read_row(app, listing)
        assert row.underlined and all(cell.style.bold for cell in row.cells if cell.char.strip())
        assert listing.styles.border.top[0] == "heavy"
        field = app.screen.pane.query_one(".f-name", Field)  # type: ignore[attr-defined]
        field.focus()
        await settle(pilot)
        label = field.query_one(".field-label").region
        style = screen_cells(app, label)[label.offset].style
        assert style.reverse and style.bold  # the label reversed, as app.tcss says
        assert read_row(app, listing).underlined  # an unfocused list keeps its underlined row


# ------------------------------------------------------------------------------ the variables


def test_every_bundled_theme_sets_or_derives_each_focus_variable() -> None:
    for name, loaded in load_catalogue().themes.items():
        theme = loaded.spec.to_theme()
        variables = {**variable_defaults(theme), **theme.variables}
        assert set(FOCUS_VARIABLES) <= set(variables), name


@pytest.mark.parametrize(
    ("dark", "colours_"),
    [
        (True, {"primary": "#7C3AED", "background": "#101014"}),
        (True, {"primary": "#FF5555", "background": "#282A36", "surface": "#343746"}),
        (False, {"primary": "#FFA500"}),  # a pale primary on white: moved until it shows
        (False, {"primary": "#2E7D32", "background": "#FAFAF5", "error": "#C62828"}),
    ],
)
def test_a_theme_without_focus_variables_gets_readable_ones(tmp_path: Path, dark: bool, colours_: dict) -> None:
    text = "\n".join(f'{key} = "{value}"' for key, value in colours_.items())
    path = tmp_path / "team.toml"
    path.write_text(f"dark = {str(dark).lower()}\n{text}\n", encoding="utf-8")
    spec, problems = read_theme(path)
    assert spec is not None and problems == []
    theme = spec.to_theme()
    variables = {**variable_defaults(theme), **theme.to_color_system().generate(), **theme.variables}
    background = Color.parse(variables["background"])
    surface = resolve(variables["surface"], background)
    indicator = Color.parse(variables["focus-indicator"])
    assert min(contrast(indicator, background), contrast(indicator, surface)) >= INDICATOR
    assert contrast(Color.parse(variables["focus-indicator-text"]), indicator) >= TEXT
    row = Color.parse(variables["focus-row-background"])
    assert contrast(Color.parse(variables["focus-row-foreground"]), row) >= 7.0
    # Each text colour the theme makes readable on its lists stays readable on the focused row
    # (one that is not, even on the list, is the theme's own to fix).
    readable = [name for name in ROW_TEXT if contrast(resolve(variables[name], surface), surface) >= TEXT + 0.1]
    for name in readable:
        assert contrast(resolve(variables[name], row), row) >= TEXT, name
    blurred = Color.parse(variables["focus-row-blurred-background"])
    assert contrast(row, surface) > contrast(blurred, surface) > 1.0


@pytest.mark.parametrize(
    ("variable", "value", "accepted"),
    [
        ("focus-row-background", "auto 80%", False),  # 'auto' is for text: a row's background is a colour
        ("focus-row-foreground", "auto 90%", True),
        ("focus-indicator", "#FFD700 80%", True),
        ("focus-indicator", "blurple", False),
        ("focus-row-text-style", "bold underline", True),
        ("focus-row-text-style", "blinking", False),
        ("focus-rows", "#FFFFFF", False),
    ],
)
def test_focus_variables_in_a_theme_file_are_checked(tmp_path: Path, variable: str, value: str, accepted: bool) -> None:
    path = tmp_path / "team.toml"
    path.write_text(f'primary = "#123456"\n[variables]\n{variable} = "{value}"\n', encoding="utf-8")
    spec, problems = read_theme(path)
    assert (spec is not None) == accepted, problems
    assert [problem.field for problem in problems] == ([] if accepted else [f"variables.{variable}"])


def test_focus_defaults_never_fail_on_a_value_they_cannot_read() -> None:
    """Textual reads values the defaults do not work with ('initial', say): the theme's own look then."""
    variables = {"background": "initial", "surface": "#000000", "primary": "#FFFFFF"}
    defaults = focus_defaults(variables, ansi=False, dark=True)
    assert set(defaults) == set(FOCUS_VARIABLES)
