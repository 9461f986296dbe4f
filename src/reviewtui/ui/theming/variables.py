"""reviewtui's own theme variables (status colours) and their defaults, taken from the theme itself.

A theme file may set any of these under `[variables]`; what it leaves out follows the theme's
own text colours, so a theme written only with Textual's colours still tells status apart.
"""

from __future__ import annotations

from textual.theme import Theme

# name -> (the Textual variable its default follows, what it colours)
STATUS_VARIABLES: dict[str, tuple[str, str]] = {
    "status-achieved": ("text-success", "a KPI at or past its target (★ achieved)"),
    "status-on-track": ("text-success", "a KPI at 70% of the way or more (● on track)"),
    "status-at-risk": ("text-warning", "a KPI at 40% to 70% of the way (◐ at risk)"),
    "status-off-track": ("text-error", "a KPI below 40% of the way (○ off track)"),
    "status-no-data": ("text-muted", "a KPI with no reading yet (· no data)"),
}


def variable_defaults(theme: Theme) -> dict[str, str]:
    """The value of each reviewtui variable that `theme` does not set: its matching text colour."""
    textual_variables = {**theme.to_color_system().generate(), **theme.variables}
    return {name: textual_variables[source] for name, (source, _) in STATUS_VARIABLES.items()}
