"""KPIs: per objective, baseline, target, unit, direction, readings, progress and status."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Digits, Label, OptionList, ProgressBar, Sparkline, Static
from textual.widgets.option_list import Option

from reviewtui.domain import changes
from reviewtui.domain.checks import check_review
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Event, FlagData, KpiChange
from reviewtui.domain.kpi import format_number, format_progress, format_value
from reviewtui.domain.review import Kpi, Review
from reviewtui.domain.series import Threads
from reviewtui.ui.panes.base import questions_block
from reviewtui.ui.panes.editor import Builder, EditorPane
from reviewtui.ui.widgets.coach_hint import CoachHint
from reviewtui.ui.widgets.field import ChoiceField, Field

# Status is never told by colour alone: each has a symbol and its word. The colours are the
# theme's status variables (see ui/theming/variables.py), so a theme can set them.
STATUS_MARK = {
    "achieved": ("★", "$status-achieved"),
    "on track": ("●", "$status-on-track"),
    "at risk": ("◐", "$status-at-risk"),
    "off track": ("○", "$status-off-track"),
    "no data": ("·", "$status-no-data"),
}
DIRECTIONS = (
    ("increase ↑", "increase"),
    ("decrease ↓", "decrease"),
    ("stay at or above", "maintain_above"),
    ("stay at or below", "maintain_below"),
)


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def _bar(progress: float | None, width: int = 12) -> str:
    filled = round(max(0.0, min(1.0, progress or 0.0)) * width)
    return "█" * filled + "░" * (width - filled)


def status_content(kpi: Kpi) -> Content:
    mark, style = STATUS_MARK[kpi.status]
    return Content.styled(f"{mark} {kpi.status}", style)


class KpisPane(EditorPane):
    BINDINGS = [Binding("r", "reading", "Reading", tooltip="Record a reading\nRecord a new value of the selected KPI")]
    item_word = "a KPI"
    collection = "kpis"

    def compose(self) -> ComposeResult:
        yield questions_block(self.phase)
        with Horizontal(classes="split"):
            yield OptionList(classes="item-list")
            with VerticalScroll(classes="editor", can_focus=False):
                yield Static(classes="editor-title")
                with Horizontal(classes="kpi-figure"):
                    yield Digits("", classes="kpi-digits")
                    with Vertical(classes="kpi-progress"):
                        yield Label(classes="kpi-unit")
                        yield ProgressBar(total=100, show_eta=False, show_percentage=False, classes="kpi-bar")
                        yield Label(classes="kpi-status")
                with Vertical(classes="kpi-trend"):
                    yield Label(classes="kpi-trend-label")
                    yield Sparkline([], classes="kpi-sparkline")
                yield Field(
                    "Note", name="note", placeholder="optional: where the next reading comes from", classes="write-only"
                )
                yield Field(
                    "Reading", name="reading", placeholder="the new value; Enter records it", classes="write-only"
                )
                yield Field("Name", name="name", placeholder="What is measured, e.g. 30-day retention")
                yield ChoiceField("Objective", [], name="objective", prompt="none")
                yield Field("Baseline", name="baseline", placeholder="where it started")
                yield Field("Target", name="target", placeholder="where it should get to")
                yield Field("Unit", name="unit", placeholder="%, EUR, days…")
                yield ChoiceField("Direction", DIRECTIONS, name="direction", allow_blank=False, value="increase")
                yield CoachHint(classes="coach-hint")
                yield Static(classes="kpi-readings")

    def items(self, review: Review) -> Iterable[Option]:
        groups: list[tuple[str | None, str]] = [
            (o.id, f"{n}. {o.statement}") for n, o in enumerate(review.objectives.values(), start=1)
        ]
        groups.append((None, "Not linked to an objective"))
        by_objective = review.kpis_by_objective()
        width = self.item_list.size.width - 4  # border and padding
        wide = width >= 72
        name_width = width - 46  # the rest: mark 4, figures 18, bar 12, status 10, gaps 2
        for objective_id, heading in groups:
            kpis = by_objective.get(objective_id)
            if not kpis:
                continue
            yield Option(Content.styled(heading, "bold $text-muted"), disabled=True)
            for kpi in kpis:
                mark, style = STATUS_MARK[kpi.status]
                figures = f"{format_value(kpi.current, kpi.unit)} · {format_progress(kpi.progress)}"
                if wide:  # room for a bar and the status word on the row itself
                    yield Option(
                        Content.assemble(
                            "  ",
                            (f"{mark} ", style),
                            _fit(kpi.name, name_width),
                            " ",
                            (figures.ljust(18), "$text-muted"),
                            (_bar(kpi.progress), style),
                            " ",
                            (kpi.status, style),
                        ),
                        id=kpi.id,
                    )
                else:
                    yield Option(
                        Content.assemble("  ", (f"{mark} ", style), kpi.name, "  ", (figures, "$text-muted")), id=kpi.id
                    )

    def load(self, review: Review, force: bool = False) -> None:
        kpi = review.kpis.get(self.selected or "")
        if kpi is None:
            self.selected = None
        objectives = [(f"{n}. {o.statement}", o.id) for n, o in enumerate(review.objectives.values(), start=1)]
        choice = self.query_one(".f-objective", ChoiceField)
        if kpi is not None:
            choice.set_options(objectives, kpi.objective_id)
        elif force or choice.value is None:
            choice.set_options(objectives, self._objective_under_cursor(review))
        else:
            choice.set_options(objectives, choice.value)  # keep what was picked for the new KPI
        values = {
            "name": kpi.name if kpi else "",
            "baseline": format_number(kpi.baseline) if kpi and kpi.baseline is not None else "",
            "target": format_number(kpi.target) if kpi and kpi.target is not None else "",
            "unit": kpi.unit if kpi else "",
        }
        for name, value in values.items():
            self.query_one(f".f-{name}", Field).set_value(value, force=force)
        if force:
            self.query_one(".f-reading", Field).set_value("", force=True)
            self.query_one(".f-note", Field).set_value("", force=True)
        direction = self.query_one(".f-direction", ChoiceField)
        if kpi is not None or force:
            direction.set_value(kpi.direction if kpi else "increase")
        self.query_one(".f-reading", Field).display = kpi is not None and not self.read_only
        self.query_one(".f-note", Field).display = kpi is not None and not self.read_only
        self._figure(kpi)
        findings = [f for f in check_review(review) if f.item_id == self.selected] if kpi else []
        self.query_one(CoachHint).show(None, findings)
        self._readings(kpi)
        self._trend(kpi)

    def _trend(self, kpi: Kpi | None) -> None:
        """The KPI's readings across the series, oldest first, as a sparkline (once the screen
        has looked the series up; until then, this session's own)."""
        trend = self.query_one(".kpi-trend")
        if kpi is None:
            trend.display = False
            return
        threads = self.view.threads if self.view is not None and self.view.threads else Threads([self.review])
        history = threads.history(self.review, kpi.id)
        trend.display = len(history) >= 2
        if len(history) >= 2:
            sessions = len({point.session_id for point in history})
            first, last = history[0], history[-1]
            self.query_one(".kpi-trend-label", Label).update(
                Content.assemble(
                    ("Across the series: ", "bold"),
                    f"{format_value(first.value, kpi.unit)} ({first.at:%Y-%m-%d}) → {format_value(last.value, kpi.unit)}",
                    (f"  {len(history)} readings, {sessions} session{'s' if sessions != 1 else ''}", "$text-muted"),
                )
            )
            self.query_one(".kpi-sparkline", Sparkline).data = [point.value for point in history]

    def _objective_under_cursor(self, review: Review) -> str | None:
        """A new KPI belongs to the objective whose group the cursor is in."""
        listing = self.item_list
        index = listing.highlighted or 0
        for i in range(index, -1, -1):
            option = listing.get_option_at_index(i) if i < listing.option_count else None
            if option is not None and option.id in review.kpis:
                return review.kpis[option.id].objective_id
        return next(iter(review.objectives), None)

    def _figure(self, kpi: Kpi | None) -> None:
        title = self.query_one(".editor-title", Static)
        figure = self.query_one(".kpi-figure")
        figure.display = kpi is not None
        if kpi is None:
            title.update(Content.styled("New KPI: name it, then its baseline and target", "bold"))
            return
        title.update(Content.assemble((kpi.name, "bold"), (f"  ({kpi.id})", "$text-muted")))
        current = format_number(kpi.current) if kpi.current is not None else "—"
        self.query_one(".kpi-digits", Digits).update(
            current + ("%" if kpi.unit == "%" and kpi.current is not None else "")
        )
        unit = "" if kpi.unit == "%" else kpi.unit
        goal = f"target {format_value(kpi.target, kpi.unit)}" if kpi.target is not None else "no target"
        self.query_one(".kpi-unit", Label).update(
            Content.assemble((unit + "  " if unit else ""), (goal, "$text-muted"))
        )
        bar = self.query_one(".kpi-bar", ProgressBar)
        bar.update(progress=max(0.0, min(1.0, kpi.progress or 0.0)) * 100)
        for status in STATUS_MARK:
            bar.set_class(kpi.status == status, f"-{status.replace(' ', '-')}")
        self.query_one(".kpi-status", Label).update(
            Content.assemble(status_content(kpi), "  ", (f"{format_progress(kpi.progress)} of the way", "$text-muted"))
        )

    def _readings(self, kpi: Kpi | None) -> None:
        panel = self.query_one(".kpi-readings", Static)
        # A number in the file KPI math cannot use (1e308, a 5,000-digit integer): said, not hidden.
        problem = (
            [Content.assemble(("⚠ ", "bold $text-warning"), (kpi.problem, "$text-warning"))]
            if kpi and kpi.problem
            else []
        )
        if kpi is None or not kpi.readings:
            panel.update(
                Content("\n").join([*problem, Content.styled("No readings yet." if kpi else "", "$text-muted")])
            )
            return
        lines = [*problem, Content.styled("Readings, newest first", "bold")]
        shown = 5 if self.size.height < 40 else 15
        for reading in reversed(kpi.readings[-shown:]):
            note = f" — {reading.note}" if reading.note else ""
            who = "carried over" if reading.carried_from else reading.actor
            lines.append(
                Content.assemble(
                    (f"{reading.at:%Y-%m-%d %H:%M}  ", "$text-muted"),
                    format_value(reading.value, kpi.unit),
                    f"  {who}{note}",
                )
            )
        panel.update(Content("\n").join(lines))

    def change_for(self, name: str, value: str | None) -> tuple[Builder | None, bool]:
        selected = self.selected
        if selected is None:
            if name == "objective":
                return None, False  # chosen before the KPI exists: used when it is created
            if name != "name":
                raise InvalidInput(name, "name the KPI first")
            objective = self.query_one(".f-objective", ChoiceField).value
            direction = self.query_one(".f-direction", ChoiceField).value
            text = value or ""
            return (lambda r: changes.add_kpi(r, text, objective=objective, direction=direction)), True
        if name == "reading":
            note = self.query_one(".f-note", Field).value
            reading = value or ""
            return (lambda r: changes.record_reading(r, selected, reading, note=note)), False
        if name == "note":
            return None, False  # part of the next reading
        if name in ("baseline", "target"):
            number = None if value in (None, "") else value
            return (lambda r: changes.update_kpi(r, selected, **{name: number})), False
        if name == "unit":
            return (lambda r: changes.update_kpi(r, selected, unit=value or "")), False
        return (lambda r: changes.update_kpi(r, selected, **{name: value})), False

    def after_commit(self, field: Field | ChoiceField, events: list[Event]) -> None:
        if field.name == "reading" and isinstance(field, Field) and field.value == field.committed:
            field.reset("")  # ready for the next reading (unless one is being typed already)
            self.query_one(".f-note", Field).reset("")
        for event in events:
            data = event.data
            if isinstance(data, FlagData):  # the reading met a decision's revisit condition
                self.notify(
                    f"{data.decision!r} asked to be revisited if {data.condition}: it holds now "
                    f"({data.value:g}). It will come up at the next check-in.",
                    title="Decision to revisit",
                    severity="warning",
                    timeout=10,
                )
            elif isinstance(data, KpiChange) and field.name in ("baseline", "target") and data.direction:
                side = "below" if data.direction == "decrease" else "above"
                self.notify(f"Direction set to {data.direction}: the target is {side} the baseline.", timeout=4)

    def remove_change(self, item_id: str) -> Builder | None:
        return lambda r: changes.remove_kpi(r, item_id)

    def on_resize(self) -> None:
        if self.view is not None and self.children and self.item_list.size.width:
            self.show(self.review)  # the rows' layout depends on the list's width

    def action_reading(self) -> None:
        if self.selected is not None:
            self.query_one(".f-note", Field).focus()
