"""Keys are safe by construction (issue 16): every key that types a character is pressed in every
phase and every dialog, with a list focused and with a text field focused, and the store is read
afterwards. A letter in a text field is text and writes nothing; a letter on a list does what its
binding is for, to the highlighted item, and nothing else.

The keys are not listed here. They are read off the bindings active at each place, so a binding
added later is pressed too; and `MEANT` must then say what its action may write, or this fails.
The dialogs are found the same way: whatever a key opens is walked in its turn.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from textual.actions import parse
from textual.binding import ActiveBinding
from textual.keys import key_to_character
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, TextArea
from ui_support import ManualClock, key, settle, type_in

from reviewtui.application.open_session import OpenSession
from reviewtui.application.sessions import create_session
from reviewtui.domain import changes as c
from reviewtui.domain import meeting
from reviewtui.domain.events import Event
from reviewtui.domain.templates import get_template
from reviewtui.store import SessionStore
from reviewtui.ui.app import ReviewApp
from reviewtui.ui.dialogs.confirm import ConfirmDialog
from reviewtui.ui.letter_keys import action_name, types_a_character, typing
from reviewtui.ui.screens.facilitator import FacilitatorScreen

pytestmark = pytest.mark.slow  # about two minutes: every key in every place, three times

SIZE = (80, 24)
"""The smallest supported terminal: the one where a key is likeliest to land somewhere unexpected."""


# ---------------------------------------------------------------------------------------------
# What each letter key's action may write


@dataclass(frozen=True)
class Meant:
    """What a key's action may write: these event types only, about `about`'s item (read just
    before the key is pressed; None for the session itself), setting only these data fields."""

    writes: frozenset[str] = frozenset()
    about: Callable[[Walk, Place], str | None] | None = None
    fields: frozenset[str] = frozenset()
    parameter: str | None = None
    """The data field that must hold the binding's parameter (status('done') -> status == "done")."""


def _highlighted(selector: str) -> Callable[[Walk, Place], str | None]:
    def about(walk: Walk, place: Place) -> str | None:
        option = walk.app.screen.query_one(selector, OptionList).highlighted_option
        return option.id if option is not None else None

    return about


def _selected_item(walk: Walk, place: Place) -> str | None:
    return walk.base.pane.selected  # type: ignore[attr-defined]  # an editor pane's item in its form


def _chosen(walk: Walk, place: Place) -> str | None:
    return walk.app.screen.chosen()  # type: ignore[attr-defined]  # the dots dialog's highlighted item


def _asked(walk: Walk, place: Place) -> str | None:
    return place.asked


REMOVALS = frozenset(
    {
        "objective.removed",
        "kpi.removed",
        "reading.removed",
        "answer.removed",
        "action.removed",
        "decision.removed",
        "attendance.removed",
    }
)

NOTHING = Meant()
"""Keys that open a form, a dialog or a choice, or move the focus: they write nothing themselves."""

MEANT: dict[str, Meant] = {
    "add": NOTHING,  # a new item's form
    "reading": NOTHING,  # the KPI's note and reading fields
    "correct": NOTHING,  # the form correcting a reading (closed here with Esc)
    "edit": NOTHING,  # the form editing an answer (closed here with Esc)
    "record": NOTHING,  # the decision dialog
    "show_overlay": NOTHING,  # a choice field's list opens
    "toggle_here": Meant(frozenset({"attendance.marked"}), _highlighted(".people-list"), frozenset({"name", "here"})),
    "verdict": Meant(
        frozenset({"action.reviewed"}),
        _highlighted(".carried-list"),
        frozenset({"id", "verdict", "owner", "note"}),
        parameter="verdict",
    ),
    "status": Meant(frozenset({"action.updated"}), _selected_item, frozenset({"id", "status"}), parameter="status"),
    "toggle_closed": Meant(frozenset({"session.closed", "session.reopened"}), lambda walk, place: None),
    "place": Meant(frozenset({"vote.cast"}), _chosen, frozenset({"target_id"})),
    "take_back": Meant(frozenset({"vote.withdrawn"}), _chosen, frozenset({"target_id"})),
    # f opens a blind confidence round (the facilitator's, when none is open); in an open round
    # it opens the rating form. F reveals the open round.
    "confidence": Meant(frozenset({"confidence.opened"}), lambda walk, place: None, frozenset({"phase"})),
    "reveal_confidence": Meant(
        frozenset({"confidence.revealed"}), lambda walk, place: None, frozenset({"phase", "values"})
    ),
    # The yes of a confirmation (ConfirmDialog's y): the removal it asked about, of the item that
    # was highlighted when Delete was pressed, or closing the session (the close phase's question).
    "dismiss": Meant(REMOVALS | {"session.closed"}, _asked, frozenset({"id", "name", "seq"})),
}

