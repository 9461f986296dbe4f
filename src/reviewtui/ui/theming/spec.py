"""One theme file: the pydantic model that checks it, and its conversion to a Textual `Theme`.

Every value is checked the way Textual will read it (a colour, a colour with an opacity, a text
style), so a file that passes cannot stop the app's stylesheet from loading.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from textual.color import Color, ColorParseError
from textual.css.stylesheet import Stylesheet, StylesheetParseError
from textual.markup import parse_style
from textual.theme import Theme

from reviewtui.ui.theming.focus import FOCUS_VARIABLES
from reviewtui.ui.theming.variables import STATUS_VARIABLES

THEME_NAME = r"^[a-z0-9][a-z0-9-]{0,39}$"
# What a colour or a text style can be made of: nothing that could end the CSS value it goes into.
_VALUE = re.compile(r"[A-Za-z0-9_#%(),.\s-]{1,60}")
_EXAMPLES = "e.g. #1e90ff, dodgerblue, ansi_blue"


def _css_accepts(declarations: list[tuple[str, str]]) -> bool:
    """Does Textual's own CSS parser take each (property, value)? One parse for them all."""
    sheet = Stylesheet()
    rules = "\n".join(f"#v{n} {{ {rule}: {value}; }}" for n, (rule, value) in enumerate(declarations))
    sheet.add_source(rules, read_from=("theme file", ""))
    try:
        sheet.parse()
    except StylesheetParseError:
        return False
    return True


def _plain(value: str) -> str:
    if not _VALUE.fullmatch(value):
        raise ValueError(f"{value!r} is not a colour or a style: it can only hold letters, digits, # % ( ) , . _ -")
    return value.strip()


def _colour_part(value: str) -> str:
    """'#ff0000 50%' -> '#ff0000': Textual takes an opacity after a colour."""
    return re.sub(r"\s+\d+(\.\d+)?%$", "", value)


def _check_colour(value: str, auto: bool = False) -> str:
    value = _plain(value)
    base = _colour_part(value)
    if base == "auto":
        if not auto:
            raise ValueError("'auto' (the text colour that contrasts best) is only for text colours")
    elif base != "transparent":
        try:
            Color.parse(base)
        except ColorParseError as problem:
            raise ValueError(f"{problem} ({_EXAMPLES})") from None
    # Variables are used in styled text as well as in the stylesheet (checked in `_variables`).
    try:
        parse_style(value, {})
    except Exception:  # any failure here is a value Textual cannot style text with
        raise ValueError(f"Textual does not read {value!r} as a colour ({_EXAMPLES})") from None
    return value


def _check_text_colour(value: str) -> str:
    return _check_colour(value, auto=True)


def _check_status_colour(value: str) -> str:
    value = _check_colour(value, auto=True)
    if _colour_part(value) == "transparent":
        raise ValueError("a status needs a colour that shows")
    return value


def _check_text_style(value: str) -> str:
    return _plain(value)  # the stylesheet's parser decides (see `_css_problem`)


def _is_text_colour(name: str) -> bool:
    """A variable only ever used as the colour of text (so 'auto', the best contrast, is allowed)."""
    if name in STATUS_VARIABLES:
        return True
    if name in FOCUS_VARIABLES:
        return name.endswith(("-foreground", "-text"))
    return textual_variables()[name].startswith("auto")


def _css_declarations(name: str, value: str) -> list[tuple[str, str]]:
    """Where Textual may put a variable's value: a colour as text and background, a text style."""
    if name.endswith("-style") and name not in STATUS_VARIABLES:
        return [("text-style", value)]
    return [("color", value)] if _is_text_colour(name) else [("color", value), ("background", value)]


def _css_problem(name: str, value: str) -> str:
    if name.endswith("-style"):
        return f"{value!r} is not a text style (e.g. bold, reverse, underline, 'bold reverse', none)"
    return f"Textual does not read {value!r} as a colour ({_EXAMPLES})"


