"""KPIs: per objective, baseline, target, unit, direction, readings, progress and status."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Digits, Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from reviewtui.application.confidence import own_rating, rating_change, reveal_change
from reviewtui.application.writing import Change
from reviewtui.domain import changes, kpi_words
from reviewtui.domain.checks import check_review
from reviewtui.domain.confidence import spread
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Event, FlagData, KpiChange
from reviewtui.domain.kpi import format_number, format_progress, format_value
from reviewtui.domain.review import Kpi, Reading, Review
from reviewtui.domain.series import Threads
from reviewtui.ui.dialogs.confirm import ConfirmDialog
from reviewtui.ui.dialogs.form import FormDialog, Text
from reviewtui.ui.panes.editor import Builder, EditorPane
from reviewtui.ui.status_marks import STATUS_MARK, status_content
from reviewtui.ui.widgets.coach_hint import CoachHint
from reviewtui.ui.widgets.field import ChoiceField, Field
from reviewtui.ui.widgets.item_list import ItemList, quoted, set_options_if_changed
from reviewtui.ui.widgets.kpi_chart import KpiChart, chart_data

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


class KpisPane(EditorPane):
    BINDINGS = [
        Binding("r", "reading", "Reading", tooltip="Record a reading\nRecord a new value of the selected KPI"),
        Binding(
            "f",
            "confidence",
            "Confidence",
            tooltip="Rate your confidence, blind\nHow sure you are the selected KPI reaches its target, 0 to 10 "
            "(the facilitator opens the round first)",
        ),
        Binding(
            "F",
            "reveal_confidence",
            "Reveal",
            tooltip="Reveal the confidence round\nShow everyone the ratings of each KPI, without names",
        ),
        Binding(
            "c",
            "correct",
            "Correct",
            tooltip="Correct a reading\nChange the value, note or date of the latest reading (or the one highlighted)",
        ),
    ]
    item_word = "a KPI"
    collection = "kpis"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="split"):
            yield ItemList(classes="item-list")
            with VerticalScroll(classes="editor", can_focus=False):
                yield Static(classes="editor-title")
                with Horizontal(classes="kpi-figure"):
                    yield Digits("", classes="kpi-digits")
                    with Vertical(classes="kpi-progress"):
                        yield Label(classes="kpi-unit")
                        yield ProgressBar(total=100, show_eta=False, show_percentage=False, classes="kpi-bar")
                        yield Label(classes="kpi-status")
                        yield Label(classes="kpi-confidence")
                with Vertical(classes="kpi-trend"):
                    yield Label(classes="kpi-trend-label")
                    yield KpiChart(classes="kpi-chart")
                yield Field("Note", name="note", placeholder="optional: where it comes from", classes="write-only")
                yield Field("Reading", name="reading", placeholder="the new value", classes="write-only")
                yield Field("Name", name="name", placeholder="What is measured, e.g. 30-day retention")
                yield ChoiceField("Objective", [], name="objective", prompt="none")
                yield Field("Baseline", name="baseline", placeholder="where it started")
                yield Field("Target", name="target", placeholder="where it should get to")
                yield Field("Unit", name="unit", placeholder="%, EUR, days…")
                yield ChoiceField("Direction", DIRECTIONS, name="direction", allow_blank=False, value="increase")
                yield Field("Due by", name="by", placeholder="YYYY-MM-DD: then the status follows the pace")
                yield Field("Since", name="since", placeholder="YYYY-MM-DD: the day the way starts")
                yield CoachHint(classes="coach-hint")
                yield Static(classes="kpi-readings")
                yield ItemList(classes="reading-list")

    def items(self, review: Review) -> Iterable[Option]:
        groups: list[tuple[str | None, str]] = [
            (o.id, f"{n}. {o.statement}") for n, o in enumerate(review.objectives.values(), start=1)
        ]
        groups.append((None, "Not linked to an objective"))
        by_objective = review.kpis_by_objective()
        self._rows_width = self.item_list.size.width
        width = self._rows_width - 4  # border and padding
        wide = width >= 72
        name_width = width - 46  # the rest: mark 4, figures 18, bar 12, status 10, gaps 2
        for objective_id, heading in groups:
            kpis = by_objective.get(objective_id)
            if not kpis:
                continue
            yield Option(Content.styled(heading, "bold $text-muted"), disabled=True)
            for kpi in kpis:
                status = review.kpi_status(kpi)
                mark, style = STATUS_MARK[status]
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
                            (status, style),
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
            "by": kpi.by.isoformat() if kpi and kpi.by else "",
            "since": kpi.since.isoformat() if kpi and kpi.since else "",
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
        self._figure(review, kpi)
        self._confidence(review, kpi)
        self.refresh_bindings()  # a round opened or revealed, from any terminal, changes the keys
        findings = [f for f in check_review(review) if f.item_id == self.selected] if kpi else []
        self.query_one(CoachHint).show(None, findings)
        self._readings(kpi)
        self._trend(kpi)

    # ------------------------------------------------------------------------ blind confidence

    def _confidence(self, review: Review, kpi: Kpi | None) -> None:
        """While a round is open: how many rated this KPI and this person's own rating (never
        anyone else's); once revealed: the ratings without names, their median, and the trend."""
        label = self.query_one(".kpi-confidence", Label)
        round_ = review.open_round
        parts: list[Content] = []
        if kpi is not None and round_ is not None:
            count = round_.count(kpi.id)
            mine = own_rating(review, review.session.id, self.view.actor, kpi.id) if self.view else None
            yours = f"you: {mine} (f changes it)" if mine is not None else "you have not rated it: f"
            parts.append(
                Content.assemble(
                    ("Confidence round open", "bold $text-warning"),
                    (f" · {count} rated this KPI · {yours}", "$text-muted"),
                )
            )
        elif kpi is not None and kpi.id in review.confidence_values:
            found = spread(review.confidence_values[kpi.id])
            parts.append(
                Content.assemble(
                    ("Confidence ", "bold"),
                    f"median {found.median:g} of {found.count}",
                    (f" ({' '.join(map(str, found.values))})", "$text-muted"),
                    ("  the room disagrees", "bold $text-warning") if found.disagrees else "",
                )
            )
        if kpi is not None:
            threads = self.view.threads if self.view is not None and self.view.threads else None
            medians = threads.confidence_medians(review, kpi.id) if threads else []
            if len(medians) >= 2:
                parts.append(
                    Content.styled("across the series: " + " → ".join(f"{m:g}" for m in medians), "$text-muted")
                )
        label.display = bool(parts)
        label.update(Content("\n").join(parts))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in ("confidence", "reveal_confidence"):
            return super().check_action(action, parameters)
        view = self.view
        if self.letter_refused(action) or view is None or view.read_only:  # typing, or a replay
            return False
        open_round = view.review.open_round is not None
        if action == "reveal_confidence":
            return view.permissions.facilitates and open_round
        # The facilitator opens a round with it; then everyone present rates with it.
        return view.permissions.facilitates or (view.permissions.contributes and open_round)

    def action_confidence(self) -> None:
        view = self.view
        if view is None:
            return
        review = view.review
        if review.open_round is None:
            self.apply(changes.open_confidence, then=self._round_opened)
            return
        kpi = review.kpis.get(self.selected or "")
        if kpi is None:
            self.notify("Pick a KPI in the list first.", timeout=3)
            return
        session_id, kpi_id = review.session.id, kpi.id
        mine = own_rating(review, session_id, view.actor, kpi_id)
        self.app.push_screen(
            FormDialog(
                f"How sure are you that {quoted(kpi.name, 40)} reaches its target?",
                [Text("0 to 10", "value", "" if mine is None else str(mine), "0 no chance · 5 a coin toss · 10 sure")],
                lambda changed: rating_change(session_id, kpi_id, changed.get("value") or "", view.actor),
                self.ask,
            )
        )

    def _round_opened(self, events: list[Event] | None) -> None:
        if events:
            self.notify(
                "Blind confidence round open: each person rates each KPI with f. F reveals it.",
                title="Confidence",
                timeout=6,
            )

    def action_reveal_confidence(self) -> None:
        view = self.view
        if view is not None:
            self.apply(reveal_change(view.review.session.id))

    def _trend(self, kpi: Kpi | None) -> None:
        """The KPI's readings across the series, oldest first, as a sparkline (once the screen
        has looked the series up; until then, this session's own)."""
        trend = self.query_one(".kpi-trend")
        if kpi is None:
            trend.display = False
            return
        threads = self.view.threads if self.view is not None and self.view.threads else Threads([self.review])
        history = threads.history(self.review, kpi.id)
        data = chart_data(kpi, [(point.at, point.value) for point in history])
        trend.display = not data.empty
        label = self.query_one(".kpi-trend-label", Label)
        if len(history) >= 2:
            sessions = len({point.session_id for point in history})
            first, last = history[0], history[-1]
            label.update(
                Content.assemble(
                    ("Across the series: ", "bold"),
                    f"{format_value(first.value, kpi.unit)} ({first.at:%Y-%m-%d}) → {format_value(last.value, kpi.unit)}",
                    (f"  {len(history)} readings, {sessions} session{'s' if sessions != 1 else ''}", "$text-muted"),
                )
            )
        else:
            label.update(Content.styled("Readings over time", "bold"))
        self.query_one(KpiChart).show(data)

    def _objective_under_cursor(self, review: Review) -> str | None:
        """A new KPI belongs to the objective whose group the cursor is in."""
        listing = self.item_list
        index = listing.highlighted or 0
        for i in range(index, -1, -1):
            option = listing.get_option_at_index(i) if i < listing.option_count else None
            if option is not None and option.id in review.kpis:
                return review.kpis[option.id].objective_id
        return next(iter(review.objectives), None)

    def _figure(self, review: Review, kpi: Kpi | None) -> None:
        title = self.query_one(".editor-title", Static)
        figure = self.query_one(".kpi-figure")
        figure.display = kpi is not None
        if kpi is None:
            title.update(Content.styled("New KPI: name it, then its baseline and target", "bold"))
            return
        title.update(Content.styled(kpi.name, "bold"))
        value, unit = kpi_words.figure(kpi)
        self.query_one(".kpi-digits", Digits).update(value)
        self.query_one(".kpi-unit", Label).update(
            Content.assemble((unit + "  " if unit else ""), (kpi_words.goal(kpi), "$text-muted"))
        )
        bar = self.query_one(".kpi-bar", ProgressBar)
        bar.update(progress=max(0.0, min(1.0, kpi.progress or 0.0)) * 100)
        status = review.kpi_status(kpi)
        for name in STATUS_MARK:
            bar.set_class(status == name, f"-{name.replace(' ', '-')}")
        self.query_one(".kpi-status", Label).update(
            Content.assemble(status_content(status), "  ", (kpi_words.way(review, kpi), "$text-muted"))
        )

    def _readings(self, kpi: Kpi | None) -> None:
        panel = self.query_one(".kpi-readings", Static)
        listing = self.query_one(".reading-list", ItemList)
        # A number in the file KPI math cannot use (1e308, a 5,000-digit integer): said, not hidden.
        problem = (
            [Content.assemble(("⚠ ", "bold $text-warning"), (kpi.problem, "$text-warning"))]
            if kpi and kpi.problem
            else []
        )
        listing.display = bool(kpi and kpi.readings)
        if kpi is None or not kpi.readings:
            panel.update(
                Content("\n").join([*problem, Content.styled("No readings yet." if kpi else "", "$text-muted")])
            )
            set_options_if_changed(listing, [])
            return
        keys = "" if self.read_only else "  Tab here, then Enter corrects · Del removes"
        panel.update(
            Content("\n").join([*problem, Content.assemble(("Readings, newest first", "bold"), (keys, "$text-muted"))])
        )
        options = []
        for reading in reversed(kpi.readings):
            note = f" — {reading.note}" if reading.note else ""
            who = "carried over" if reading.carried_from else reading.actor
            options.append(
                Option(
                    Content.assemble(
                        (f"{reading.at.astimezone():%Y-%m-%d %H:%M}  ", "$text-muted"),
                        format_value(reading.value, kpi.unit),
                        (f"  {who}{note}", "$text-muted"),
                    ),
                    id=str(reading.seq),
                )
            )
        highlighted = listing.highlighted
        set_options_if_changed(listing, options)
        listing.highlighted = min(highlighted or 0, len(options) - 1)

    def _reading_at_cursor(self, latest: bool) -> tuple[Kpi, Reading] | None:
        """The highlighted reading (with the reading list focused), else the latest, if `latest`."""
        kpi = self.review.kpis.get(self.selected or "")
        if kpi is None or not kpi.readings:
            return None
        listing = self.query_one(".reading-list", ItemList)
        option = listing.highlighted_option
        if self.screen.focused is listing and option is not None:
            found = next((r for r in kpi.readings if str(r.seq) == option.id), None)
            return (kpi, found) if found is not None else None
        return (kpi, kpi.readings[-1]) if latest else None

    @on(OptionList.OptionSelected, ".reading-list")
    def _reading_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.read_only:
            self.action_correct()

    def action_correct(self) -> None:
        found = self._reading_at_cursor(latest=True)
        if found is None:
            self.notify("This KPI has no reading to correct yet: r records one.", timeout=4)
            return
        kpi, reading = found
        kpi_id, seq = kpi.id, reading.seq
        taken = reading.at.astimezone()

        def build(changed: dict[str, str | None]) -> Change:
            return lambda r: changes.correct_reading(
                r, kpi_id, seq=seq, value=changed.get("value"), note=changed.get("note"), taken_at=changed.get("taken")
            )

        self.app.push_screen(
            FormDialog(
                f"Correct the reading of {quoted(kpi.name, 40)} taken {taken:%Y-%m-%d %H:%M}",
                [
                    Text("Value", "value", format_number(reading.value), "the number as measured"),
                    Text("Note", "note", reading.note, "where it comes from"),
                    Text("Taken on", "taken", f"{taken:%Y-%m-%d}", "YYYY-MM-DD"),
                ],
                build,
                self.ask,
            )
        )

    def action_remove(self) -> None:
        found = self._reading_at_cursor(latest=False)
        if found is None:
            super().action_remove()  # the KPI itself, from the list
            return
        kpi, reading = found
        kpi_id, seq = kpi.id, reading.seq
        question = f"Remove the reading {format_value(reading.value, kpi.unit)} of {quoted(kpi.name, 40)}?"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.apply(lambda r: changes.remove_reading(r, kpi_id, seq=seq))

        self.app.push_screen(ConfirmDialog(question, "Remove", "ctrl+z brings it back."), confirmed)

    def removal_question(self, review: Review, item_id: str) -> str:
        kpi = review.kpis.get(item_id)
        readings = len(kpi.readings) if kpi else 0
        with_readings = f" and its {readings} reading{'s' if readings != 1 else ''}" if readings else ""
        return f"Remove the KPI {quoted(self.title_of(review, item_id))}{with_readings}?"

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
        if name == "note":
            return None, False  # part of the next reading
        if name in ("baseline", "target"):
            number = None if value in (None, "") else value
            return (lambda r: changes.update_kpi(r, selected, **{name: number})), False
        if name == "unit":
            return (lambda r: changes.update_kpi(r, selected, unit=value or "")), False
        if name == "by":  # emptied: the date is taken off, and the status is by the way alone
            return (lambda r: changes.update_kpi(r, selected, by=value or None)), False
        return (lambda r: changes.update_kpi(r, selected, **{name: value})), False

    def commit(self, field: Field | ChoiceField, value: str | None) -> None:
        if field.name == "reading" and isinstance(field, Field) and self.selected is not None:
            self._record_reading(field, value or "")
        else:
            super().commit(field, value)

    def _record_reading(self, field: Field, value: str) -> None:
        """A reading is one entry after another: the field empties, and the focus goes back to the
        list (where r records the next), never on to the KPI's name."""
        selected, note_field = self.selected, self.query_one(".f-note", Field)
        note = note_field.value

        def recorded(events: list[Event]) -> None:
            note_field.reset("")
            self.after_commit(field, events)
            if self.screen.focused in (field.input, note_field.input):
                self.item_list.focus()

        self.record(
            field,
            value,
            lambda r: changes.record_reading(r, selected or "", value, note=note),
            clear=True,
            then=recorded,
            still=lambda: self.selected == selected,
        )

    def after_commit(self, field: Field | ChoiceField, events: list[Event]) -> None:
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

    _rows_width = -1
    """The list's width the rows were last laid out for."""

    def show(self, review: Review) -> None:
        if not self.item_list.size.width and self._rows_width == -1:
            return  # never laid out yet (mounted hidden): shown once it has a width, by on_resize
        super().show(review)

    def on_resize(self) -> None:
        width = self.item_list.size.width
        if self.view is not None and self.children and width and width != self._rows_width:
            self.show(self.review)  # the rows' layout depends on the list's width

    def action_reading(self) -> None:
        if self.selected is not None:
            self.query_one(".f-note", Field).focus()  # the note, then Enter, then the value
