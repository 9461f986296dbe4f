"""Where the focus is, plain in every theme: reviewtui's focus variables and their defaults.

A theme may set any of `FOCUS_VARIABLES` under `[variables]`; what it leaves out is worked out
here from its own colours, held to WCAG 2 contrast: the text on the focused row at 4.5:1 or
more (its status marks too), the focus indicator at 3:1 or more against the background.
`ui/focus.tcss` says where each variable is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.color import Color, ColorParseError

FOCUS_VARIABLES: dict[str, str] = {
    "focus-indicator": "what marks the focused widget: the block behind a field's label, a list's border",
    "focus-indicator-text": "the text of a focused field's label, on focus-indicator",
    "focus-field-background": "the background of the field being typed in",
    "focus-row-background": "the highlighted row of the list, table or timeline that has the focus",
    "focus-row-foreground": "the text of that row (its status marks keep their own colours)",
    "focus-row-text-style": "the text style of that row: bold underline, so the row is told by more than colour",
    "focus-row-blurred-background": "the highlighted row of a list without the focus: visibly weaker",
    "focus-row-blurred-foreground": "the text of that row",
}

TEXT_CONTRAST = 4.5
"""WCAG 2 (1.4.3, AA): text against what is behind it."""
INDICATOR_CONTRAST = 3.0
"""WCAG 2 (1.4.11 and 2.4.13): a focus indicator against what is around it."""

ROW_TEXT = (
    "text",
    "text-muted",
    "text-success",
    "text-warning",
    "text-accent",
    "status-achieved",
    "status-on-track",
    "status-at-risk",
    "status-off-track",
    "status-no-data",
)
"""The colours a list's rows are written in (see the panes): each stays readable on the focused row."""

_MARGIN = 0.1
"""Defaults aim this far past each bound: a colour written to the file rounds to whole numbers."""
_BLACK, _WHITE = Color(0, 0, 0), Color(255, 255, 255)


