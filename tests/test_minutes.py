"""The minutes say what the room said, in people's words: who was there, what came of last time's
actions and whether they moved their KPI, decisions to revisit, dot votes, timeboxes, proposals,
a partner review's terms. Never an id. Sessions are built through the one write path."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import DEMO_SESSIONS, SteppingClock
from markdown_it import MarkdownIt

from reviewtui.application.exports import export_text
from reviewtui.application.sessions import create_session
from reviewtui.application.writing import Author, write
from reviewtui.domain import changes, meeting
from reviewtui.domain.export.markdown import minutes
from reviewtui.store import SessionStore


def as_(store: SessionStore, session_id: str, name: str = "Maya", role: str = "facilitator"):
    def do(change):
        return write(store, session_id, Author(name, role), change)

    return do


def md(store: SessionStore, session_id: str, at: int | None = None) -> str:
    """The Markdown export, as `reviewtui export ID` gives it (the series looked through)."""
    return export_text(store, store.load(session_id), "md", at)


def section(text: str, heading: str) -> list[str]:
    """The non-empty lines under a `## heading`, up to the next one (or the closing rule)."""
    lines = text.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((n for n in range(start, len(lines)) if lines[n].startswith("## ") or lines[n] == "---"), len(lines))
    return [line for line in lines[start:end] if line]


def header(text: str) -> list[str]:
    """The lines before the first section."""
    lines = text.splitlines()
    return [line for line in lines[: next(n for n, line in enumerate(lines) if line.startswith("## "))] if line]


@pytest.fixture
def last_quarter(store: SessionStore) -> str:
    """A closed session of the series "Growth": a KPI, four actions on it, a decision to revisit."""
    session_id = create_session(
        store, "Q3 review", facilitator="Maya", participants=["Tom", "Ana"], series="Growth"
    ).info.id
    maya = as_(store, session_id)
    maya(lambda r: changes.add_objective(r, "Keep new customers"))
    maya(lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40, unit="%", objective="o1"))
    maya(lambda r: changes.record_reading(r, "Retention", 32))
    maya(lambda r: changes.add_action(r, "Call churned users", owner="Tom", due="2026-10-31", kpi="Retention"))
    maya(lambda r: changes.add_action(r, "Fix the welcome email", owner="Ana", kpi="Retention"))
    maya(lambda r: changes.add_action(r, "Write a playbook", owner="Ana", due="2026-11-15"))
    maya(lambda r: changes.add_action(r, "Run a survey", owner="Tom"))
    maya(lambda r: changes.record_decision(r, "Pause the upsell", revisit_if="Retention < 35"))
    maya(lambda r: changes.close_session(r))
    return session_id


# ---------------------------------------------------------------------------------- 1. attendance


def test_the_minutes_say_who_was_present_and_who_was_away(store: SessionStore, last_quarter: str) -> None:
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom", "Ana", "Li"]).info.id
    maya = as_(store, session_id)
    maya(lambda r: changes.mark_attendance(r, "Ana", False))
    maya(lambda r: changes.join(r, "Olga", "observer"))
    assert header(md(store, session_id))[2:] == [
        "- **Facilitator:** Maya",
        "- **Present:** Maya, Tom, Li, Olga (observer)",
        "- **Away:** Ana",
    ]
    # The next session of the series expects last time's people: not marked until check-in.
    following = create_session(store, "Q1 review", facilitator="Tom", series="Growth").info.id
    as_(store, following, "Tom")(lambda r: changes.mark_attendance(r, "Ana", True))
    assert header(md(store, following))[2:] == [
        "- **Facilitator:** Tom",
        "- **Present:** Tom, Ana",
        "- **Not marked:** Maya",
    ]


# ---------------------------------------------------------------------------------- 2. check-in


def test_each_carried_action_says_what_its_owner_said_of_it(store: SessionStore, last_quarter: str) -> None:
    session_id = create_session(store, "Q4 review", facilitator="Maya", series="Growth").info.id
    maya = as_(store, session_id)
    maya(lambda r: changes.review_action(r, "a1", "done"))
    maya(lambda r: changes.review_action(r, "a2", "not done", note="blocked on legal"))
    maya(lambda r: changes.review_action(r, "a3", "dropped"))
    assert section(md(store, session_id), "Check-in: last time's actions") == [
        "Carried over from Q3 review, reviewed with each owner:",
        "- Call churned users (Tom, due 2026-10-31): **done**",
        "- Fix the welcome email (Ana): **not done — carried again** — blocked on legal",
        "- Write a playbook (Ana, due 2026-11-15): **dropped**",
        "- Run a survey (Tom): **not reviewed**",
    ]


# ---------------------------------------------------------------------------------- 3. the series


def test_did_it_move_and_decisions_to_revisit_as_the_check_in_shows_them(
    store: SessionStore, last_quarter: str, clock: SteppingClock
) -> None:
    session_id = create_session(store, "Q4 review", facilitator="Maya", series="Growth").info.id
    maya = as_(store, session_id)
    maya(lambda r: changes.review_action(r, "a1", "done"))
    maya(lambda r: changes.review_action(r, "a2", "done"))
    maya(lambda r: changes.record_reading(r, "Retention", 34.5))
    text = md(store, session_id)
    done_on = f"{store.load(session_id).review.actions['a1'].closed_at:%Y-%m-%d}"
    assert section(text, "Did it move?") == [
        "Each done action's KPI since:",
        f"- Call churned users → Retention: 32% → 34.5% (+2.5 pts) **better** — done {done_on}",
        f"- Fix the welcome email → Retention: 32% → 34.5% (+2.5 pts) **better** — done {done_on}",
    ]
    # Last quarter's decision holds on this quarter's reading, and this quarter's own flag says so.
    maya(lambda r: changes.record_decision(r, "Hire a second CSM", revisit_if="Retention < 34"))
    maya(lambda r: changes.record_reading(r, "Retention", 33.5))
    text = md(store, session_id)
    assert section(text, "Decisions to revisit") == [
        "- **Pause the upsell** — revisit if Retention \\< 35: holds now (33.5); decided in Q3 review",
        "- **Hire a second CSM** — revisit if Retention \\< 34: holds now (33.5); decided in this session",
    ]
    # Without the series (nothing looked up): no "Did it move?", and the flags of this session only.
    alone = minutes(store.load(session_id).review)
    assert "## Did it move?" not in alone
    flagged_on = f"{store.load(session_id).review.flags[0].at:%Y-%m-%d}"
    assert section(alone, "Decisions to revisit") == [
        f"- **Hire a second CSM** — revisit if Retention \\< 34: held at 33.5 on {flagged_on}; decided in this session"
    ]


def test_a_session_in_no_series_has_nothing_to_look_back_on(store: SessionStore) -> None:
    """As in the app, which looks the series up only for a session in one."""
    session_id = create_session(store, "Retro", facilitator="Maya").info.id
    maya = as_(store, session_id)
    maya(lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40, unit="%"))
    maya(lambda r: changes.add_action(r, "Call churned users", kpi="Retention"))
    maya(lambda r: changes.set_action_status(r, "a1", "done"))
    assert "## Did it move?" not in md(store, session_id)
    assert md(store, session_id) == minutes(store.load(session_id).review)


# ---------------------------------------------------------------------------------- 4. dot votes


def test_vote_totals_highest_first_once_revealed(store: SessionStore) -> None:
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom", "Ana"]).info.id
    maya, tom, ana = (
        as_(store, session_id),
        as_(store, session_id, "Tom", "participant"),
        as_(store, session_id, "Ana", "participant"),
    )
    question = "What changed because of this work?"
    for text in ("Fewer tickets", "More invites", "Faster reports"):
        maya(lambda r, text=text: changes.record_answer(r, question, text))
    maya(lambda r: meeting.open_voting(r, "impact", 2))
    tom(lambda r: meeting.vote(r, "Tom", "r2"))
    ana(lambda r: meeting.vote(r, "Ana", "r2"))
    ana(lambda r: meeting.vote(r, "Ana", "r3"))
    tom(lambda r: meeting.vote(r, "Tom", "r1"))
    # Not revealed: the room has not seen the totals, nor do the minutes show them.
    assert section(md(store, session_id), "Dot votes") == ["**Impact**: 2 dots each; not revealed yet."]
    maya(lambda r: meeting.reveal(r, "impact"))
    assert section(md(store, session_id), "Dot votes") == [
        "**Impact**: 2 dots each; revealed, voting still open.",
        "1. More invites — **2 dots**",
        "2. Fewer tickets — **1 dot**",
        "3. Faster reports — **1 dot**",
    ]
    maya(lambda r: meeting.close_voting(r, "impact"))
    assert section(md(store, session_id), "Dot votes")[0] == "**Impact**: 2 dots each; voting closed."


# ---------------------------------------------------------------------------------- 5. timeboxes


def test_timeboxes_planned_against_used_up_to_the_last_event(store: SessionStore, clock: SteppingClock) -> None:
    session_id = create_session(store, "Q4 review", facilitator="Maya").info.id
    maya = as_(store, session_id)
    start = clock.now
    at = [start, start, start + timedelta(minutes=6), start + timedelta(minutes=6, seconds=5)]
    for moment, change in zip(
        at,
        (
            lambda r: changes.enter_phase(r, "check-in"),
            lambda r: changes.start_timer(r, "check-in", 5),
            lambda r: changes.enter_phase(r, "objectives"),
            lambda r: changes.start_timer(r, "objectives", 10),
        ),
        strict=True,
    ):
        clock.now = moment
        maya(change)
    clock.now = start + timedelta(minutes=8, seconds=35)
    maya(lambda r: changes.add_note(r, "Break"))  # the last event: the objectives' timebox runs on
    assert section(md(store, session_id), "Timeboxes") == [
        "| Phase | Planned | Used | Over/under |",
        "|---|---:|---:|---|",
        "| Check-in | 5 min | 6 min | 1 min over |",
        "| Objectives | 10 min | 2 min 30 s so far | 7 min 30 s under |",
        "| Total | 15 min | 8 min 30 s | 6 min 30 s under |",
    ]
    # The wall clock plays no part: an hour later the minutes are the same.
    clock.now = start + timedelta(hours=1)
    assert "| Objectives | 10 min | 2 min 30 s so far | 7 min 30 s under |" in md(store, session_id)


# ---------------------------------------------------------------------------------- 6. proposals


def test_proposals_are_marked_and_every_action_names_its_owner_due_and_kpi(store: SessionStore) -> None:
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom"]).info.id
    maya, tom = as_(store, session_id), as_(store, session_id, "Tom", "participant")
    maya(lambda r: changes.add_objective(r, "Keep new customers"))
    maya(lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40, unit="%", objective="o1"))
    maya(lambda r: changes.add_action(r, "Fix the welcome email", owner="Ana", due="2026-12-01", kpi="Retention"))
    maya(lambda r: changes.add_action(r, "Interview five customers", owner="Li", objective="Keep new customers"))
    tom(lambda r: changes.add_action(r, "Call churned users", owner="Tom", due="2026-11-30", kpi="Retention"))
    tom(lambda r: changes.record_answer(r, "What changed because of this work?", "Fewer tickets"))
    tom(lambda r: changes.record_decision(r, "Pause the upsell"))
    maya(lambda r: meeting.open_voting(r, "actions", 1))
    tom(lambda r: meeting.vote(r, "Tom", "a3"))
    maya(lambda r: meeting.reveal(r, "actions"))
    text = md(store, session_id)
    assert section(text, "Action items") == [
        "| Action | Owner | Due | Status | Should move |",
        "|---|---|---|---|---|",
        "| Fix the welcome email | Ana | 2026-12-01 | open | Retention |",
        "| Interview five customers | Li | — | open | Keep new customers |",
        "**Proposed, not accepted yet:**",
        "| Action | Owner | Due | Status | Should move |",
        "|---|---|---|---|---|",
        "| Call churned users | Tom | 2026-11-30 | open, proposed | Retention |",
    ]
    assert section(text, "What changed")[1] == "- Fewer tickets — Tom *(proposed, not accepted yet)*"
    assert section(text, "Decisions") == ["1. **Pause the upsell.** *(proposed, not accepted yet)*"]
    assert section(text, "Dot votes")[1] == "1. Call churned users *(proposed, not accepted yet)* — **1 dot**"
    # Read as Markdown, the mark is emphasis, not stray stars.
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<em>(proposed, not accepted yet)</em>") == 3 and "* (" not in text


# ---------------------------------------------------------------------------------- 7. parameters


def test_a_partner_review_states_its_terms_by_their_labels_at_the_top(store: SessionStore) -> None:
    session_id = create_session(
        store,
        "Acme rollout",
        facilitator="Lena",
        template="partner-review",
        parameters={"budget": "40000 EUR", "partner": "Acme Health", "deadline": "2026-12-31"},
    ).info.id
    # A parameter of a newer version's template: said in words, not dropped, not as a field name.
    as_(store, session_id, "Lena")(lambda r: changes.pending("parameter.set", name="contract_ref", value="AC-7"))
    assert header(md(store, session_id))[1:] == [
        "Partner review · 7 October 2026",
        "- **Partner:** Acme Health",
        "- **Deadline:** 31 December 2026",
        "- **Budget:** 40000 EUR",
        "- **Contract ref:** AC-7",
        "- **Facilitator:** Lena",
        "- **Present:** Lena",
    ]


# ---------------------------------------------------------------------------------- 8. no ids


_ID_FIELDS = {"id", "decision_id", "kpi_id", "objective_id", "target_id", "session_id", "from_session"}
_ID_FIELDS |= {"carried_from", "origin_session"}
"""The fields of an event's data whose value is an id."""