PARTICIPANT_MAY = meeting.CONTRIBUTIONS | {"vote.cast", "vote.withdrawn"}
"""What a participant's letter key may write (their own undo, ctrl+z, is this test's, not a letter)."""

SCREEN_MOVES = frozenset({"next_phase", "previous_phase", "follow", "sessions", "undo", "projector"})
"""The session screen's keys that go elsewhere or take back: every other key of it opens a dialog
(F5 shows the room's view, which writes nothing: tests/test_projector.py)."""


def item_of(event: Event) -> str | None:
    """The item an event is about (None: the session)."""
    data = event.data.model_dump(exclude_unset=True)
    for name in ("id", "target_id", "name", "seq"):
        if name in data:
            return str(data[name])
    return None


# ---------------------------------------------------------------------------------------------
# The session: something in every list, and every dialog reachable


def rich_session(store: SessionStore, clock: ManualClock, template: str) -> str:
    """The second session of a series: carried actions to review at check-in, objectives, KPIs
    with readings, answers to two questions of every impact phase, open actions, two decisions,
    dot voting open in every phase that takes dots, and a participant's proposals."""
    people = ["Tom", "Ana"]
    first = create_session(store, "Q3", facilitator="Maya", participants=people, series="Growth", template=template)
    store.append(first.info.id, "Maya", lambda r: c.add_objective(r, "Increase retention"))
    store.append(
        first.info.id, "Maya", lambda r: c.add_kpi(r, "Activation rate", baseline=30, target=40, objective="o1")
    )
    store.append(first.info.id, "Maya", lambda r: c.record_reading(r, "k1", 31, note="February"))
    store.append(first.info.id, "Maya", lambda r: c.add_action(r, "Ship sample data", owner="Tom"))
    store.append(first.info.id, "Maya", lambda r: c.add_action(r, "Write the playbook", owner="Ana"))
    clock.advance(timedelta(days=7).total_seconds())
    session_id = create_session(
        store, "Q4", facilitator="Maya", participants=people, series="Growth", template=template
    ).info.id

    def append(change) -> None:
        store.append(session_id, "Maya", change)

    append(lambda r: c.add_objective(r, "Cut the time to first value", why="Trials stall"))
    append(lambda r: c.record_reading(r, "k1", 33, note="March"))
    append(lambda r: c.add_kpi(r, "Days to first value", baseline=9, target=4, objective="o2"))
    append(lambda r: c.record_reading(r, "k2", 8))
    append(lambda r: c.record_reading(r, "k2", 7, note="April"))
    impact = [phase for phase in get_template(template).phases if phase.kind == "impact"]
    for phase in impact:
        first_question, second_question = phase.questions[:2]
        append(lambda r, q=first_question: c.record_answer(r, q, "Setup tickets fell by a third", "o1", by="Tom"))
        append(lambda r, q=first_question: c.record_answer(r, q, "Trials convert sooner", "o2", by="Ana"))
        append(lambda r, q=second_question: c.record_answer(r, q, "The support dashboard says so"))
    append(lambda r: c.add_action(r, "Call churned users", owner="Tom", kpi="k1"))
    append(lambda r: c.record_decision(r, "Price seats monthly", rationale="Churn is monthly"))
    append(lambda r: c.record_decision(r, "Stop the newsletter", owner="Ana"))
    for phase in get_template(template).phases:
        if phase.kind in meeting.VOTABLE_KINDS:
            append(lambda r, p=phase.id: meeting.open_voting(r, p, 3))
    ana = OpenSession(store, session_id, "Ana")
    ana.role = "participant"
    ana.apply(lambda r: c.record_answer(r, impact[0].questions[0], "Fewer tickets, says Ana"))
    ana.apply(lambda r: c.add_action(r, "Interview three churned teams"))
    return session_id


