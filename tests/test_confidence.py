"""Blind team confidence: sealed ratings, nothing shown (nor written in the clear) before the
reveal, who may open, rate and reveal, anonymity, the trend across a series, and two apps live."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Label
from ui_support import ManualClock, settle, type_in

from reviewtui.application import confidence
from reviewtui.application.exports import export_text
from reviewtui.application.sessions import create_session
from reviewtui.application.writing import Author, undo_last, write
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.domain import meeting
from reviewtui.domain.confidence import check_rating, seal, spread, unseal
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.names import VOTER_PREFIX
from reviewtui.domain.replay import describe
from reviewtui.domain.series import Threads
from reviewtui.store import SessionStore
from reviewtui.store.pseudonym import HostKey
from reviewtui.ui.app import ReviewApp
from tests.helpers.clocks import MinuteClock

MAYA, TOM, ANA = Author("Maya"), Author("Tom", "participant"), Author("Ana", "participant")


def test_a_sealed_rating_says_nothing_without_its_pad() -> None:
    assert all(unseal(seal(value, pad), pad) == value for value in range(11) for pad in range(11))
    # Every sealed value is as likely, whatever was rated: the pads of 2,200 nonces cover 0..10.
    sealed = Counter(seal(7, HostKey("s").pad(f"nonce-{n}")) for n in range(2200))
    assert set(sealed) == set(range(11)) and min(sealed.values()) > 120


@pytest.mark.parametrize("typed", ["11", "-1", "abc", "7.5", "", "٧", "1e1", "10 "])
def test_a_rating_is_a_whole_number_from_0_to_10(typed: str) -> None:
    if typed == "10 ":
        assert check_rating(typed) == 10
        return
    with pytest.raises(InvalidInput, match="is not a rating"):
        check_rating(typed)


def test_spread_median_and_disagreement() -> None:
    assert (spread([9, 3, 7]).values, spread([9, 3, 7]).median, spread([9, 3, 7]).disagrees) == ((3, 7, 9), 7, True)
    assert not spread([6, 7, 8, 7]).disagrees and spread([6, 7, 8, 7]).median == 7
    assert not spread([10]).disagrees


@pytest.fixture
def clock() -> MinuteClock:
    return MinuteClock()


def _session(store: SessionStore, title: str = "Q1 review") -> str:
    session_id = create_session(
        store, title, facilitator="Maya", series="Growth", participants=["Tom", "Ana", "Olga"]
    ).info.id
    store.append(session_id, "Olga", lambda r: c.join(r, "Olga", "observer"))
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Retention", baseline=20, target=40, unit="%"))
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "NPS", baseline=10, target=50))
    return session_id


def _file(sessions_dir: Path, session_id: str) -> dict:
    return json.loads((sessions_dir / f"{session_id}.json").read_text())


def test_nothing_shows_a_rating_before_the_reveal(store: SessionStore, sessions_dir: Path) -> None:
    session_id = _session(store)
    confidence.open_round(store, session_id, MAYA)
    for author, value in ((TOM, 7), (ANA, 2), (MAYA, 9)):
        confidence.rate(store, session_id, author, "Retention", value)
    confidence.rate(store, session_id, TOM, "NPS", 10)
    log = store.load(session_id)
    rated = [e for e in _file(sessions_dir, session_id)["events"].values() if e["type"] == "confidence.rated"]
    assert [set(e["data"]) for e in rated] == [{"kpi_id", "sealed", "nonce", "check"}] * 4, "no value in the file"
    review = log.review
    assert review.confidence is not None and review.confidence.count("k1") == 3 and review.confidence_values == {}
    # The exports: how many, never what.
    from reviewtui.domain.export.json_doc import json_document

    document = json_document(review, log.documents)
    assert [k["confidence"] for k in document["kpis"]] == [{"count": 3}, {"count": 1}]
    minutes = export_text(store, log, "md", None)
    assert "A blind confidence round is open: 4 ratings given, not revealed yet." in minutes
    assert "median" not in minutes
    # The replay's words: who rated, never the value.
    words = [describe(e, log.review_at(e.seq - 1)) for e in log.events if e.type == "confidence.rated"]
    assert words[0] == "rated their confidence in the KPI “Retention”" and not any(
        ch.isdigit() for w in words for ch in w
    )
    # Each person sees their own, only.
    assert confidence.own_rating(review, session_id, "Ana", "k1") == 2
    assert confidence.own_rating(review, session_id, "Ana", "k2") is None
    confidence.reveal(store, session_id, MAYA)
    review = store.load(session_id).review
    assert review.confidence_values == {"k1": [2, 7, 9], "k2": [10]}
    revealed = next(e for e in _file(sessions_dir, session_id)["events"].values() if e["type"] == "confidence.revealed")
    assert (
        revealed["data"] == {"phase": "kpis", "values": {"k1": [2, 7, 9], "k2": [10]}} and revealed["actor"] == "Maya"
    )
    document = json_document(review, store.load(session_id).documents)
    assert document["kpis"][0]["confidence"] == {"count": 3, "median": 7, "values": [2, 7, 9]}
    assert "Retention: median 7 of 3 (2 7 9); the room disagrees" in export_text(store, store.load(session_id), "md")


def test_a_new_rating_replaces_the_last_and_an_undo_takes_it_back(store: SessionStore) -> None:
    session_id = _session(store)
    confidence.open_round(store, session_id, MAYA)
    confidence.rate(store, session_id, TOM, "k1", 3)
    confidence.rate(store, session_id, TOM, "k1", 8)
    assert store.load(session_id).review.confidence.count("k1") == 1
    confidence.rate(store, session_id, ANA, "k1", 5)
    write(store, session_id, ANA, undo_last(session_id, ANA))
    confidence.reveal(store, session_id, MAYA)
    assert store.load(session_id).review.confidence_values == {"k1": [8]}


def test_a_reveal_and_the_ratings_it_revealed_are_never_taken_back(store: SessionStore) -> None:
    session_id = _session(store)
    confidence.open_round(store, session_id, MAYA)
    confidence.rate(store, session_id, TOM, "k1", 3)
    confidence.rate(store, session_id, ANA, "k1", 9)
    confidence.reveal(store, session_id, MAYA)
    [undo] = write(store, session_id, MAYA, undo_last(session_id, MAYA))
    review = store.load(session_id).review
    assert undo.data.seqs == [
        next(e.seq for e in store.load(session_id).events if e.type == "kpi.added" and e.data.name == "NPS")
    ]
    assert review.confidence_values == {"k1": [3, 9]}, "the reveal stands, and the round it revealed"
    with pytest.raises(InvalidInput, match="nothing of yours to undo"):
        write(store, session_id, TOM, undo_last(session_id, TOM))


def test_a_reveal_with_another_accounts_key_is_refused_never_wrong(store: SessionStore) -> None:
    class OtherKey:
        def pad(self, nonce: str) -> int:
            return 5

        def check(self, nonce: str, value: int) -> str:
            return "not-the-check"

    session_id = _session(store)
    confidence.open_round(store, session_id, MAYA)
    confidence.rate(store, session_id, TOM, "k1", 10)
    with pytest.raises(InvalidInput, match="1 of the ratings were sealed with another account's key"):
        store.append(session_id, "Maya", lambda r: c.reveal_confidence(r, OtherKey()))
    assert store.load(session_id).review.confidence_values == {}


def test_only_people_present_rate(store: SessionStore) -> None:
    session_id = _session(store)
    confidence.open_round(store, session_id, MAYA)
    with pytest.raises(InvalidInput, match="Mallory is not in this session"):
        confidence.rate(store, session_id, Author("Mallory", "participant"), "k1", 10)
    store.append(session_id, "Maya", lambda r: c.mark_attendance(r, "Ana", False))
    with pytest.raises(InvalidInput, match="Ana is marked away"):
        confidence.rate(store, session_id, ANA, "k1", 10)


def test_only_the_facilitator_opens_and_reveals_and_an_observer_only_watches(store: SessionStore) -> None:
    session_id = _session(store)
    with pytest.raises(InvalidInput, match="no confidence round is open"):
        confidence.rate(store, session_id, TOM, "k1", 5)
    with pytest.raises(InvalidInput, match="only the facilitator can do that"):
        confidence.open_round(store, session_id, TOM)
    confidence.open_round(store, session_id, MAYA)
    with pytest.raises(InvalidInput, match="open already"):
        confidence.open_round(store, session_id, MAYA)
    with pytest.raises(InvalidInput, match="an observer only watches"):
        confidence.rate(store, session_id, Author("Olga", "observer"), "k1", 5)
    confidence.rate(store, session_id, TOM, "k1", 5)
    with pytest.raises(InvalidInput, match="only the facilitator can do that"):
        confidence.reveal(store, session_id, TOM)
    assert store.load(session_id).review.confidence_values == {}


def test_an_anonymous_kpis_phase_writes_no_names(store: SessionStore, sessions_dir: Path) -> None:
    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: meeting.set_anonymous(r, "kpis", True))
    confidence.open_round(store, session_id, MAYA)
    confidence.rate(store, session_id, TOM, "k1", 6)
    confidence.rate(store, session_id, ANA, "k1", 8)
    confidence.rate(store, session_id, TOM, "k1", 4)  # counted once: the same pseudonym
    [undo] = write(store, session_id, TOM, undo_last(session_id, TOM))
    assert undo.actor.startswith(VOTER_PREFIX), "an undo of a pseudonymous rating does not name its author"
    confidence.rate(store, session_id, TOM, "k1", 4)
    rated = [e for e in _file(sessions_dir, session_id)["events"].values() if e["type"] == "confidence.rated"]
    assert all(e["actor"].startswith(VOTER_PREFIX) for e in rated) and len({e["actor"] for e in rated}) == 2
    assert not any(e["actor"] in ("Tom", "Ana") for e in rated)
    review = store.load(session_id).review
    assert confidence.own_rating(review, session_id, "Tom", "k1") == 4
    with pytest.raises(InvalidInput, match="ratings are given in this round already"):
        store.append(session_id, "Maya", lambda r: meeting.set_anonymous(r, "kpis", False))
    confidence.reveal(store, session_id, MAYA)
    assert store.load(session_id).review.confidence_values == {"k1": [4, 8]}


def test_confidence_is_trended_across_the_series(store: SessionStore, clock: MinuteClock) -> None:
    first = _session(store)
    confidence.open_round(store, first, MAYA)
    for author, value in ((TOM, 4), (ANA, 6)):
        confidence.rate(store, first, author, "k1", value)
    confidence.reveal(store, first, MAYA)
    store.append(first, "Maya", lambda r: c.update_kpi(r, "k1", name="30-day retention"))
    clock.now += timedelta(days=91)
    second = create_session(store, "Q2 review", facilitator="Maya", series="Growth").info.id
    confidence.open_round(store, second, MAYA)
    confidence.rate(store, second, MAYA, "30-day retention", 8)
    confidence.reveal(store, second, MAYA)
    threads = Threads([store.load(first).review, store.load(second).review])
    assert threads.confidence_medians(store.load(second).review, "k1") == [5.0, 8.0]


def test_cli_confidence(sessions_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--sessions", str(sessions_dir)]
    assert main([*base, "--as", "Maya", "new", "Conf", "--no-open"]) == 0
    session_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main([*base, "--as", "Maya", "kpi", "add", session_id, "Retention", "--baseline", "2", "--target", "4"]) == 0
    for name in ("Tom", "Ana"):
        assert main([*base, "--as", "Maya", "attendee", "here", session_id, name]) == 0
    assert main([*base, "--as", "Mallory", "confidence", session_id, "--open"]) == 1
    assert "only the session's facilitator (Maya) can do that" in capsys.readouterr().err
    assert main([*base, "--as", "Tom", "confidence", session_id, "--open"]) == 1
    assert "only the session's facilitator (Maya) can do that" in capsys.readouterr().err
    assert main([*base, "--as", "Maya", "confidence", session_id, "--open"]) == 0
    assert main([*base, "--as", "Mallory", "confidence", session_id, "k1", "7"]) == 1
    assert "Mallory is not in this session: join it to rate" in capsys.readouterr().err
    assert main([*base, "--as", "Tom", "confidence", session_id, "k1", "7"]) == 0
    assert main([*base, "--as", "Ana", "confidence", session_id, "Retention", "12"]) == 1
    assert "'12' is not a rating" in capsys.readouterr().err
    assert main([*base, "--as", "Ana", "confidence", session_id, "Retention", "1"]) == 0
    assert main([*base, "--as", "Tom", "confidence", session_id, "--reveal"]) == 1
    assert main([*base, "--as", "Maya", "export", session_id, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"][0]["confidence"] == {"count": 2}
    assert main([*base, "--as", "Maya", "confidence", session_id, "--reveal"]) == 0
    assert capsys.readouterr().out == "Retention: median 4 of 2 (1 7); the room disagrees\n"
    assert main([*base, "--as", "Maya", "confidence", session_id, "k1", "--reveal"]) == 2


def test_cli_reveal_says_this_rounds_ratings_only(sessions_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second round that rated one KPI reveals that one: the first round's other KPI, which the
    review still keeps, is not said again as if just revealed."""
    base = ["--sessions", str(sessions_dir)]
    assert main([*base, "--as", "Maya", "new", "Conf", "--no-open", "--participant", "Tom"]) == 0
    session_id = capsys.readouterr().out.strip().splitlines()[-1]
    for name in ("Retention", "Tickets"):
        assert main([*base, "--as", "Maya", "kpi", "add", session_id, name, "--baseline", "2", "--target", "4"]) == 0
    assert main([*base, "--as", "Maya", "attendee", "here", session_id, "Tom"]) == 0
    for kpis in (("Retention", "Tickets"), ("Retention",)):
        assert main([*base, "--as", "Maya", "confidence", session_id, "--open"]) == 0
        for kpi in kpis:
            assert main([*base, "--as", "Tom", "confidence", session_id, kpi, "6"]) == 0
        capsys.readouterr()
        assert main([*base, "--as", "Maya", "confidence", session_id, "--reveal"]) == 0
    assert capsys.readouterr().out == "Retention: median 6 of 1 (6)\n"


