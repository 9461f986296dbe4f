"""Every theme reviewtui can use: the bundled files, the user's config dir, and --themes-dir.

A file that cannot be used is a `ThemeProblem` (file, field, reason) and is skipped; loading
never raises, so the app always starts with at least the bundled themes.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError

from reviewtui.store.safe_read import NotAFile, read_capped
from reviewtui.ui.theming.spec import ThemeSpec, VariableProblems

DEFAULT_THEME = "dark"
BUNDLED, USER, THEMES_DIR = "bundled", "user", "--themes-dir"
_MAX_BYTES = 64 * 1024  # a theme is a few dozen lines; anything bigger is not one


@dataclass(frozen=True)
class ThemeProblem:
    """A theme file that was skipped: which file, which field, and why."""

    path: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class LoadedTheme:
    spec: ThemeSpec
    source: str
    """`bundled`, `user` (the config dir) or `--themes-dir`."""
    path: str
    replaces: str | None = None
    """The source of a theme of the same name this one takes the place of."""

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass
class Catalogue:
    themes: dict[str, LoadedTheme] = field(default_factory=dict)
    problems: list[ThemeProblem] = field(default_factory=list)


def bundled_folder() -> Traversable:
    """The themes shipped in the wheel (`reviewtui/themes`), else the repo's `themes/` (editable)."""
    packaged = files("reviewtui") / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[4] / "themes"


def user_folder() -> Path:
    """Where a user's own theme files go. Not created here: only read if it exists."""
    return platformdirs.user_config_path("reviewtui") / "themes"


def shown_path(path: Path | Traversable) -> str:
    """A path as the user would type it: the home folder as ~."""
    text = str(path)
    home = str(Path.home())
    return "~" + text[len(home) :] if home not in ("", "/") and text.startswith(home + "/") else text


def load_catalogue(themes_dir: Path | None = None) -> Catalogue:
    """Bundled, then the user's config dir, then --themes-dir: a later theme of the same name wins."""
    catalogue = Catalogue()
    folders: list[tuple[str, Path | Traversable]] = [(BUNDLED, bundled_folder()), (USER, user_folder())]
    if themes_dir is not None:
        if not themes_dir.is_dir():
            catalogue.problems.append(ThemeProblem(str(themes_dir), "--themes-dir", "no such folder"))
        elif themes_dir.resolve() != user_folder().resolve():  # the config dir again: read once, not twice
            folders.append((THEMES_DIR, themes_dir))
    for source, folder in folders:
        _load_folder(catalogue, source, folder)
    return catalogue


def _load_folder(catalogue: Catalogue, source: str, folder: Path | Traversable) -> None:
    try:
        entries = sorted(
            (e for e in folder.iterdir() if e.name.endswith(".toml") and not e.name.startswith(".")),
            key=lambda e: e.name,
        )
    except OSError:  # a missing user folder is the usual case: no themes of one's own
        return
    seen: dict[str, str] = {}
    for entry in entries:
        shown = shown_path(entry)
        spec, problems = read_theme(entry, bundled=source == BUNDLED)
        if spec is None:
            catalogue.problems.extend(problems)
            continue
        if spec.name in seen:
            catalogue.problems.append(
                ThemeProblem(shown, "name", f"{spec.name!r} is already the name of {seen[spec.name]}")
            )
            continue
        seen[spec.name] = entry.name
        earlier = catalogue.themes.get(spec.name)
        catalogue.themes[spec.name] = LoadedTheme(spec, source, shown, earlier.source if earlier else None)


def read_theme(entry: Path | Traversable, bundled: bool = False) -> tuple[ThemeSpec | None, list[ThemeProblem]]:
    """One file: its theme, or what is wrong with it (every field that fails, each with its reason)."""
    shown = shown_path(entry)
    try:
        if isinstance(entry, Path):  # someone's folder: a FIFO or a device named *.toml is refused unread
            data = read_capped(entry, _MAX_BYTES) or b""
        else:
            with entry.open("rb") as stream:  # bundled, inside the package
                data = stream.read(_MAX_BYTES + 1)
    except NotAFile as problem:
        return None, [ThemeProblem(shown, "file", f"{problem.reason}: not a theme file")]
    except OSError as problem:
        return None, [ThemeProblem(shown, "file", f"cannot be read ({problem.strerror or problem})")]
    if len(data) > _MAX_BYTES:
        return None, [ThemeProblem(shown, "file", f"bigger than {_MAX_BYTES // 1024} KiB: not a theme file")]
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None, [ThemeProblem(shown, "file", "not UTF-8 text")]
    except tomllib.TOMLDecodeError as problem:
        return None, [ThemeProblem(shown, "toml", str(problem))]
    document.setdefault("name", entry.name.removesuffix(".toml"))
    if bundled:
        # Ours, and checked by the tests (test_each_bundled_theme_loads): not again at each start,
        # where the checks below cost ~6 ms for the five of them.
        return ThemeSpec.model_construct(**document), []
    try:
        spec = ThemeSpec.model_validate(document)
    except ValidationError as invalid:
        problems = []
        for error in invalid.errors():
            cause = error.get("ctx", {}).get("error")
            if isinstance(cause, VariableProblems):  # one line per variable, named
                problems += [ThemeProblem(shown, f"variables.{name}", reason) for name, reason in cause.problems]
            else:
                problems.append(ThemeProblem(shown, _field(error["loc"]), _reason(error)))
        return None, problems
    try:
        spec.to_theme().to_color_system().generate()  # what the app will do with it: must not fail
    except Exception as problem:  # whatever it is, the file is skipped, the app starts
        return None, [ThemeProblem(shown, "colours", f"Textual cannot build a theme from them ({problem})")]
    return spec, []


def _field(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "theme"


def _reason(error: Any) -> str:
    kind, loc, message = error["type"], error["loc"], error["msg"]
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), list(ThemeSpec.model_fields), n=1)
        return "not a theme setting" + (f"; did you mean {close[0]!r}?" if close else "")
    if kind == "missing":
        return "missing: every theme needs one"
    if kind == "string_pattern_mismatch" and loc == ("name",):
        return f"{error['input']!r} is not a theme name: lower-case letters, digits and -, e.g. team-dark"
    if kind.endswith("_type"):
        wanted = _WANTED.get(kind)
        return f"{wanted or message} (got {error['input']!r})"
    return message


_WANTED = {
    "bool_type": "should be true or false",
    "string_type": "should be text in quotes",
    "float_type": "should be a number",
    "dict_type": "should be a table: [variables]",
}