def _ids(documents: list[dict]) -> set[str]:
    """Every id a session's events name: items, sessions, and the names of the fields holding them."""
    found: set[str] = set()
    for event in documents:
        if event["type"] == "template.recorded":
            # A template's id is a word of its name ("retrospective") that a title may say too;
            # what must never show is the id of an item, a session or a field.
            continue
        for name, value in event["data"].items():
            if "_" in name:
                found.add(name)  # objective_id, carried_from, origin_session...
            if name in _ID_FIELDS and isinstance(value, str):
                found.add(value)
    return found


def _named(ids: set[str], text: str) -> set[str]:
    return {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)}


def test_the_footer_names_the_session_by_title_and_date(store: SessionStore, last_quarter: str) -> None:
    log = store.load(last_quarter)
    assert md(store, last_quarter).splitlines()[-1] == (
        f"*Exported from reviewtui: Q3 review, 7 October 2026, as of event {log.last_seq}.*"
    )
    assert (
        md(store, last_quarter, at=3)
        .splitlines()[-1]
        .startswith(f"*Exported from reviewtui: Q3 review, 7 October 2026, as of event 3 of {log.last_seq} (")
    )


@pytest.mark.parametrize("path", sorted(DEMO_SESSIONS.glob("*.json")), ids=lambda p: p.stem)
def test_no_id_in_the_minutes_of_a_demo_session(demo_dir: Path, path: Path) -> None:
    store = SessionStore(demo_dir)
    log = store.load(path.stem)
    ids = _ids([dict(doc) for doc in log.documents]) | {p.stem for p in demo_dir.glob("*.json")}
    assert path.stem in ids and any(re.fullmatch(r"[a-z]\d+", i) for i in ids)
    for seq in sorted({log.last_seq, log.last_seq // 2, 12}):
        for text in (md(store, path.stem, seq), minutes(log.review_at(seq))):
            assert _named(ids, text) == set(), seq


def test_no_id_in_minutes_with_every_section(store: SessionStore, last_quarter: str) -> None:
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom"], series="Growth").info.id
    maya, tom = as_(store, session_id), as_(store, session_id, "Tom", "participant")
    maya(lambda r: changes.review_action(r, "a1", "done"))
    maya(lambda r: changes.review_action(r, "a2", "not done"))
    maya(lambda r: changes.start_timer(r, "check-in", 5))
    maya(lambda r: changes.record_reading(r, "k1", 33))
    maya(lambda r: changes.record_answer(r, "What changed because of this work?", "Fewer tickets", objective="o1"))
    tom(lambda r: changes.add_action(r, "Call churned users", owner="Tom", kpi="k1"))
    maya(lambda r: meeting.open_voting(r, "actions", 1))
    tom(lambda r: meeting.vote(r, "Tom", "a5"))
    maya(lambda r: meeting.close_voting(r, "actions"))
    maya(lambda r: changes.close_session(r))
    documents = [dict(doc) for s in (session_id, last_quarter) for doc in store.load(s).documents]
    text = md(store, session_id)
    for heading in ("Check-in: last time's actions", "Did it move?", "Decisions to revisit", "Dot votes", "Timeboxes"):
        assert section(text, heading), heading
    ids = _ids(documents) | {session_id, last_quarter}
    assert {"k1", "a5", "o1", "d1", "r1", "objective_id", "carried_from"} <= ids
    assert _named(ids, text) == set()
    assert json.loads(export_text(store, store.load(session_id), "json"))["actions"][4]["id"] == "a5"  # kept there


# ---------------------------------------------------------------------------------- typed text


_HOSTILE = ["# heading", "- item", "1. item", "> quote", "| a | b |", "<script>x</script>", "[l](http://x)", "*em*"]


def _structure(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [t.type for t in tokens if t.type != "inline"]


def test_typed_text_cannot_change_the_structure_of_the_new_sections(store: SessionStore) -> None:
    def minutes_with(text: str) -> str:
        series = f"Series {text}"
        first = create_session(store, text, facilitator="Maya", series=series, participants=[text[:20]]).info.id
        maya = as_(store, first)
        maya(lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40, unit=text[:5]))
        maya(lambda r: changes.record_reading(r, "Retention", 32))
        maya(lambda r: changes.add_action(r, text, owner=text[:20], kpi="Retention"))
        maya(lambda r: changes.record_decision(r, text, revisit_if="Retention < 35"))
        session_id = create_session(store, text, facilitator="Maya", series=series).info.id
        maya = as_(store, session_id)
        maya(lambda r: changes.mark_attendance(r, text[:20], False))
        maya(lambda r: changes.review_action(r, "a1", "done", note=text))
        maya(lambda r: changes.start_timer(r, "check-in", 5))
        maya(lambda r: changes.record_reading(r, "Retention", 33))
        maya(lambda r: changes.add_action(r, text, owner=text[:20]))
        maya(lambda r: meeting.open_voting(r, "actions", 1))
        maya(lambda r: meeting.vote(r, "Maya", "a2"))
        maya(lambda r: meeting.reveal(r, "actions"))
        return md(store, session_id)

    expected = _structure(minutes_with("plain words"))
    for text in _HOSTILE:
        minutes = minutes_with(text)
        assert _structure(minutes) == expected, text
        html = MarkdownIt("commonmark").enable("table").render(minutes)
        assert "<script" not in html and "<a href" not in html and "<em>em</em>" not in html, text