@lru_cache(maxsize=1)
def textual_variables() -> dict[str, str]:
    """Every variable a Textual theme can set, with its value in Textual's default dark theme."""
    plain = Theme("plain", primary="#0178D4").to_color_system().generate()
    ansi = Theme("ansi", primary="ansi_blue", ansi=True).to_color_system().generate()
    return {**ansi, **plain}


def known_variables() -> list[str]:
    return [*textual_variables(), *STATUS_VARIABLES, *FOCUS_VARIABLES]


def _check_for(name: str) -> Callable[[str], str] | None:
    """How a variable's value is checked: by what Textual does with the variable of that name."""
    if name in STATUS_VARIABLES:
        return _check_status_colour
    if name in FOCUS_VARIABLES:
        if name.endswith("-style"):
            return _check_text_style
        return _check_text_colour if _is_text_colour(name) else _check_colour
    default = textual_variables().get(name)
    if default is None:
        return None
    if name.endswith("-style"):
        return _check_text_style
    return _check_text_colour if default.startswith("auto") else _check_colour


class VariableProblems(ValueError):
    """The variables of a theme file that fail, each with its reason: one error per variable."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in problems))
        self.problems = problems


_COLOURS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)


class ThemeSpec(BaseModel):
    """A theme file: Textual's theme colours, then `[variables]` (Textual's and reviewtui's)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(pattern=THEME_NAME, description="what --theme and the palette call it")
    description: str = Field("", max_length=100)
    dark: bool = True
    ansi: bool = Field(False, description="colours are the terminal's own ANSI colours (ansi_red...)")
    primary: str
    secondary: str | None = None
    warning: str | None = None
    error: str | None = None
    success: str | None = None
    accent: str | None = None
    foreground: str | None = None
    background: str | None = None
    surface: str | None = None
    panel: str | None = None
    boost: str | None = None
    luminosity_spread: float = Field(0.15, ge=0.0, le=1.0)
    text_alpha: float = Field(0.95, ge=0.0, le=1.0)
    variables: dict[str, str] = Field(default_factory=dict, description="Textual's variables and reviewtui's")

    @field_validator(*_COLOURS)
    @classmethod
    def _base_colour(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        try:
            colour = Color.parse(_plain(value))
        except ColorParseError as problem:
            raise ValueError(f"{problem} ({_EXAMPLES})") from None
        if colour.ansi is not None and not info.data.get("ansi", False):
            raise ValueError(f"{value!r} is one of the terminal's ANSI colours: set `ansi = true` to use them")
        return value.strip()

    @field_validator("variables")
    @classmethod
    def _variables(cls, variables: dict[str, str]) -> dict[str, str]:
        # One check per variable, by its name (a field per variable would cost ~20 ms at each start).
        problems, checked = [], {}
        for name, value in variables.items():
            check = _check_for(name)
            if check is None:
                close = difflib.get_close_matches(name, known_variables(), n=1)
                problems.append(
                    (
                        name,
                        "not a variable reviewtui or Textual knows"
                        + (f"; did you mean {close[0]!r}?" if close else ""),
                    )
                )
                continue
            try:
                checked[name] = check(value)
            except ValueError as problem:
                problems.append((name, str(problem)))
        if not problems and not _css_accepts([d for n, v in checked.items() for d in _css_declarations(n, v)]):
            # Something the stylesheet would refuse: find which, one variable at a time.
            problems = [
                (n, _css_problem(n, v)) for n, v in checked.items() if not _css_accepts(_css_declarations(n, v))
            ]
        if problems:
            raise VariableProblems(problems)
        return checked

    def to_theme(self) -> Theme:
        """The Textual theme this file describes."""
        colours = {name: getattr(self, name) for name in _COLOURS}
        return Theme(
            name=self.name,
            dark=self.dark,
            ansi=self.ansi,
            luminosity_spread=self.luminosity_spread,
            text_alpha=self.text_alpha,
            variables=dict(self.variables),
            **colours,
        )
