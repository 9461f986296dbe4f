"""The session at a glance, beside the phase on a wide terminal (160 columns and more): where each
KPI stands, the actions still open, the decisions, and the room's latest changes in words."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.events import EventBase
from reviewtui.domain.kpi import format_value
from reviewtui.domain.replay import describe
from reviewtui.domain.review import Review
from reviewtui.store.session_file import SessionLog
from reviewtui.ui.status_marks import STATUS_MARK

RECENT = 12
"""How many of the latest changes are listed."""


def glance(review: Review, log: SessionLog) -> Content:
    """The sidebar's text: KPIs, open actions, decisions, the latest changes."""
    lines: list[Content] = [Content.styled("KPIs", "bold")]
    for kpi in review.kpis.values():
        mark, style = STATUS_MARK[review.kpi_status(kpi)]
        target = f" → {format_value(kpi.target, kpi.unit)}" if kpi.target is not None else ""
        lines.append(
            Content.assemble(
                (f"{mark} ", style), kpi.name, (f"  {format_value(kpi.current, kpi.unit)}{target}", "$text-muted")
            )
        )
    if not review.kpis:
        lines.append(Content.styled("none yet", "$text-muted"))
    open_actions = review.open_actions()
    lines += [Content(""), Content.styled(f"Open actions ({len(open_actions)})", "bold")]
    for action in open_actions[:8]:
        who = ", ".join(x for x in (action.owner, f"due {action.due}" if action.due else None) if x)
        lines.append(
            Content.assemble(
                "○ ",
                (action.text, "italic") if action.proposed else action.text,
                (f"  {who}" if who else "", "$text-muted"),
                ("  proposed" if action.proposed else "", "$text-warning"),
            )
        )
    if len(open_actions) > 8:
        lines.append(Content.styled(f"and {len(open_actions) - 8} more", "$text-muted"))
    lines += [Content(""), Content.styled(f"Decisions ({len(review.decisions)})", "bold")]
    lines += [Content.assemble("• ", decision.text) for decision in list(review.decisions.values())[-5:]]
    lines += [Content(""), Content.styled("Latest changes", "bold")]
    events = log.events[: review.as_of_seq]

    def earlier(seq: int) -> tuple[EventBase, Review] | None:
        found = log.event(seq)
        return (found, log.review_at(seq - 1)) if found is not None else None

    for event in reversed(events[-RECENT:]):
        lines.append(
            Content.assemble(
                (f"{event.at.astimezone():%H:%M} ", "$text-muted"),
                (event.actor, "bold"),
                " ",
                describe(event, review, earlier),
            )
        )
    return Content("\n").join(lines)


class SessionSidebar(VerticalScroll, can_focus=False):
    """Shown by the screen's CSS on a wide terminal only; drawn only while shown."""

    def compose(self):
        yield Static(classes="glance")

    def show(self, review: Review, log: SessionLog) -> None:
        if self.display and self.is_mounted and self.size.width:
            self.query_one(".glance", Static).update(glance(review, log))