# ---------------------------------------------------------------------------------------------
# Walking the app


Opener = Callable[["Walk"], Awaitable[None]]


async def _stay(walk: Walk) -> None:
    """A phase's pane: nothing to open."""


@dataclass
class Place:
    """Somewhere keys are pressed: a phase's pane, or a dialog `open`ed from it."""

    phase: str
    name: str
    open: Opener = _stay
    asked: str | None = None
    """For a confirmation: the item highlighted when it was asked for."""

    @property
    def is_dialog(self) -> bool:
        return self.open is not _stay


def _describe(widget: Widget) -> str:
    classes = sorted(name for name in widget.classes if not name.startswith("-") and name != "field-input")
    return ".".join([type(widget).__name__, *classes])


def _character(key_name: str) -> str:
    character = key_to_character(key_name)
    assert character is not None, key_name
    return character


@dataclass
class Walk:
    pilot: Pilot
    store_root: Path
    session_id: str
    actor: str
    role: str
    found: dict[str, set[str]] = field(default_factory=dict)
    """Place and focus -> the letter keys bound there (for the messages, and to know none was missed)."""
    places: list[Place] = field(default_factory=list)
    _seen: set[tuple[str, ...]] = field(default_factory=set)
    _at: tuple[Place, Screen] | None = None
    """Where the last key left us, still as it was opened (not closed, not typing)."""

    @property
    def app(self) -> ReviewApp:
        return self.pilot.app  # type: ignore[return-value]

    @property
    def base(self) -> FacilitatorScreen:
        [screen] = [s for s in self.app.screen_stack if isinstance(s, FacilitatorScreen)]
        return screen

    def events(self) -> list[Event]:
        return list(SessionStore(self.store_root).load(self.session_id).events)

    @property
    def letters(self) -> set[str]:
        return set().union(*self.found.values())

    # ------------------------------------------------------------------------------ moving

    async def unwind(self) -> None:
        """Back to the session screen with nothing being typed: Esc closes a dialog (a confirmation
        answers no), an open choice, and puts back a field (PhasePane.action_to_list). Only a
        "Leave without saving?" over a dialog is answered yes (y): leaving writes nothing."""
        for _ in range(10):
            screen = self.app.screen
            if screen is not self.base:
                if isinstance(screen, ConfirmDialog) and self.app.screen_stack[-2] is not self.base:
                    await key(self.pilot, "y")
                else:
                    await key(self.pilot, "escape")
            elif typing(self.app.focused):
                await key(self.pilot, "escape")
            else:
                return
        raise AssertionError(f"Esc never came back to the session screen: {self.app.screen!r}, {self.app.focused!r}")

    async def go(self, place: Place) -> None:
        """To `place` as it first was: the phase's pane on its first item, and the dialog opened
        from there (each key starts from the same place: the fields shown depend on the item)."""
        at = self._at
        if at is None or at[0] is not place or self.app.screen is not at[1] or typing(self.app.focused):
            await self.unwind()
            base = self.base
            if base.phase.id != place.phase:
                base.show_phase(place.phase)
                await settle(self.pilot)
        elif place.is_dialog:
            return  # still open, and nothing typed in it
        self.base.pane.focus_default()
        await key(self.pilot, "home")
        await place.open(self)
        if place.is_dialog:
            assert isinstance(self.app.screen, ModalScreen), f"{place.name} did not open"
        self._at = (place, self.app.screen)

    def scope(self, place: Place) -> list[Widget]:
        """What can take the focus at `place`, in Tab order."""
        chain = self.app.screen.focus_chain
        if place.is_dialog:
            return chain
        pane = self.base.pane
        return [widget for widget in chain if pane in widget.ancestors]

    def lists(self, place: Place) -> list[Widget]:
        """The focus at `place` that is not a text field: lists, choices (closed), buttons, text to read."""
        return [widget for widget in self.scope(place) if not typing(widget)]

    async def focus(self, widget: Widget) -> None:
        widget.screen.set_focus(widget)
        if isinstance(widget, OptionList) and widget.option_count:
            await key(self.pilot, "home", "down")  # the second row: a list's first one is often special
        else:
            await settle(self.pilot)

    def bound_letters(self, where: str) -> dict[str, ActiveBinding]:
        """The keys that type a character, bound where the focus is now.

        `Screen.active_bindings` is Textual's public view of what a key would run here, the one
        the Footer draws: the focused widget's bindings and its ancestors' (the pane's, the
        screen's, a dialog's), the app's, priority ones included, each key's binding as the key
        would find it, without those `check_action` refuses (a verdict off the carried list).
        It also drops the keys the focused widget types (Input.check_consume_key), so in a field
        it lists no letters: those are pressed there from all the places walked."""
        letters = {name: bound for name, bound in self.app.screen.active_bindings.items() if types_a_character(name)}
        self.found.setdefault(where, set()).update(letters)
        return letters

    def add_dialog(self, place: Place, dedupe: tuple[str, ...]) -> None:
        if dedupe not in self._seen:
            self._seen.add(dedupe)
            self.places.append(place)

    # ------------------------------------------------------------------------------ checking

    def check(self, where: str, bound: ActiveBinding, meant: Meant, about: str | None, new: list[Event]) -> None:
        binding = bound.binding
        said = f"{where}: {binding.key!r} ({binding.action})"
        _, _, parameters = parse(binding.action)
        for event in new:
            data = event.data.model_dump(exclude_unset=True)
            wrote = f"{said} wrote {event.type} {data} (seq {event.seq})"
            assert event.type in meant.writes, f"{wrote}; it may write {sorted(meant.writes) or 'nothing'}"
            if meant.about is not None:
                assert item_of(event) == about, f"{wrote}; it is meant for {about!r} only"
            assert set(data) <= meant.fields, f"{wrote}; it may set only {sorted(meant.fields)}"
            if meant.parameter is not None:
                assert data.get(meant.parameter) == parameters[0], (
                    f"{wrote}; {meant.parameter} must be {parameters[0]!r}"
                )
            if self.role == "participant":
                assert event.type in PARTICIPANT_MAY, f"{wrote}: a participant may not write that"
                assert event.actor == self.actor, f"{wrote} as {event.actor}"

    async def take_back(self, where: str, new: list[Event]) -> None:
        """ctrl+z: the next key starts from the same session (a removal, say, is undone)."""
        await self.unwind()
        before = len(self.events())
        await key(self.pilot, "ctrl+z")
        undone = self.events()[before:]
        assert [e.type for e in undone] == ["change.reverted"], f"{where}: ctrl+z wrote {undone}"
        assert undone[0].data.seqs == [e.seq for e in new], f"{where}: ctrl+z took back {undone[0].data}"

    # ------------------------------------------------------------------------------ the walks

    async def on_lists(self, place: Place) -> None:
        """Each letter key bound at each focus of `place` that is not a text field, pressed alone,
        from the place as it was; whatever it opens is closed with Esc, and the store checked."""
        await self.go(place)
        for index in range(len(self.lists(place))):
            await self.go(place)
            target = self.lists(place)[index]
            await self.focus(target)
            where = f"{place.name}, {_describe(target)} focused"
            for name, bound in sorted(self.bound_letters(where).items()):
                action = action_name(bound.binding.action)
                assert action in MEANT, (
                    f"{where}: the letter key {name!r} runs {bound.binding.action!r}, which is not in MEANT: "
                    "say there what it may write"
                )
                meant = MEANT[action]
                await self.go(place)
                target = self.lists(place)[index]
                await self.focus(target)
                about = meant.about(self, place) if meant.about is not None else None
                before = len(self.events())
                screen = self.app.screen
                await type_in(self.pilot, _character(name), enter=False)
                if self.app.screen is not screen and isinstance(self.app.screen, ModalScreen):
                    self.found_dialog(place, index, name)
                if self.app.screen is not screen or typing(self.app.focused):
                    await self.unwind()
                new = self.events()[before:]
                self.check(f"{where}, key {name}", bound, meant, about, new)
                if new:
                    await self.take_back(f"{where}, key {name}", new)

    def found_dialog(self, place: Place, index: int, name: str) -> None:
        dialog = self.app.screen

        async def open_it(walk: Walk) -> None:
            await place.open(walk)
            await walk.focus(walk.lists(place)[index])
            await type_in(walk.pilot, _character(name), enter=False)

        self.add_dialog(
            Place(place.phase, f"{place.name} → {name} → {type(dialog).__name__}", open_it),
            (place.phase, place.name, type(dialog).__name__, name),
        )

    async def find_dialogs(self, place: Place) -> None:
        """The dialogs of a phase not opened by a letter: the session screen's keys (ctrl+d…),
        Delete on each list (a confirmation), and the palette's "Open dot voting". A dialog that
        is the same from every phase (its title says) is walked once."""
        await self.go(place)
        for name, bound in sorted(self.app.screen.active_bindings.items()):
            own = bound.node is self.base and bound.binding.action in {b.action for b in FacilitatorScreen.BINDINGS}
            if not own or not bound.enabled or action_name(bound.binding.action) in SCREEN_MOVES:
                continue  # Textual's own (Tab, copy), or one that goes elsewhere

            async def press(walk: Walk, name: str = name) -> None:
                await key(walk.pilot, name)

            await self.go(place)
            await press(self)
            dialog = self.app.screen
            assert isinstance(dialog, ModalScreen), (
                f"{place.name}: {name} ({bound.binding.action}) opened no dialog; if it is not meant to, "
                "add it to SCREEN_MOVES"
            )
            title = str(dialog.query_one(".dialog-title").render())
            self.add_dialog(
                Place(place.phase, f"{place.name} → {name} → {type(dialog).__name__}", press),
                (name, type(dialog).__name__, title),
            )
        for index, listing in enumerate(self.lists(place)):
            if not isinstance(listing, OptionList):
                continue
            await self.go(place)
            listing = self.lists(place)[index]
            await self.focus(listing)
            option = listing.highlighted_option
            await key(self.pilot, "delete")
            if isinstance(self.app.screen, ConfirmDialog):

                async def ask(walk: Walk, index: int = index) -> None:
                    await walk.focus(walk.lists(place)[index])
                    await key(walk.pilot, "delete")

                asked = option.id if option is not None else None
                self.add_dialog(
                    Place(place.phase, f"{place.name} → {_describe(listing)} → Delete → ConfirmDialog", ask, asked),
                    (place.phase, "delete", str(index)),
                )
        if self.role == "facilitator" and self.base.pane.phase.kind in meeting.VOTABLE_KINDS:

            async def open_voting(walk: Walk) -> None:
                walk.base.open_voting()  # the palette's "Open dot voting": it has no key
                await settle(walk.pilot)

            self.add_dialog(
                Place(place.phase, f"{place.name} → palette → AskDialog", open_voting), (place.phase, "ask")
            )
        await self.unwind()

    async def in_fields(self, place: Place, letters: str) -> None:
        """Every letter found anywhere, typed into each text field of `place` in one burst: it is
        all in the field, nothing is written, and Esc puts the field back (or closes the dialog)."""
        await self.go(place)
        count = len([w for w in self.scope(place) if isinstance(w, (Input, TextArea))])
        for index in range(count):
            await self.go(place)
            field_input = [w for w in self.scope(place) if isinstance(w, (Input, TextArea))][index]
            field_widget = field_input.parent.parent if isinstance(field_input, Input) else field_input
            where = f"{place.name}, {_describe(field_widget)} focused"  # type: ignore[arg-type]
            field_input.screen.set_focus(field_input)
            await settle(self.pilot)
            before = len(self.events())
            if isinstance(field_input, Input):
                was = field_input.value
                start, end = sorted(field_input.selection)
                expected = was[:start] + letters + was[end:]
            else:
                was = expected = field_input.text  # a read-only text to take away: nothing is typed
            await type_in(self.pilot, letters, enter=False)
            assert self.app.focused is field_input, (
                f"{where}: typing {letters!r} moved the focus to {self.app.focused!r}"
            )
            value = field_input.value if isinstance(field_input, Input) else field_input.text
            assert value == expected, f"{where}: typed {letters!r}, the field holds {value!r}"
            assert self.events()[before:] == [], f"{where}: typing {letters!r} wrote {self.events()[before:]}"
            await self.unwind()
            assert self.events()[before:] == [], f"{where}: Esc after typing wrote {self.events()[before:]}"
            if not place.is_dialog and isinstance(field_input, Input):
                assert field_input.value == was, f"{where}: Esc left {field_input.value!r} in the field"

    async def in_choices(self, place: Place, letters: str) -> None:
        """The same letters typed into each choice's open list (it searches; nothing is chosen), then Esc."""
        await self.go(place)
        count = len([w for w in self.scope(place) if isinstance(w, Select)])
        for index in range(count):
            await self.go(place)
            select = [w for w in self.scope(place) if isinstance(w, Select)][index]
            where = f"{place.name}, {_describe(select.parent.parent)} open"  # type: ignore[arg-type]
            value = select.value
            select.screen.set_focus(select)
            await key(self.pilot, "enter")
            assert typing(self.app.focused), f"{where}: Enter did not open the choice"
            before = len(self.events())
            await type_in(self.pilot, letters, enter=False)
            assert typing(self.app.focused), f"{where}: typing {letters!r} closed the choice"
            assert self.events()[before:] == [], f"{where}: typing {letters!r} wrote {self.events()[before:]}"
            await self.unwind()
            assert self.events()[before:] == [], f"{where}: Esc wrote {self.events()[before:]}"
            assert select.value == value, f"{where}: typing {letters!r} chose {select.value!r}"


