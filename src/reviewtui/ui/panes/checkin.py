"""Check-in: who is here; what last time promised, reviewed with each owner; did it move; what comes back."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain import changes
from reviewtui.domain.kpi import format_change, format_value
from reviewtui.domain.review import Action, Review
from reviewtui.domain.series import did_it_move, raised_decisions
from reviewtui.ui.panes.base import Command, PhasePane
from reviewtui.ui.status_marks import CHECK_IN_VERDICT as VERDICTS
from reviewtui.ui.status_marks import VERDICT_STYLE
from reviewtui.ui.widgets.field import Field
from reviewtui.ui.widgets.item_list import ItemList, set_options_if_changed

_ROLE_WORD = {"facilitator": "facilitating", "observer": "observing"}
_ATTENDANCE = {
    True: ("✓ here", "$text-success"),
    False: ("· away", "$text-muted"),
    None: ("? expected", "$text-warning"),  # carried over from the last session, not marked yet
}


def _action_line(action: Action) -> Content:
    """The verdict first (the line may be cut at its end on a narrow terminal), then the action."""
    details = ", ".join(x for x in (action.owner, f"due {action.due}" if action.due else None) if x)
    verdict = (
        Content.styled(VERDICTS[action.review.verdict][0], VERDICTS[action.review.verdict][1])
        if action.review
        else Content.styled("? to review", "bold $text-accent")
    )
    return Content.assemble(verdict, "  ", action.text, (f"  {details}" if details else "", "$text-muted"))


class CheckinPane(PhasePane):
    BINDINGS = [
        Binding(
            "space",
            "toggle_here",
            "Here / away",
            tooltip="Mark here or away\nToggle whether the highlighted person is here",
        ),
        Binding(
            "d", "verdict('done')", "Done", tooltip="Carried action: done\nThe highlighted carried action was done"
        ),
        Binding("n", "verdict('not done')", "Not done", tooltip="Carried action: not done\nNot done: carry it again"),
        Binding(
            "x", "verdict('dropped')", "Dropped", tooltip="Carried action: dropped\nDrop the highlighted carried action"
        ),
        Binding(
            "delete",
            "remove_person",
            "Remove",
            tooltip="Take off the attendance list\nRemove the highlighted person from this session (after asking)",
        ),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="split"):
            with Vertical(classes="people"):
                yield Static(Content.styled("Who is here", "bold"), classes="editor-title")
                yield ItemList(classes="item-list people-list")
                yield Field("Add", name="person", placeholder="a name, Enter adds them", classes="write-only")
            with VerticalScroll(classes="editor carried-panel"):
                yield Static(classes="carried-title")
                yield ItemList(classes="carried-list")
                yield Static(classes="series-news")

    # ------------------------------------------------------------------------------ showing

    def show(self, review: Review) -> None:
        listing = self.query_one(".people-list", OptionList)
        highlighted = listing.highlighted
        options = []
        for person in review.participants.values():
            mark, style = _ATTENDANCE[person.here]
            options.append(
                Option(
                    Content.assemble(
                        (f"{mark}  ", style), person.name, (f"  {_ROLE_WORD.get(person.role, '')}", "$text-muted")
                    ),
                    id=person.name,
                )
            )
        set_options_if_changed(listing, options)
        listing.highlighted = highlighted if highlighted is not None and highlighted < len(options) else 0
        self._carried(review)
        self._series_news()

    def _carried(self, review: Review) -> None:
        carried = review.carried_actions()
        title = self.query_one(".carried-title", Static)
        listing = self.query_one(".carried-list", OptionList)
        listing.display = bool(carried)
        if carried:
            left = sum(1 for a in carried if a.review is None)
            title.update(
                Content.assemble(
                    ("Promised last time", "bold"),
                    (
                        f"  {left} to review with their owner: d done · n not done · x dropped"
                        if left
                        else "  all reviewed",
                        "$text-muted",
                    ),
                )
            )
            highlighted = listing.highlighted
            set_options_if_changed(listing, [Option(_action_line(a), id=a.id) for a in carried])
            listing.highlighted = highlighted if highlighted is not None and highlighted < len(carried) else 0
        elif not review.session.series:
            title.update(Content.styled("This session is not part of a series: nothing carried over.", "$text-muted"))
        else:
            title.update(Content.styled("Nothing was carried over into this session.", "$text-muted"))

    def _series_news(self) -> None:
        view = self.view
        news = self.query_one(".series-news", Static)
        if view is None or view.earlier is None or view.threads is None:
            news.update(Content.styled("Looking through the series…", "$text-muted"))
            return
        review = view.review
        threads = view.threads
        lines: list[Content] = []
        earlier = view.earlier
        if earlier and not review.carried_from:
            # Started without carry-over: still show what the last session left open.
            before = earlier[-1]
            lines.append(
                Content.assemble(
                    ("Open actions from ", "bold"),
                    (before.session.title, "bold"),
                    (f"  ({before.session.created_at:%Y-%m-%d})", "$text-muted"),
                )
            )
            lines += [Content.assemble("○ ", _action_line(a)) for a in before.open_actions()] or [
                Content.styled("None: everything agreed was closed.", "$text-muted")
            ]
        movements = did_it_move(threads)  # the series up to this session, this one included
        if movements:
            lines += [Content(""), Content.styled("Did it move? Each done action's KPI since", "bold")]
            for move in movements[-8:]:
                if not move.readings_since:
                    change = Content.styled("no reading since it was done", "$text-muted")
                else:
                    # Better or worse is said in words: a fall is good news for a KPI meant to go down.
                    style, verdict = {
                        True: ("$status-on-track", " better"),
                        False: ("$status-off-track", " worse"),
                        None: ("$text-muted", ""),
                    }[move.better]
                    change = Content.assemble(
                        f"{format_value(move.before, move.unit)} → {format_value(move.now, move.unit)} ",
                        (f"({format_change(move.change, move.unit)}){verdict}", style),
                    )
                # The number first: on a narrow terminal the line is cut at its end, the action's words.
                lines.append(
                    Content.assemble(
                        (move.kpi_name, "bold"),
                        " ",
                        change,
                        ("  ← ", "$text-muted"),
                        move.action.text,
                        (f", done {move.closed_at:%Y-%m-%d}", "$text-muted"),
                    )
                )
                judged = move.judged
                if judged is not None:  # what it said it would do, and whether that held
                    lines.append(
                        Content.assemble(
                            ("    expected ", "$text-muted"),
                            judged.stated(move.unit),
                            ": ",
                            (judged.verdict, f"bold {VERDICT_STYLE[judged.verdict]}"),
                            " ",
                            judged.outcome(move.unit),
                        )
                    )
        raised = raised_decisions(threads)
        # Flags raised since the last check-in: in the previous session, or in this one so far.
        recent = threads.series[-2:]
        flagged = {(f.session_id, f.decision_id): f for r in recent for f in r.flags}
        if raised or flagged:
            lines += [Content(""), Content.styled("Decisions to revisit", "bold $text-warning")]
            shown = set()
            for item in raised:
                shown.add((item.session_id, item.decision.id))
                lines.append(
                    Content.assemble(
                        ("! ", "bold $text-warning"),
                        (f"{item.condition}: holds now ({item.value:g})  ", "bold"),
                        item.decision.text,
                    )
                )
            for key, flag in flagged.items():
                if key not in shown:  # held on a reading since last time, though not any more
                    lines.append(
                        Content.assemble(
                            ("! ", "bold $text-warning"),
                            (f"{flag.condition}: held at {flag.value:g} on {flag.at:%Y-%m-%d}  ", "bold"),
                            flag.decision,
                        )
                    )
        news.update(Content("\n").join(lines) if lines else Content(""))

    # ------------------------------------------------------------------------------ actions

    def focus_default(self) -> None:
        carried = self.query_one(".carried-list", OptionList)
        if carried.display and any(a.review is None for a in self.review.carried_actions()):
            carried.focus()  # the first thing a check-in does: what did we promise?
        else:
            self.query_one(".people-list", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_carried = self.screen.focused is self.query_one(".carried-list", OptionList)
        if (action == "verdict" and not on_carried) or (action in ("toggle_here", "remove_person") and on_carried):
            return False
        return super().check_action(action, parameters)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_verdict(self, verdict: str) -> None:
        option = self.query_one(".carried-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        action_id = option.id
        # The highlight stays on the row the verdict was given to: the facilitator moves on with
        # Down when the room moves on (a cursor that moved by itself once turned a "done" into
        # a "dropped", given to the next row).
        self.apply(lambda r: changes.review_action(r, action_id, verdict))

    def action_toggle_here(self) -> None:
        option = self.query_one(".people-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        name = option.id
        here = self.review.participants[name].here
        self.apply(lambda r: changes.mark_attendance(r, name, not here))

    def action_remove_person(self) -> None:
        option = self.query_one(".people-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        name = option.id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.apply(lambda r: changes.remove_attendee(r, name))

        from reviewtui.ui.dialogs.confirm import ConfirmDialog

        self.app.push_screen(
            ConfirmDialog(f"Take {name} off the attendance list?", "Remove", "ctrl+z brings them back."), confirmed
        )

    @on(OptionList.OptionSelected, ".people-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_toggle_here()

    @on(Field.Committed)
    def _add(self, event: Field.Committed) -> None:
        event.stop()
        if event.field.pending(event.value):
            self.add_person(event.field, event.value)

    def add_person(self, field: Field, name: str) -> None:
        if not name.strip():
            field.reset("")
            return
        self.record(field, name, lambda r: changes.join(r, name), clear=True)

    def flush(self) -> None:
        field = self.query_one(Field)
        if field.dirty:
            self.add_person(field, field.value)

    def commands(self) -> Iterable[Command]:
        yield from super().commands()
        if not self.read_only:
            yield ("Add someone", "Add a person to the session", lambda: self.query_one(Field).focus())
