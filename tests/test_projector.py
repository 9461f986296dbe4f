"""The room's screen (issue 21): what it shows of each phase, how it follows the facilitator's
highlight through presence, and that it writes nothing but its join and its leave."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from textual.widgets import Static
from ui_support import ManualClock, settle

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.domain.projection import project
from reviewtui.store import SessionStore
from reviewtui.store.presence import Pointer, Presence, present
from reviewtui.ui.app import ReviewApp
from reviewtui.ui.screens.facilitator import FacilitatorScreen
from reviewtui.ui.screens.projector import ProjectorScreen
from reviewtui.ui.widgets.big_number import BigNumber, block_lines
from tests.test_live import until


@pytest.fixture
def session_id(store: SessionStore) -> str:
    session_id = create_session(store, "Weekly review", facilitator="Maya").info.id
    maya = lambda change: store.append(session_id, "Maya", change)  # noqa: E731
    maya(lambda r: c.add_objective(r, "Keep new customers", why="Churn in month one"))
    maya(lambda r: c.add_objective(r, "Faster first value"))
    maya(lambda r: c.add_kpi(r, "30-day retention", baseline=31, target=40, unit="%", objective="o1"))
    maya(lambda r: c.add_kpi(r, "Tickets per account", baseline=1.8, target=1.5, objective="o1"))
    maya(lambda r: c.add_kpi(r, "Hours to first report", baseline=47, target=24, unit="hours", objective="o2"))
    maya(lambda r: c.record_reading(r, "k1", 36.5))
    maya(lambda r: c.record_reading(r, "k3", 30))
    maya(lambda r: c.record_answer(r, "What changed because of this work?", "Fewer tickets"))
    maya(lambda r: c.add_action(r, "Call churned users", owner="Tom", kpi="k1"))
    maya(lambda r: c.add_action(r, "Ship sample data", owner="Ana", kpi="k3"))
    return session_id


def watching_app(sessions_dir: Path, name: str, session_id: str, **options) -> ReviewApp:
    """An observer's app on the folder (`projector=True`: the room's view; `pinned=True`: a web tab)."""
    clock = ManualClock()
    store = SessionStore(sessions_dir, clock=clock)
    return ReviewApp(store, name, session_id=session_id, clock=clock, role="observer", **options)


def events_of(store: SessionStore, session_id: str, actor: str) -> list[tuple[str, str | None]]:
    return [(e.type, getattr(e.data, "role", None)) for e in store.load(session_id).events if e.actor == actor]


# ------------------------------------------------------------------------------ what is shown


def test_each_phase_shows_what_the_facilitator_points_at(store: SessionStore, session_id: str) -> None:
    review = store.load(session_id).review
    shown = project(review, "kpis", "k3")
    assert shown.objective.id == "o2" and [k.id for k in shown.kpis] == ["k3"] and shown.kpi.id == "k3"
    shown = project(review, "kpis", "o1")
    assert [k.id for k in shown.kpis] == ["k1", "k2"] and shown.kpi.id == "k1"
    shown = project(review, "impact", "question:1")
    assert shown.question == review.template.phase("impact").questions[1] and shown.answers == ()
    shown = project(review, "actions", "a1")
    assert shown.action.id == "a1" and [a.id for a in shown.actions] == ["a1", "a2"]


def test_without_a_pointer_each_phase_shows_what_the_room_is_likely_on(store: SessionStore, session_id: str) -> None:
    review = store.load(session_id).review
    assert project(review, "kpis", None).objective.id == "o1", "the first objective with a KPI"
    impact = project(review, "impact", None)
    assert impact.question == "What changed because of this work?", "the latest answer's question"
    assert [a.text for a in impact.answers] == ["Fewer tickets"]
    assert project(review, "actions", None).action.id == "a2", "the latest action agreed"
    # A pointer naming nothing of this session, or another phase's item: the same as none.
    for item in (
        "k99",
        "question:99",
        "question:x",
        "question:²",
        "question:٣",
        "question:" + "9" * 5000,
        "a1" * 100,
        "",
    ):
        assert project(review, "kpis", item).objective.id == "o1", item
        assert project(review, "impact", item).question == "What changed because of this work?", item
    assert project(review, "actions", "k1").action.id == "a2"
    assert project(review, None, None).phase.id == review.template.phases[0].id


def test_kpis_of_no_objective_are_shown_rather_than_an_objective_without_any(store: SessionStore) -> None:
    session_id = create_session(store, "Loose", facilitator="Maya").info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Keep new customers"))
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "30-day retention", baseline=31, target=40))
    shown = project(store.load(session_id).review, "kpis", None)
    assert shown.objective is None and [k.name for k in shown.kpis] == ["30-day retention"]


def test_a_pointer_travels_through_presence_and_a_hostile_one_is_none(tmp_path: Path) -> None:
    maya = Presence(tmp_path, "s1", "Maya", "facilitator")
    maya.point(Pointer("kpis", "k2"))
    assert [p.pointer for p in present(tmp_path, "s1")] == [Pointer("kpis", "k2")]
    maya.leave()
    # What another process (or a person with the folder) may put in a presence file.
    for said in (
        {"phase": "kpis", "item": "k" * 1_000},
        {"phase": "", "item": "k1"},
        {"phase": ["kpis"], "item": "k1"},
        "kpis",
        {"phase": "kpis", "item": 7},
    ):
        held = Presence(tmp_path, "s2", "Eve", "facilitator")
        os.ftruncate(held._fd, 0)
        os.pwrite(held._fd, json.dumps({"name": "Eve", "role": "facilitator", "pointer": said}).encode(), 0)
        [found] = present(tmp_path, "s2")
        assert found.pointer in (None, Pointer("kpis", None)), said
        held.leave()


# ------------------------------------------------------------------------------ live


async def test_a_projector_follows_the_facilitator_and_writes_only_its_join_and_leave(
    sessions_dir: Path, session_id: str
) -> None:
    clock = ManualClock()
    facilitator = ReviewApp(SessionStore(sessions_dir, clock=clock), "Maya", session_id=session_id, clock=clock)
    projector = watching_app(sessions_dir, "Wall", session_id, projector=True)
    async with facilitator.run_test(size=(120, 40)) as maya, projector.run_test(size=(120, 40)) as wall:
        await settle(maya)
        await settle(wall)
        screen = projector.screen
        assert isinstance(screen, ProjectorScreen) and isinstance(facilitator.screen, FacilitatorScreen)
        before = (sessions_dir / f"{session_id}.json").read_bytes()
        # Maya goes to the KPIs, and down to the second objective's KPI.
        for _ in range(2):
            await maya.press("pagedown")
        await settle(maya)
        assert facilitator.screen.phase.id == "kpis"
        for _ in range(4):
            await maya.press("down")
        await settle(maya)

        def focused() -> str:
            cards = screen.query(".kpi-card.-focused")
            return str(cards.first().query_one(".card-name", Static).render()) if cards else ""

        await until([maya, wall], lambda: focused() == "Hours to first report")
        # Every KPI of that objective, big: at 40 rows, in block letters two pixels a dot.
        assert [b.render() for b in screen.query(BigNumber)] == ["\n".join(block_lines("30", 2))]
        assert "Faster first value" in str(screen.query_one(".projector-heading", Static).render())
        # On to Impact: the question she highlights is the one on the wall.
        await maya.press("pagedown")
        await settle(maya)
        await maya.press("down")
        await settle(maya)
        question = facilitator.screen.session.review.template.phase("impact").questions[1]
        await until([maya, wall], lambda: any(question in str(s.render()) for s in screen.query(".projector-big")))
        # Keys pressed at the projector change nothing: it is read-only.
        middle = (sessions_dir / f"{session_id}.json").read_bytes()
        for key in ("pagedown", "pageup", "ctrl+d", "ctrl+z", "d", "x", "enter", "f", "F", "ctrl+t", "escape"):
            await wall.press(key)
        await settle(wall)
        assert (sessions_dir / f"{session_id}.json").read_bytes() == middle
        assert before != middle  # Maya's phases were written meanwhile
    store = SessionStore(sessions_dir)
    assert events_of(store, session_id, "Wall") == [
        ("participant.joined", "observer"),
        ("participant.left", "observer"),
    ]


async def test_f5_shows_the_facilitator_the_rooms_view_and_escape_brings_the_work_back(
    sessions_dir: Path, session_id: str
) -> None:
    clock = ManualClock()
    app = ReviewApp(SessionStore(sessions_dir, clock=clock), "Maya", session_id=session_id, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(4):
            await pilot.press("pagedown")
        await settle(pilot)
        await pilot.press("down")  # the second action
        await settle(pilot)
        seqs = SessionStore(sessions_dir).load(session_id).last_seq
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ProjectorScreen) and app.screen.own
        assert "Ship sample data" in str(app.screen.query_one(".projector-big", Static).render())
        assert "Ana" in str(app.screen.query_one(".projector-details", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FacilitatorScreen) and app.screen.phase.id == "actions"
        assert SessionStore(sessions_dir).load(session_id).last_seq == seqs, "the view wrote nothing"


async def test_a_browser_tab_stays_on_its_session_and_offers_no_screenshot(sessions_dir: Path, session_id: str) -> None:
    app = watching_app(sessions_dir, "Web viewer 1", session_id, pinned=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert not screen.check_action("sessions", ())
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen is screen, "no list of the other sessions"
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Screenshot" not in titles, "Textual's screenshot is a file written on the host"
        app.show_home()  # however it is asked for: leaving the session ends the tab
        await settle(pilot)
    assert events_of(SessionStore(sessions_dir), session_id, "Web viewer 1")[-1] == ("participant.left", "observer")


def test_open_projector_refuses_without_a_terminal_and_a_missing_session(
    sessions_dir: Path, session_id: str, capsys
) -> None:
    assert main(["--sessions", str(sessions_dir), "open", "nope", "--projector"]) != 0
    assert "nope" in capsys.readouterr().err
    assert main(["--sessions", str(sessions_dir), "open", session_id, "--projector"]) != 0
    assert "needs a terminal" in capsys.readouterr().err


def test_a_kpi_is_drawn_in_block_letters_as_big_as_the_card_holds() -> None:
    assert block_lines("36.5%", 2) == [
        "██████  ██████      ██████  ██  ██",
        "    ██  ██          ██          ██",
        "██████  ██████      ██████    ██  ",
        "    ██  ██  ██          ██  ██    ",
        "██████  ██████  ██  ██████  ██  ██",
    ]
    assert len(block_lines("1,234.5", 3)) == 8, "three pixels a dot: 15 rows of pixels, two a cell"
    assert block_lines("1.2e+15", 2) is None, "a character the font lacks: the caller keeps Digits"
    assert block_lines("", 2) is None


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_hostile_kpis_stay_text_and_inside_the_screen(store: SessionStore, sessions_dir: Path, size) -> None:
    session_id = create_session(store, "[bold]Loud[/bold] $accent", facilitator="Maya").info.id
    maya = lambda change: store.append(session_id, "Maya", change)  # noqa: E731
    maya(lambda r: c.add_objective(r, "[@click=app.quit]x[/] " + "o" * 300))
    maya(
        lambda r: c.add_kpi(
            r, "[red]k[/red] " + "n" * 80, baseline=0, target=1e15, unit="[/]" + "u" * 27, objective="o1"
        )
    )
    maya(lambda r: c.record_reading(r, "k1", 999999999999999))
    maya(lambda r: c.add_kpi(r, "Tiny", baseline=-1e15, target=1e-9, objective="o1"))
    maya(lambda r: c.enter_phase(r, "kpis"))
    app = watching_app(sessions_dir, "Wall", session_id, projector=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProjectorScreen)
        assert "[bold]Loud[/bold] $accent" in str(screen.query_one("#session-title", Static).render())
        names = [str(s.render()) for s in screen.query(".card-name")]
        assert names[0].startswith("[red]k[/red] nnn"), "markup in a name is text"
        assert str(screen.query(".card-unit").first().render()).startswith("[/]uuu"), "and in a unit"
        for card in screen.query(".kpi-card"):
            assert card.region.right <= size[0], "a card stays on the screen"


def test_a_scan_never_sees_a_presence_half_written(tmp_path: Path) -> None:
    """An arrow key held down rewrites the facilitator's presence 20 times a second; a projector
    scanning meanwhile must always find her (an empty file read showed "waiting for a facilitator")."""
    import threading
    import time

    maya = Presence(tmp_path, "s1", "Maya", "facilitator")
    maya.point(Pointer("kpis", "k1"))
    moving = threading.Event()
    moving.set()

    def hold_down() -> None:
        number = 0
        while moving.is_set():
            maya.point(Pointer("kpis", f"k{number % 2 + 1}" * (1 + number % 3)))  # longer, then shorter
            number += 1
            time.sleep(0.002)

    mover = threading.Thread(target=hold_down)
    mover.start()
    try:
        scans = [present(tmp_path, "s1") for _ in range(3000)]
    finally:
        moving.clear()
        mover.join()
    assert all(any(p.role == "facilitator" and p.pointer for p in scan) for scan in scans)
    maya.leave()


async def test_the_facilitators_own_projector_leaves_her_in_her_role(sessions_dir: Path, session_id: str) -> None:
    """`open ID --projector` run by Maya herself (the default name is the login's): a second
    terminal watching, not a second person; she stays facilitating, in the log too."""
    clock = ManualClock()
    facilitator = ReviewApp(SessionStore(sessions_dir, clock=clock), "Maya", session_id=session_id, clock=clock)
    async with facilitator.run_test(size=(100, 30)) as maya:
        await settle(maya)
        before = SessionStore(sessions_dir).load(session_id).last_seq
        wall = watching_app(sessions_dir, "Maya", session_id, projector=True)
        async with wall.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(wall.screen, ProjectorScreen)
        review = SessionStore(sessions_dir).load(session_id).review
        assert review.as_of_seq == before, "nothing written by her second terminal"
        assert review.participants["Maya"].role == "facilitator" and review.participants["Maya"].connected


def test_only_the_seat_holders_pointer_is_followed(store: SessionStore, session_id: str) -> None:
    from reviewtui.application.open_session import OpenSession
    from reviewtui.application.room import Room
    from reviewtui.store.seat import Seat

    seat = Seat.take(store.root, session_id, "Maya")
    maya = Presence(store.root, session_id, "Maya", "facilitator")
    maya.point(Pointer("kpis", "k1"))
    eve = Presence(store.root, session_id, "Eve", "facilitator")  # a file claiming the role
    eve.point(Pointer("kpis", "k3"))
    room = Room(OpenSession(store, session_id, "Wall"), "observer")
    room.scan()
    assert room.facilitators_pointer() == Pointer("kpis", "k1")
    assert room.facilitator().name == "Maya"
    seat.release()
    assert room.facilitators_pointer() is None, "nobody holds the seat: nobody is followed"
    for presence in (maya, eve):
        presence.leave()


@pytest.mark.parametrize("count", [3, 6, 20])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_kpi_in_focus_and_its_chart_are_always_on_the_screen(
    store: SessionStore, sessions_dir: Path, count: int, size: tuple[int, int]
) -> None:
    from reviewtui.store.seat import Seat

    session_id = create_session(store, "Many KPIs", facilitator="Maya").info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Keep new customers", why="Churn in month one"))
    for number in range(1, count + 1):
        store.append(
            session_id, "Maya", lambda r, n=number: c.add_kpi(r, f"KPI {n}", baseline=1, target=100, objective="o1")
        )
        store.append(session_id, "Maya", lambda r, n=number: c.record_reading(r, f"k{n}", 50 + n))
    store.append(session_id, "Maya", lambda r: c.enter_phase(r, "kpis"))
    seat = Seat.take(sessions_dir, session_id, "Maya")
    maya = Presence(sessions_dir, session_id, "Maya", "facilitator")
    maya.point(Pointer("kpis", f"k{count}"))
    app = watching_app(sessions_dir, "Wall", session_id, projector=True)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = app.screen
            footer_row = size[1] - 1
            card = screen.query_one(".kpi-card.-focused")
            assert f"KPI {count}" in str(card.query_one(".card-name", Static).render())
            assert card.region.bottom <= footer_row, f"the KPI in focus is cut: {card.region} on {size}"
            for chart in screen.query(".projector-chart"):
                assert chart.region.bottom <= footer_row and chart.region.height >= 7, chart.region
            shown = " ".join(str(s.render()) for s in screen.query(".card-name, .kpi-lines"))
            listed = {n for n in range(1, count + 1) if re.search(rf"KPI {n}\b", shown)}
            more = re.search(r"and (\d+) more KPIs", shown)
            assert len(listed) + (int(more.group(1)) if more else 0) == count, shown  # each listed, or counted
            for lines in screen.query(".kpi-lines"):
                assert lines.region.bottom <= footer_row, "the list of the others stays on the screen"
    finally:
        maya.leave()
        seat.release()


async def test_a_proposal_on_the_wall_says_it_is_one(store: SessionStore, sessions_dir: Path, session_id: str) -> None:
    from reviewtui.application.open_session import OpenSession

    tom = OpenSession(store, session_id, "Tom")
    tom.role = "participant"
    store.append(session_id, "Tom", lambda r: c.join(r, "Tom"))
    tom.apply(lambda r: c.record_answer(r, "What changed because of this work?", "Signups rose"))
    store.append(session_id, "Maya", lambda r: c.enter_phase(r, "impact"))
    app = watching_app(sessions_dir, "Wall", session_id, projector=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        said = str(app.screen.query_one(".projector-list", Static).render())
    assert "Signups rose" in said and "proposed" in said
    assert "Fewer tickets" in said and said.count("proposed") == 1, "Maya's own answer is not a proposal"