async def walk_everything(walk: Walk) -> None:
    """Every phase, then every dialog found from it: lists first (which finds the dialogs letter
    keys open, and every letter bound anywhere), then the same letters typed into every field."""
    for phase in walk.base.phases:
        pane = Place(phase.id, phase.id)
        walk.places.append(pane)
        await walk.find_dialogs(pane)
    index = 0
    while index < len(walk.places):  # dialogs found on the way are walked in their turn
        await walk.on_lists(walk.places[index])
        index += 1
    letters = "".join(_character(name) for name in sorted(walk.letters))
    for place in walk.places:
        await walk.in_fields(place, letters)
        await walk.in_choices(place, letters)
    await walk.unwind()


# ---------------------------------------------------------------------------------------------
# The tests


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store(sessions_dir: Path, clock: ManualClock) -> SessionStore:
    return SessionStore(sessions_dir, clock=clock)


def _app(store: SessionStore, clock: ManualClock, session_id: str, actor: str, role: str) -> ReviewApp:
    return ReviewApp(store, actor, session_id=session_id, clock=clock, cursor_blink=False, local=True, role=role)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("template", "known"),
    [
        ("outcome-review", {"a", "r", "c", "d", "n", "x", "o", "e", "y", "space"}),
        ("retrospective", {"a", "c", "d", "n", "x", "o", "e", "y", "space"}),
    ],
)
async def test_no_letter_key_writes_what_it_is_not_meant_for(
    store: SessionStore, clock: ManualClock, template: str, known: set[str]
) -> None:
    session_id = rich_session(store, clock, template)
    app = _app(store, clock, session_id, "Maya", "facilitator")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        walk = Walk(pilot, store.root, session_id, "Maya", "facilitator")
        await walk_everything(walk)
        assert known <= walk.letters, f"letter keys not found: {sorted(known - walk.letters)}; found {walk.found}"
        dialogs = {place.name.rsplit(" → ", 1)[-1] for place in walk.places if place.is_dialog}
        expected = {"DecisionDialog", "TimerDialog", "ExportDialog", "VotesDialog", "ProposalsDialog"}
        expected |= {"FormDialog", "ConfirmDialog", "AskDialog"}
        assert expected <= dialogs, f"dialogs not reached: {sorted(expected - dialogs)}"


async def test_a_participants_letter_keys_write_only_what_a_participant_may(
    store: SessionStore, clock: ManualClock
) -> None:
    session_id = rich_session(store, clock, "outcome-review")
    app = _app(store, clock, session_id, "Tom", "participant")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.role == "participant"  # type: ignore[attr-defined]
        walk = Walk(pilot, store.root, session_id, "Tom", "participant")
        await walk_everything(walk)
        assert {"a", "e", "space"} <= walk.letters, f"letter keys found: {walk.found}"
        dialogs = {place.name.rsplit(" → ", 1)[-1] for place in walk.places if place.is_dialog}
        assert {"DecisionDialog", "TakeAwayDialog", "VotesDialog", "FormDialog"} <= dialogs, dialogs
