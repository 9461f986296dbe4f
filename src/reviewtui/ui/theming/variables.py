"""reviewtui's own theme variables (status colours, focus) and their defaults, taken from the theme itself.

A theme file may set any of these under `[variables]`; what it leaves out follows the theme's
own colours, so a theme written only with Textual's colours still tells status apart and still
shows where the focus is (see `focus`).
"""

from __future__ import annotations

from textual.theme import Theme

from reviewtui.ui.theming.focus import FOCUS_VARIABLES, focus_defaults

# name -> (the Textual variable its default follows, what it colours)
STATUS_VARIABLES: dict[str, tuple[str, str]] = {
    "status-achieved": ("text-success", "a KPI at or past its target (★ achieved)"),
    "status-on-track": ("text-success", "a KPI at 70% of the way or more (● on track)"),
    "status-at-risk": ("text-warning", "a KPI at 40% to 70% of the way (◐ at risk)"),
    "status-off-track": ("text-error", "a KPI below 40% of the way (○ off track)"),
    "status-no-data": ("text-muted", "a KPI with no reading yet (· no data)"),
}

REVIEWTUI_VARIABLES: dict[str, str] = {
    **{name: about for name, (_, about) in STATUS_VARIABLES.items()},
    **FOCUS_VARIABLES,
}
"""Every variable of reviewtui's own, with what it colours."""


def variable_defaults(theme: Theme) -> dict[str, str]:
    """The value of each reviewtui variable that `theme` does not set: from its own colours."""
    textual_variables = {**theme.to_color_system().generate(), **theme.variables}
    status = {name: textual_variables[source] for name, (source, _) in STATUS_VARIABLES.items()}
    # The focus defaults are held to contrast against the status colours the theme ends up with.
    focus = focus_defaults({**textual_variables, **status, **theme.variables}, theme.ansi, theme.dark)
    return {**status, **focus}
