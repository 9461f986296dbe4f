"""Themes: the bundled files load and read well, broken files are named and skipped, the choice
is saved per user and wins in the right order, the palette previews, NO_COLOR holds."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from conftest import REPO
from textual.color import Color
from textual.theme import BUILTIN_THEMES
from textual.widgets import OptionList
from ui_support import settle

from reviewtui.cli import main
from reviewtui.store import SessionStore
from reviewtui.ui.app import ReviewApp
from reviewtui.ui.theming import catalogue as catalogue_module
from reviewtui.ui.theming import manager as manager_module
from reviewtui.ui.theming.catalogue import load_catalogue, read_theme, shown_path, user_folder
from reviewtui.ui.theming.choice import choose_theme
from reviewtui.ui.theming.variables import STATUS_VARIABLES, variable_defaults
from tests.helpers.terminal import end_draining, read_for, read_until

BUNDLED_FILES = sorted((REPO / "themes").glob("*.toml"))
BUNDLED = [path.stem for path in BUNDLED_FILES]
Q3 = "2026-10-07-q3-growth-review-p7wm"
STATUS_TEXT = ["status-achieved", "status-on-track", "status-at-risk", "status-off-track", "status-no-data"]


def settings() -> Path:
    return platformdirs.user_config_path("reviewtui") / "settings.json"


def user_themes() -> Path:
    folder = user_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Notices:
    """Every `app.notify` call, with its keyword arguments (markup, severity, title)."""

    def __init__(self, app: ReviewApp) -> None:
        self.calls: list[tuple[str, dict]] = []
        original = app.notify

        def notify(message: str, **options):
            self.calls.append((message, options))
            return original(message, **options)

        app.notify = notify  # type: ignore[method-assign]

    def titled(self, word: str) -> list[tuple[str, dict]]:
        return [(message, options) for message, options in self.calls if word in str(options.get("title", ""))]


def make_app(store: SessionStore, **options) -> ReviewApp:
    return ReviewApp(store, "Maya", cursor_blink=False, **options)


# ------------------------------------------------------------------------------ contrast


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(value: str, background: Color) -> float:
    """WCAG contrast of a theme value ('#fff', '#fff 50%', 'auto 60%') drawn on `background`."""
    base, _, percent = value.strip().partition(" ")
    alpha = float(percent.rstrip("%")) / 100 if percent else 1.0
    colour = background.get_contrast_text(alpha) if base == "auto" else Color.parse(base).multiply_alpha(alpha)
    light, dark = sorted((_luminance(background + colour), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def resolved_variables(name: str) -> dict[str, str]:
    theme = load_catalogue().themes[name].spec.to_theme()
    return {**variable_defaults(theme), **theme.to_color_system().generate(), **theme.variables}


# ------------------------------------------------------------------------------ bundled themes


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=BUNDLED)
def test_each_bundled_theme_loads(path: Path) -> None:
    spec, problems = read_theme(path)
    assert problems == [] and spec is not None
    assert spec.name == path.stem and spec.description
    variables = resolved_variables(spec.name)
    assert set(STATUS_VARIABLES) <= set(variables)
    assert load_catalogue().themes[spec.name].spec == spec  # at start it is read, not checked again: the same


def test_the_bundled_themes_cover_dark_light_projectors_and_the_terminals_own_colours() -> None:
    themes = load_catalogue().themes
    assert {"dark", "light", "high-contrast", "ansi-dark"} <= set(themes)
    assert {name for name, t in themes.items() if t.source == "bundled"} == set(BUNDLED)
    assert themes["dark"].spec.dark and not themes["light"].spec.dark
    for name in ("ansi-dark", "ansi-light"):
        spec = themes[name].spec
        assert spec.ansi
        colours = [
            getattr(spec, field) for field in ("primary", "warning", "error", "success", "foreground", "background")
        ]
        assert all(colour.startswith("ansi_") for colour in colours), colours  # the terminal's palette decides
        assert all(resolved_variables(name)[v].startswith("ansi_") for v in STATUS_TEXT[:4])


def test_the_default_dark_theme_is_textuals_own_dark_look() -> None:
    """So the app looks as it did before themes, and as every Textual app does by default."""
    dark = load_catalogue().themes["dark"].spec.to_theme()
    assert dark.to_color_system().generate() == BUILTIN_THEMES["textual-dark"].to_color_system().generate()


@pytest.mark.parametrize("name", [n for n in BUNDLED if not n.startswith("ansi")])
def test_status_colours_are_readable_on_every_surface(name: str) -> None:
    variables = resolved_variables(name)
    needed = 7.0 if name == "high-contrast" else 4.5
    checked = STATUS_TEXT + (
        ["text", "text-muted", "text-success", "text-warning", "text-error", "text-accent"]
        if name == "high-contrast"
        else []
    )
    for surface in ("background", "surface", "panel"):
        background = Color.parse(variables[surface])
        for variable in checked:
            assert contrast(variables[variable], background) >= needed, (surface, variable)
    if name in ("light", "high-contrast"):  # the highlighted row keeps its status mark readable
        cursor = Color.parse(variables["block-cursor-background"])
        for variable in [*STATUS_TEXT[:4], "block-cursor-foreground"]:
            assert contrast(variables[variable], cursor) >= 4.5, variable


# ------------------------------------------------------------------------------ broken files


BROKEN = {
    "syntax.toml": ('name = "x"\nprimary = \n', "toml", "Invalid value"),
    "colour.toml": ('primary = "blurple"\n', "primary", "did you mean 'purple'"),
    "typo.toml": (
        'primary = "#123456"\n[variables]\nstatus-ontrack = "#00ff00"\n',
        "variables.status-ontrack",
        "did you mean 'status-on-track'",
    ),
    "type.toml": ('primary = "#123456"\ndark = "yes"\n', "dark", "true or false"),
    "ansi.toml": ('primary = "ansi_red"\n', "primary", "ansi = true"),
    "inject.toml": (
        'primary = "#123456"\n[variables]\ntext = "red; } Screen { display: none"\n',
        "variables.text",
        "only hold letters",
    ),
    "auto.toml": ('primary = "#123456"\n[variables]\npanel = "auto 50%"\n', "variables.panel", "only for text"),
    "style.toml": (
        'primary = "#123456"\n[variables]\nblock-cursor-text-style = "blinking"\n',
        "variables.block-cursor-text-style",
        "not a text style",
    ),
    "Bad Name.toml": ('primary = "#123456"\n', "name", "not a theme name"),
    "missing.toml": ('name = "missing"\n', "primary", "missing"),
}


def write_broken_themes(folder: Path) -> None:
    for file_name, (text, _, _) in BROKEN.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    (folder / "latin1.toml").write_bytes('primary = "#123456"\ndescription = "caf\xe9"\n'.encode("latin-1"))
    (folder / "ours.toml").write_text('description = "Our colours"\nprimary = "#FF00AA"\n', encoding="utf-8")


def test_a_broken_theme_file_is_named_with_its_field_and_reason_and_skipped() -> None:
    write_broken_themes(user_themes())
    catalogue = load_catalogue()
    found = {(Path(p.path).name, p.field): p.reason for p in catalogue.problems}
    for file_name, (_, field, reason) in BROKEN.items():
        assert reason in found[(file_name, field)], (file_name, found)
    assert "not UTF-8" in found[("latin1.toml", "file")]
    assert all(p.path.startswith("~/") for p in catalogue.problems)  # shown as the user would type it
    assert "ours" in catalogue.themes and catalogue.themes["ours"].source == "user"
    assert set(catalogue.themes) == set(BUNDLED) | {"ours"}


async def test_the_app_starts_with_broken_theme_files_and_names_them_in_one_notification(store) -> None:
    write_broken_themes(user_themes())
    app = make_app(store)
    notices = Notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "dark"
        [(message, options)] = notices.titled("theme file")
        assert options["markup"] is False and options["severity"] == "warning"
        assert options["title"] == f"{len(BROKEN) + 1} theme files skipped"
        for file_name, (_, field, reason) in BROKEN.items():
            assert file_name in message and f"  {field}: " in message and reason in message
        assert "ours" in app.available_themes and "colour" not in app.available_themes


async def test_broken_files_in_two_folders_are_each_named_with_their_folder(store, tmp_path: Path) -> None:
    (user_themes() / "one.toml").write_text('primary = "blurple"\n', encoding="utf-8")
    more = tmp_path / "more"
    more.mkdir()
    (more / "two.toml").write_text('primary = "blurple"\n', encoding="utf-8")
    app = make_app(store, themes_dir=more)
    notices = Notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        [(message, options)] = notices.titled("theme file")
        assert options["title"] == "2 theme files skipped"
        assert f"{shown_path(user_folder())}/one.toml" in message.splitlines()
        assert f"{more}/two.toml" in message.splitlines()


def test_a_user_theme_replaces_a_bundled_one_and_themes_dir_comes_last(tmp_path: Path) -> None:
    (user_themes() / "light.toml").write_text('primary = "#FF00AA"\ndark = false\n', encoding="utf-8")
    (user_themes() / "team.toml").write_text('primary = "#00AAFF"\n', encoding="utf-8")
    more = tmp_path / "more"
    more.mkdir()
    (more / "team-2.toml").write_text('name = "team"\nprimary = "#AA00FF"\n', encoding="utf-8")
    catalogue = load_catalogue(more)
    assert catalogue.problems == []
    assert (catalogue.themes["light"].source, catalogue.themes["light"].replaces) == ("user", "bundled")
    assert catalogue.themes["light"].spec.primary == "#FF00AA"
    assert catalogue.themes["team"].source == "--themes-dir" and catalogue.themes["team"].spec.primary == "#AA00FF"
    assert [str(p) for p in load_catalogue(tmp_path / "nowhere").problems] == [
        f"{tmp_path / 'nowhere'}: --themes-dir: no such folder"
    ]


def test_the_config_folder_given_as_themes_dir_is_read_once() -> None:
    write_broken_themes(user_themes())
    once = load_catalogue()
    assert load_catalogue(user_folder()) == once  # not each broken file twice, nor `ours` from --themes-dir


def test_two_files_with_the_same_theme_name_in_one_folder() -> None:
    (user_themes() / "a.toml").write_text('name = "same"\nprimary = "#111111"\n', encoding="utf-8")
    (user_themes() / "b.toml").write_text('name = "same"\nprimary = "#222222"\n', encoding="utf-8")
    catalogue = load_catalogue()
    assert catalogue.themes["same"].spec.primary == "#111111"
    [problem] = catalogue.problems
    assert (Path(problem.path).name, problem.field, problem.reason) == (
        "b.toml",
        "name",
        "'same' is already the name of a.toml",
    )


# ------------------------------------------------------------------------------ choosing


def test_which_theme_wins() -> None:
    themes = {"dark": 1, "light": 2, "high-contrast": 3}
    env = {"REVIEWTUI_THEME": "light"}
    assert choose_theme(themes, "high-contrast", env, "dark").name == "high-contrast"
    assert choose_theme(themes, None, env, "high-contrast").name == "light"
    assert choose_theme(themes, None, {}, "high-contrast").name == "high-contrast"
    assert choose_theme(themes, None, {}, None) == choose_theme(themes, None, {}, None)
    assert choose_theme(themes, None, {}, None).origin == "default"
    assert choose_theme(themes, " Light ", {}, None).name == "light"  # typed loosely
    unknown = choose_theme(themes, "nord", {"REVIEWTUI_THEME": "solarized"}, "light")
    assert unknown.name == "light" and unknown.origin == "saved"
    assert "'nord' (--theme) or 'solarized' ($REVIEWTUI_THEME)" in (unknown.problem or "")
    assert "dark, high-contrast, light" in (unknown.problem or "")
    assert choose_theme(themes, None, {}, None).name == "dark"
    assert choose_theme({"light": 1, "team": 2}, None, {}, None).name == "light"  # no dark: the first there is
    assert choose_theme(themes, " ", {"REVIEWTUI_THEME": ""}, "light").name == "light"  # blank: not asked for
    assert choose_theme(themes, "light", env, "dark").problem is None


async def test_an_unknown_theme_name_starts_the_app_on_the_default_and_says_so(store, monkeypatch) -> None:
    monkeypatch.setenv("REVIEWTUI_THEME", "[b]solarized")
    app = make_app(store, theme="nord")
    notices = Notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "dark"
        [(message, options)] = notices.titled("Theme")
        assert "'nord' (--theme)" in message and "'[b]solarized' ($REVIEWTUI_THEME)" in message
        assert options["markup"] is False


async def test_only_reviewtuis_themes_are_offered_and_textuals_own_list_is_left_alone(store) -> None:
    builtin_before = dict(BUILTIN_THEMES)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert set(app.available_themes) == set(BUNDLED)
    assert builtin_before == BUILTIN_THEMES and "nord" in BUILTIN_THEMES


async def pick_in_palette(pilot, name: str) -> None:
    pilot.app.action_change_theme()  # the palette's "Theme" command
    await settle(pilot)
    await pilot.press(*name)
    await settle(pilot, 0.2)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_theme_picked_in_the_palette_is_saved_and_used_at_the_next_start(store, monkeypatch) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not settings().exists()
        await pick_in_palette(pilot, "light")
        assert app.theme == "light"
    assert json.loads(settings().read_text(encoding="utf-8")) == {"theme": "light"}
    assert not any(p.name == "settings.json" for p in store.root.rglob("*"))  # never in the sessions

    again = make_app(store)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "light" and again.theming.choice.origin == "saved"
        assert not again.current_theme.dark

    monkeypatch.setenv("REVIEWTUI_THEME", "high-contrast")  # the environment beats the saved choice
    assert make_app(store).theme == "high-contrast"
    assert make_app(store, theme="ansi-dark").theme == "ansi-dark"  # and --theme beats both
    assert json.loads(settings().read_text(encoding="utf-8")) == {"theme": "light"}  # neither is saved


async def test_saving_keeps_other_settings_and_a_broken_settings_file_is_ignored(store) -> None:
    settings().parent.mkdir(parents=True)
    settings().write_text("{not json", encoding="utf-8")
    app = make_app(store)
    assert app.theme == "dark"
    assert settings().read_text(encoding="utf-8") == "{not json"  # starting writes nothing
    settings().write_text('{"theme": "light", "later": 1}', encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pick_in_palette(pilot, "high")
        assert app.theme == "high-contrast"
    assert json.loads(settings().read_text(encoding="utf-8")) == {"later": 1, "theme": "high-contrast"}


async def test_the_palette_previews_the_highlighted_theme_and_escape_puts_the_old_one_back(store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_change_theme()
        await settle(pilot)
        assert app.theme == "dark"  # the theme in use is listed first: opening changes nothing
        await pilot.press("down")
        await settle(pilot)
        assert app.theme == "ansi-dark" and app.current_theme.ansi  # shown at once...
        await pilot.press("down", "down", "down")
        await settle(pilot)
        assert app.theme == "light" and app.theme_variables["status-at-risk"] == "#7D4E00"
        await pilot.press("escape")
        await settle(pilot)
        assert app.theme == "dark"  # ...and only a pick keeps it
        assert not settings().exists()


async def test_the_preview_works_from_the_command_palette_too(store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Theme")
        await settle(pilot, 0.2)
        await pilot.press("enter")  # the palette's "Theme" command opens the list of themes
        await settle(pilot, 0.2)
        await pilot.press("down")
        await settle(pilot)
        assert app.theme == "ansi-dark"
        await pilot.press("escape")
        await settle(pilot)
        assert app.theme == "dark" and not settings().exists()


async def test_the_palette_shows_a_themes_description_as_written_not_as_markup(store) -> None:
    (user_themes() / "team.toml").write_text(
        'description = "Ours [b]not bold[/b] [red]"\nprimary = "#00AAFF"\n', encoding="utf-8"
    )
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_change_theme()
        await settle(pilot, 0.2)
        listing = app.screen.query_one(OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert len(prompts) == len(BUNDLED) + 1  # reviewtui's themes only
        assert any("Ours [b]not bold[/b] [red]" in prompt for prompt in prompts), prompts


async def test_an_unwritable_config_dir_keeps_the_pick_for_this_run_and_says_so(store) -> None:
    config = settings().parent
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("a file where the folder should be", encoding="utf-8")
    app = make_app(store)
    notices = Notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pick_in_palette(pilot, "light")
        assert app.theme == "light"
        [(message, options)] = notices.titled("not saved")
        assert "light is used until you quit" in message and options["severity"] == "error"


# ------------------------------------------------------------------------------ variables in use


async def test_a_themes_status_colours_reach_the_screens(demo_dir: Path) -> None:
    (user_themes() / "team.toml").write_text(
        'primary = "#00AAFF"\n[variables]\nstatus-at-risk = "#123456"\n', encoding="utf-8"
    )
    app = make_app(SessionStore(demo_dir), session_id=Q3, theme="team")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        app.screen.show_phase("kpis")
        await settle(pilot, 0.2)
        # The first KPI of the demo is at risk: its bar and its status line take the theme's colour.
        bar = app.screen.query_one(".kpi-bar Bar")
        assert bar.get_component_styles("bar--bar").color == Color.parse("#123456")
        status = app.screen.query_one(".kpi-status")
        assert "◐ at risk" in str(status.render())
        assert any(span.style == "$status-at-risk" for span in status.render().spans)
        # What the theme leaves out follows its own text colours.
        generated = app.current_theme.to_color_system().generate()
        assert app.theme_variables["status-off-track"] == generated["text-error"]
        assert app.theme_variables["status-on-track"] == generated["text-success"]


# ------------------------------------------------------------------------------ NO_COLOR


async def test_no_color_keeps_the_cursor_the_focus_and_the_status_visible(demo_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(SessionStore(demo_dir), session_id=Q3, theme="ansi-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.2)
        app.screen.show_phase("kpis")
        await settle(pilot, 0.2)
        assert app.no_color
        listing = app.screen.query_one(".item-list", OptionList)
        listing.focus()
        await settle(pilot)
        assert "underline" in str(listing.get_component_styles("option-list--option-highlighted").text_style)
        assert listing.styles.border.top[0] == "heavy"  # focus told by the border's shape
        assert app.screen.query_one(".kpi-bar").styles.display == "none"  # colour-only: the words stay
        assert "◐ at risk" in str(app.screen.query_one(".kpi-status").render())


REVIEWTUI = str(Path(sys.executable).parent / "reviewtui")
_SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_codes(output: bytes) -> set[str]:
    """The colour parameters of every SGR sequence (39 and 49, the terminal's defaults, are not colour)."""
    found = set()
    for params in _SGR.findall(output):
        for param in re.split(rb"[;:]", params):
            if param and (30 <= int(param) <= 38 or 40 <= int(param) <= 48 or 90 <= int(param) <= 107):
                found.add(param.decode())
    return found


def _plain(output: bytes) -> bytes:
    return re.sub(rb"\x1b\[[0-9;?:<>=]*[ -/]*[@-~]", b"", output)


def screen_of(argv: list[str], env: dict[str, str]) -> bytes:
    """The bytes reviewtui writes on a real 80x24 pty while it shows the KPIs of the Q3 demo review."""
    import fcntl
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:
        os.execve(REVIEWTUI, [REVIEWTUI, *argv], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        output = read_until(fd, b"Close", 20)
        os.write(fd, b"\x1b[5~" * 4)  # PgUp from Close back to the KPIs
        output += read_until(fd, b"61% of the way", 20)
        output += read_for(fd, 0.5)  # then half a second more: the whole frame
    finally:
        end_draining(pid, fd)
    assert b"61% of the way" in _plain(output), _plain(output)[-1500:]
    return output


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["dark", "ansi-dark", "high-contrast"])
def test_no_color_sends_the_terminal_no_colour_at_all(demo_dir: Path, tmp_path: Path, theme: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"} | {"TERM": "xterm-256color"}
    argv = ["--sessions", str(demo_dir), "--as", "Maya", "--theme", theme, "open", Q3]
    assert colour_codes(screen_of(argv, env))  # the control: in colour without NO_COLOR
    shutil.rmtree(demo_dir / ".reviewtui", ignore_errors=True)
    plain = screen_of(argv, env | {"NO_COLOR": "1"})
    assert colour_codes(plain) == set()
    styles = [set(params.split(b";")) for params in _SGR.findall(plain)]
    assert {b"1", b"4"} in [style & {b"1", b"4"} for style in styles]  # the highlighted KPI: bold, underlined


# ------------------------------------------------------------------------------ `reviewtui themes`


def test_the_themes_command_lists_every_theme_where_it_comes_from_and_the_one_in_use(capsys, tmp_path) -> None:
    write_broken_themes(user_themes())
    more = tmp_path / "more"
    more.mkdir()
    (more / "team.toml").write_text('primary = "#00AAFF"\ndark = false\n', encoding="utf-8")
    assert main(["themes", "--themes-dir", str(more), "--theme", "team"]) == 0
    out, err = capsys.readouterr()
    table = out.split("\n\n")[0].splitlines()
    assert table[0].split() == ["NAME", "MODE", "SOURCE"]
    rows = {line.removeprefix("*").split()[0]: line for line in table[1:]}
    for name in BUNDLED:
        assert re.search(rf"^\s+{re.escape(name)}\s+(dark|light)\s+bundled$", rows[name], re.M), rows[name]
    folder = shown_path(user_folder())
    assert folder.startswith("~/") and rows["ours"].split()[1:] == ["dark", "user", f"{folder}/ours.toml"]
    assert re.match(rf"^\*\s+team\s+light\s+--themes-dir {re.escape(str(more))}/team.toml$", rows["team"])
    assert "* in use: team (from --theme)" in out
    warnings = err.splitlines()
    assert len(warnings) == len(BROKEN) + 1 and all(w.startswith(f"reviewtui: warning: {folder}/") for w in warnings)
    assert f"reviewtui: warning: {folder}/colour.toml: primary: failed to parse 'blurple'" in err


def test_the_themes_command_as_json_marks_the_saved_choice(capsys) -> None:
    settings().parent.mkdir(parents=True)
    settings().write_text('{"theme": "light"}', encoding="utf-8")
    assert main(["themes", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    by_name = {t["name"]: t for t in document["themes"]}
    assert set(by_name) == set(BUNDLED) and document["problems"] == []
    assert by_name["light"]["in_use"] and by_name["light"]["saved"] and not by_name["dark"]["in_use"]
    assert by_name["ansi-dark"]["ansi"] and by_name["high-contrast"]["source"] == "bundled"
    assert document["user_folder"] == str(user_folder())


def test_the_themes_dir_option_goes_before_the_command_too(capsys, tmp_path) -> None:
    (tmp_path / "team.toml").write_text('primary = "#00AAFF"\n', encoding="utf-8")
    assert main(["--themes-dir", str(tmp_path), "themes"]) == 0
    out = capsys.readouterr().out
    assert "--themes-dir" in out
    assert re.search(rf"^\s+team\s+dark\s+--themes-dir {re.escape(str(tmp_path))}/team.toml$", out, re.M), out


def test_the_cli_gives_theme_and_themes_dir_to_the_app(monkeypatch, tmp_path, sessions_dir) -> None:
    seen = {}

    def run_app(store, actor, session_id=None, **options):
        seen.update(options)
        return 0

    import reviewtui.cli as cli
    import reviewtui.ui.app as app_module

    monkeypatch.setattr(app_module, "run_app", run_app)
    monkeypatch.setattr(cli, "_need_terminal", lambda: None)
    assert main(["--sessions", str(sessions_dir), "--theme", "light", "--themes-dir", str(tmp_path)]) == 0
    assert seen["theme"] == "light" and seen["themes_dir"] == tmp_path


def test_nothing_is_written_until_a_theme_is_picked(store) -> None:
    make_app(store)
    assert not platformdirs.user_config_path("reviewtui").exists()  # no folder made by starting or importing
    assert subprocess.run([sys.executable, "-c", "import reviewtui.ui.app"], check=True).returncode == 0
    assert not platformdirs.user_config_path("reviewtui").exists()


async def test_without_any_theme_file_the_app_still_starts_on_textuals_own(store, monkeypatch, tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    for module in (catalogue_module, manager_module):  # a broken install: no bundled themes
        monkeypatch.setattr(module, "bundled_folder", lambda: tmp_path / "empty")
    app = make_app(store, theme="light")
    notices = Notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark" and "status-at-risk" in app.theme_variables
        [(message, _)] = notices.titled("theme file")
        assert "no theme files here" in message