# ------------------------------------------------------------------------------ two apps, live


async def _until(pilots, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the other app never showed the change")
        for pilot in pilots:
            await pilot.pause(0.05)


def _confidence_text(app: ReviewApp) -> str:
    label = app.screen.pane.query_one(".kpi-confidence", Label)
    return str(label.render()) if label.display else ""


async def test_a_round_in_two_apps_stays_blind_until_the_reveal(sessions_dir: Path) -> None:
    clock = ManualClock()
    store = SessionStore(sessions_dir, clock=clock)
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom"]).info.id
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Retention", baseline=20, target=40, unit="%"))
    maya_app = ReviewApp(
        SessionStore(sessions_dir, clock=clock), "Maya", session_id=session_id, clock=clock, cursor_blink=False
    )
    tom_app = ReviewApp(
        SessionStore(sessions_dir, clock=clock),
        "Tom",
        session_id=session_id,
        clock=clock,
        cursor_blink=False,
        role="participant",
    )
    async with maya_app.run_test(size=(120, 40)) as maya, tom_app.run_test(size=(120, 40)) as tom:
        await settle(maya)
        maya_app.screen.show_phase("kpis")
        await _until([maya, tom], lambda: tom_app.screen.phase.kind == "kpis")
        await settle(tom)
        assert not tom_app.screen.pane.check_action("confidence", ()), "no round open: nothing to rate"
        await maya.press("f")  # the facilitator opens the round
        await _until([maya, tom], lambda: "Confidence round open" in _confidence_text(tom_app))
        await tom.press("f")
        await settle(tom)
        await type_in(tom, "3")
        await _until([maya, tom], lambda: "1 rated this KPI" in _confidence_text(maya_app))
        assert _confidence_text(maya_app).endswith("you have not rated it: f"), "Maya never sees Tom's 3"
        assert "you: 3 (f changes it)" in _confidence_text(tom_app)
        await maya.press("f")
        await settle(maya)
        await type_in(maya, "9")
        await _until([maya, tom], lambda: "2 rated this KPI" in _confidence_text(tom_app))
        assert "9" not in _confidence_text(tom_app)
        assert not tom_app.screen.pane.check_action("reveal_confidence", ()), "a participant never reveals"
        await maya.press("F")
        await _until([maya, tom], lambda: "median 6 of 2" in _confidence_text(tom_app))
        assert "(3 9)  the room disagrees" in _confidence_text(tom_app)


def test_a_round_opened_by_mistake_is_taken_back_until_someone_rates(store: SessionStore) -> None:
    session_id = _session(store)
    confidence.open_round(store, session_id, MAYA)
    write(store, session_id, MAYA, undo_last(session_id, MAYA))
    assert store.load(session_id).review.confidence is None
    confidence.open_round(store, session_id, MAYA)
    confidence.rate(store, session_id, TOM, "k1", 6)
    [undo] = write(store, session_id, MAYA, undo_last(session_id, MAYA))
    review = store.load(session_id).review
    assert review.confidence is not None and review.confidence.count("k1") == 1, "the round stays, with its rating"
    assert all(e.type != "confidence.opened" for e in store.load(session_id).events if e.seq in undo.data.seqs)