def luminance(colour: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour: 0 for black, 1 for white."""

    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.04045 else ((value_ + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(one: Color, other: Color) -> float:
    """WCAG 2 contrast ratio of two opaque colours: 1 (the same) to 21 (black and white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def resolve(value: str, background: Color) -> Color:
    """A theme value ('#fff', '#fff 50%', 'auto 60%', 'transparent') as drawn on `background`."""
    base, _, percent = value.strip().partition(" ")
    alpha = float(percent.rstrip("%")) / 100 if percent else 1.0
    if base == "auto":
        return background + background.get_contrast_text(alpha)
    return background + Color.parse(base).multiply_alpha(alpha)


def focus_defaults(variables: Mapping[str, str], ansi: bool, dark: bool) -> dict[str, str]:
    """The focus variables for a theme whose other variables (Textual's and the status colours) are
    `variables`: worked out from them, so that each contrast above holds where the theme allows it."""
    if ansi:
        return _ansi_defaults(variables, dark)
    try:
        return _defaults(variables)
    except (ColorParseError, KeyError, ValueError):  # a value Textual reads and we do not: its own look
        return _ansi_defaults(variables, dark)


def _ansi_defaults(variables: Mapping[str, str], dark: bool) -> dict[str, str]:
    """The terminal's own colours: whatever its palette, its brightest and darkest contrast most."""
    bright, deep = ("ansi_bright_white", "ansi_black") if dark else ("ansi_black", "ansi_bright_white")
    return {
        "focus-indicator": bright,
        "focus-indicator-text": deep,
        "focus-field-background": variables.get("block-cursor-blurred-background", "ansi_default"),
        "focus-row-background": variables.get("block-cursor-background", "ansi_default"),
        "focus-row-foreground": variables.get("block-cursor-foreground", "ansi_default"),
        "focus-row-text-style": "bold underline",
        "focus-row-blurred-background": variables.get("block-cursor-blurred-background", "ansi_default"),
        "focus-row-blurred-foreground": variables.get("block-cursor-blurred-foreground", "ansi_default"),
    }


def _defaults(variables: Mapping[str, str]) -> dict[str, str]:
    background = resolve(variables["background"], _BLACK)
    surface = resolve(variables["surface"], background)
    hues = [resolve(variables[name], background) for name in ("primary", "secondary", "accent")]

    indicator = _indicator(hues[0], (background, surface))
    indicator_text = _best_text(indicator, (variables["background"], variables["foreground"]))
    row = _row(variables, surface, hues)
    row_text = _best_text(row, (variables["foreground"], variables["text"]))
    blurred = _blurred(surface, resolve(variables["foreground"], surface), contrast(row, surface))
    field = _quiet_tint(variables, background, indicator)
    return {
        "focus-indicator": indicator.hex,
        "focus-indicator-text": indicator_text.hex,
        "focus-field-background": field.hex,
        "focus-row-background": row.hex,
        "focus-row-foreground": row_text.hex,
        "focus-row-text-style": "bold underline",
        "focus-row-blurred-background": blurred.hex,
        "focus-row-blurred-foreground": _best_text(blurred, (variables["foreground"], variables["text"])).hex,
    }


def _toward_contrast(colour: Color, against: Color) -> Iterable[Color]:
    """`colour`, then ever further from `against` (lighter on a dark one, darker on a light one)."""
    end = _WHITE if luminance(against) < 0.18 else _BLACK
    for step in range(21):
        yield colour.blend(end, step / 20)


def _indicator(primary: Color, around: tuple[Color, ...]) -> Color:
    """The theme's primary colour, moved until it stands out from everything around it (4.5:1, well
    past the 3:1 asked of an indicator) and its label's text reads on it at 7:1."""
    wanted = TEXT_CONTRAST + _MARGIN
    for candidate in _toward_contrast(primary, around[0]):
        if min(contrast(candidate, colour) for colour in around) >= wanted and (
            max(contrast(candidate, _BLACK), contrast(candidate, _WHITE)) >= 7.0
        ):
            return candidate
    return _WHITE if luminance(around[0]) < 0.18 else _BLACK


def _row(variables: Mapping[str, str], surface: Color, hues: list[Color]) -> Color:
    """The focused row: as far from the list's own background, toward one of the theme's colours,
    as the row's every text colour allows (each at 4.5:1 or more on it; one that is not even on
    the list itself is the theme's to fix, and left out)."""
    wanted = TEXT_CONTRAST + _MARGIN
    texts = [
        variables[name]
        for name in ROW_TEXT
        if name in variables and contrast(resolve(variables[name], surface), surface) >= wanted
    ]

    def readable(row: Color) -> bool:
        return all(contrast(resolve(text, row), row) >= wanted for text in texts) and (
            max(contrast(_BLACK, row), contrast(_WHITE, row)) >= 7.0
        )

    best, best_contrast = surface, 1.0
    for hue in hues:
        for step in range(50, 0, -1):
            candidate = surface.blend(hue, step / 50)
            if readable(candidate):
                if contrast(candidate, surface) > best_contrast:
                    best, best_contrast = candidate, contrast(candidate, surface)
                break
    return best


def _blurred(surface: Color, foreground: Color, focused: float) -> Color:
    """The unfocused highlight: grey, not the focused row's colour, a third as far from the list."""
    wanted = 1 + (focused - 1) / 3
    found = surface.blend(foreground, 0.02)  # never the list itself: the row is still found
    for step in range(2, 51):
        candidate = surface.blend(foreground, step / 100)
        if contrast(candidate, surface) > wanted:
            break
        found = candidate
    return found


def _best_text(background: Color, choices: Iterable[str]) -> Color:
    """Of the theme's own text colours, the first that reads at 7:1 on `background`; else black or white."""
    for choice in choices:
        colour = resolve(choice, background)
        if contrast(colour, background) >= 7.0:
            return colour
    return max((_BLACK, _WHITE), key=lambda colour: contrast(colour, background))


def _quiet_tint(variables: Mapping[str, str], background: Color, indicator: Color) -> Color:
    """The field being typed in: its background tinted toward the indicator, its text still at 7:1."""
    for step in range(6, 0, -1):
        candidate = background.blend(indicator, step / 20)
        if contrast(resolve(variables["foreground"], candidate), candidate) >= 7.0:
            return candidate
    return background
