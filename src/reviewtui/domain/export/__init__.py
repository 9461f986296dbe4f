"""Exports of a review as of some event, through one registry of formats (see `FORMATS`).

The registry is light on purpose: the CLI offers its names at every start, and what writes each
format (domain.export.renderers, which reads the whole domain) is imported only when one is used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewtui.domain.review import Review
    from reviewtui.domain.series import Threads

Renderer = Callable[["Review", Sequence[Mapping[str, Any]], int, "Threads | None"], str]


@dataclass(frozen=True)
class ExportFormat:
    """One way to take a review away: what the CLI's --format, the export dialog and the file
    suffix all read, so a format added here is offered everywhere at once."""

    name: str
    """As given to `--format`, and the file suffix: md, json, csv."""
    label: str
    """As the export dialog offers it."""
    renderer: str
    """The function in domain.export.renderers that writes it (imported when a format is used: the
    CLI reads this registry for its choices at every start, and renderers read the whole domain)."""
    uses_history: bool = False
    """Does it show each KPI's readings across the series? Then it is given the series of every
    session, a session of no series being a series of one."""
    uses_series: bool = False
    """Does it look back through the series (did done actions move their KPI, decisions to
    revisit)? Then it is given the series of a session in one, as the app's check-in and Close
    phase are: a session in no series has nothing to look back on."""

    @property
    def suffix(self) -> str:
        return f".{self.name}"

    def render(self, review: Review, events: Sequence[Mapping[str, Any]], total: int, threads: Threads | None) -> str:
        """(review as of an event, the raw event documents, the session's event count, the series
        with that review as its last session, if the format looks through it) -> text."""
        from reviewtui.domain.export import renderers

        render: Renderer = getattr(renderers, self.renderer)
        return render(review, events, total, threads)


FORMATS: dict[str, ExportFormat] = {
    export.name: export
    for export in (
        ExportFormat("md", "Minutes (Markdown)", "render_md", uses_series=True),
        ExportFormat("json", "Everything (JSON)", "render_json", uses_history=True),
        ExportFormat("csv", "Action items (CSV)", "render_csv"),
        ExportFormat("html", "Minutes to send (HTML)", "render_html", uses_series=True),
    )
}
"""The export formats, the first the default."""
DEFAULT_FORMAT = next(iter(FORMATS))
