"""Which theme the app starts with: --theme, else $REVIEWTUI_THEME, else the saved choice, else dark."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from reviewtui.ui.theming.catalogue import DEFAULT_THEME

ENVIRONMENT_VARIABLE = "REVIEWTUI_THEME"


@dataclass(frozen=True)
class Choice:
    name: str
    origin: str
    """Where the name came from: `--theme`, `$REVIEWTUI_THEME`, `saved` or `default`."""
    problem: str | None = None
    """A sentence for the user when a theme was asked for and is not there."""


def choose_theme(
    available: Collection[str], requested: str | None, environ: Mapping[str, str], saved: str | None
) -> Choice:
    missing: list[str] = []
    candidates = (
        ("--theme", requested),
        (f"${ENVIRONMENT_VARIABLE}", environ.get(ENVIRONMENT_VARIABLE)),
        ("saved", saved),
    )
    for origin, asked in candidates:
        name = (asked or "").strip().lower()
        if not name:
            continue
        if name in available:
            return Choice(name, origin, _problem(missing, name, available))
        missing.append(f"{asked!r} ({'your saved choice' if origin == 'saved' else origin})")
    name = DEFAULT_THEME if DEFAULT_THEME in available else sorted(available)[0]
    return Choice(name, "default", _problem(missing, name, available))


def _problem(missing: list[str], used: str, available: Collection[str]) -> str | None:
    if not missing:
        return None
    return (
        f"No theme called {' or '.join(missing)}; using {used!r}. The themes are: "
        f"{', '.join(sorted(available))} (`reviewtui themes` says where each comes from)."
    )
