"""Issue 14: text cannot act on a terminal, exports are safe to open, extreme numbers break nothing.

Control characters are refused where people type them (the CLI, the app), and drawn visibly
where others wrote them into a file (every screen, every command's output), the file left as it
was. Every check reads the bytes a terminal or a pipe would receive.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from reviewtui.application.exports import export_text
from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes
from reviewtui.domain.safe_text import visible
from reviewtui.store import SessionStore
from tests.helpers.hostile import PAYLOAD, fingerprint, hostile_session, leaks
from tests.helpers.terminal import Terminal

BIN = Path(sys.executable).parent


def strings(value: object):
    """Every string in decoded JSON, keys too."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def run_cli(*argv: str) -> tuple[int, bytes, bytes]:
    """The installed `reviewtui` command, as a shell runs it: exit code and the raw bytes it wrote."""
    done = subprocess.run(
        [str(BIN / "reviewtui"), *argv], capture_output=True, timeout=60, env={**os.environ, "LANG": "C.UTF-8"}
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def scripted(sessions_dir: Path) -> str:
    """A session with one of everything, made through the CLI with ordinary text."""
    session_id = create_session(SessionStore(sessions_dir), "Q3 review", facilitator="Maya", series="Growth").info.id
    store = SessionStore(sessions_dir)
    store.append(session_id, "Maya", lambda r: changes.add_objective(r, "Grow retention"))
    store.append(session_id, "Maya", lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40, objective="o1"))
    store.append(session_id, "Maya", lambda r: changes.add_action(r, "Call Acme"))
    return session_id


# ------------------------------------------------------------------ typed: refused at the door


def _commands(session_id: str) -> list[list[str]]:
    """Every field of every entity a command takes, and --as, each once carrying PAYLOAD."""
    p = PAYLOAD
    return [
        ["new", f"Title {p}", "--no-open"],
        ["new", "T", "--series", f"S {p}", "--no-open"],
        ["new", "T", "--facilitator", f"F{p}", "--no-open"],
        ["new", "T", "--participant", f"P{p}", "--no-open"],
        ["new", "T", "--template", "partner-review", "--param", f"budget=4 EUR{p}", "--no-open"],
        ["objective", "add", session_id, f"Grow {p}"],
        ["objective", "add", session_id, "Grow", "--why", f"Why {p}"],
        ["kpi", "add", session_id, f"Churn {p}", "--baseline", "5", "--target", "3"],
        ["kpi", "add", session_id, "Churn", "--baseline", "5", "--target", "3", "--unit", f"%{p}"],
        ["kpi", "set", session_id, "k1", "35", "--note", f"n {p}"],
        ["kpi", "set", session_id, "k1", "35", "--source", f"s {p}"],
        ["kpi", "set", session_id, "k1", f"35{p}"],
        ["action", "add", session_id, f"Call {p}"],
        ["action", "add", session_id, "Call", "--owner", f"Tom{p}"],
        ["action", "add", session_id, "Call", "--due", f"2026-12-01{p}"],
        ["decision", "add", session_id, f"Keep {p}"],
        ["decision", "add", session_id, "Keep", "--rationale", f"r {p}"],
        ["decision", "add", session_id, "Keep", "--owner", f"Ana{p}"],
        ["decision", "add", session_id, "Keep", "--revisit-if", f"Retention < 30{p}"],
        ["coach", f"Launch {p}"],
        ["list", "--as", f"Eve{p}"],
        ["objective", "add", session_id, "Grow", "--as", f"Eve{p}"],
    ]


def test_the_cli_refuses_controls_in_every_field_and_never_echoes_them(scripted: str, sessions_dir: Path) -> None:
    files = sorted(sessions_dir.glob("*.json"))
    before = {path: fingerprint(path) for path in files}
    for argv in _commands(scripted):
        code, out, err = run_cli("--sessions", str(sessions_dir), *argv)
        assert code == 1, (argv, err)
        assert "control character" in err.decode(), (argv, err)
        assert leaks(out + err) == [], (argv, err)
        assert b"\x1b" not in err and b"\x07" not in err, (argv, err)
    assert sorted(sessions_dir.glob("*.json")) == files, "nothing was created"
    assert {path: fingerprint(path) for path in files} == before, "nothing was written"


def test_the_app_refuses_a_pasted_control_character(store, clock) -> None:
    # Keys cannot type one; a paste can. Tested through the pilot in test_hostile_app.
    from reviewtui.domain.errors import InvalidInput
    from reviewtui.domain.typed import check_typed

    for payload in ("\x1b[31m", "\x9b", "\u202e", "\x7f", "\r"):
        with pytest.raises(InvalidInput) as refused:
            check_typed(f"a{payload}b", "statement")
        assert "control character" in refused.value.problem and payload not in str(refused.value)
    assert check_typed("tab\tand\nnewline", "statement") == "tab\tand\nnewline"


# ------------------------------------------------------------------ written by others: drawn visibly


def test_every_command_prints_a_hostile_file_visibly_and_leaves_it_as_it_was(sessions_dir: Path) -> None:
    session_id = hostile_session(sessions_dir)
    path = sessions_dir / f"{session_id}.json"
    before = fingerprint(path)
    commands = {
        "list": ["list"],
        "list json": ["list", "--json"],
        "md": ["export", session_id],
        "csv": ["export", session_id, "--format", "csv"],
        "json": ["export", session_id, "--format", "json"],
        "md at 5": ["export", session_id, "--at", "5"],
    }
    outputs = {}
    for name, argv in commands.items():
        code, out, err = run_cli("--sessions", str(sessions_dir), *argv)
        assert code == 0, (argv, err)
        assert leaks(out + err) == [], (argv, out[:400])
        outputs[name] = out.decode()
    assert fingerprint(path) == before, "reading left the file as it was"
    # Drawn, not dropped: a reader sees that something was there.
    assert "␛]0;PWNED-TITLE␇" in outputs["list"] and "\\u202e" in outputs["md"] and "␛" in outputs["csv"]
    # JSON keeps the data exactly (escaped), so tools that read it get what the file says.
    assert any(PAYLOAD in text for text in strings(json.loads(outputs["json"])["events"]))
    assert json.loads(outputs["list json"])["sessions"][0]["title"] == visible(f"Hostile review {PAYLOAD}")
    # A write appends: the hostile text others wrote stays in the file exactly as it was.
    assert run_cli("--sessions", str(sessions_dir), "objective", "add", session_id, "Fine", "--as", "Ana")[0] == 0
    assert fingerprint(path) != before and any(PAYLOAD in text for text in strings(json.loads(path.read_text())))


def test_listing_a_hostile_file_leaves_it_byte_identical(sessions_dir: Path) -> None:
    session_id = hostile_session(sessions_dir)
    path = sessions_dir / f"{session_id}.json"
    before = fingerprint(path)
    for argv in (["list"], ["export", session_id], ["export", session_id, "--format", "json"]):
        assert run_cli("--sessions", str(sessions_dir), *argv)[0] == 0
    assert fingerprint(path) == before


def test_a_file_name_that_is_an_escape_sequence_is_named_visibly(sessions_dir: Path) -> None:
    (sessions_dir / f"bad{PAYLOAD}.json").write_text("{}")
    code, out, err = run_cli("--sessions", str(sessions_dir), "list")
    assert code == 0 and leaks(out + err) == []
    assert "bad␛]0;PWNED-TITLE" in err.decode()


# ------------------------------------------------------------------ the app, on a real pty


def _app(sessions: Path, *argv: str, cols: int = 120, rows: int = 40) -> Terminal:
    program = [sys.executable, "-m", "reviewtui", "--sessions", str(sessions), "--as", "Eve", *argv]
    return Terminal("app", program, cols=cols, rows=rows)


@pytest.mark.slow
def test_every_screen_draws_hostile_text_visibly_never_raw(sessions_dir: Path) -> None:
    session_id = hostile_session(sessions_dir)
    (sessions_dir / f"bad{PAYLOAD}.json").write_text("{}")  # named in a notification at home
    path = sessions_dir / f"{session_id}.json"
    raw = b""
    # Home (the list, and the notification naming the bad file), then the session's every phase.
    home = _app(sessions_dir)
    try:
        home.wait_for("Hostile review")
        home.wait_for("bad␛]0;PWNED-TITLE")
        home.send(b"\r")  # the series row opens the series screen
        home.wait_for("Series ␛]0;PWNED-TITLE")
        home.send(b"\x1b")
        home.pump(0.5)
        raw += home.raw
    finally:
        home.close()
    session = _app(sessions_dir, "open", session_id)
    try:
        session.wait_for("Hostile review ␛]0;PWNED-TITLE")
        for _ in range(8):  # every phase of the partner review
            session.send(b"\x1b[6~", settle=0.6)  # PgDn
        session.send(b"\x05", settle=0.6)  # ctrl+e: the export, drawn in the app
        session.pump(0.5)
        raw += session.raw
        assert "Tom␛]0;PWNED-TITLE" in session.text()
    finally:
        session.close()
    replay = _app(sessions_dir, "replay", session_id)
    try:
        replay.wait_for("Facilitator:")
        replay.send(b"\x1b[H", settle=0.4)  # Home: before the first event
        for _ in range(20):  # → one event on, past the unknown one
            replay.send(b"\x1b[C", settle=0.1)
        replay.wait_for("an event of type 'evil")  # the unknown event, its type drawn visibly
        raw += replay.raw
    finally:
        replay.close()
    assert leaks(raw) == [], "a control sequence from the file reached the terminal"
    assert any(PAYLOAD in text for text in strings(json.loads(path.read_text())))


# ------------------------------------------------------------------ exports are safe to open


FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    " =1+1",
    "＝1+1",
    "a,b",
    'say "hi"',
    "two\nlines",
]


def test_csv_cells_never_start_a_formula_and_every_field_that_needs_it_is_quoted(store: SessionStore) -> None:
    session_id = create_session(store, "CSV", facilitator="Maya").info.id
    for text in FORMULAS:
        store.append(session_id, "Maya", lambda r, t=text: changes.add_action(r, t, owner=t[:10]))
    code = main(["export", session_id, "--format", "csv", "--sessions", str(store.root), "-o", "out.csv"])
    assert code == 0
    rows = list(csv.reader(io.StringIO(Path("out.csv").read_text(encoding="utf-8"), newline="")))
    header, rows = rows[0], rows[1:]
    texts = [row[header.index("text")] for row in rows]
    owners = [row[header.index("owner")] for row in rows]
    for cell in texts + owners:
        assert cell.lstrip(" ")[:1] not in ("=", "+", "-", "@", "\t", "\r", "＝"), cell
    # Nothing lost: a neutralised cell is the text with a quote in front (a text is trimmed when typed).
    assert [t.removeprefix("'") for t in texts] == [t.strip() for t in FORMULAS]
    assert [o.removeprefix("'") for o in owners] == [t[:10] for t in FORMULAS]
    raw = Path("out.csv").read_text(encoding="utf-8")
    assert '"a,b"' in raw and '"say ""hi"""' in raw and '"two\nlines"' in raw


_HOSTILE_MARKDOWN = [
    "# heading",
    "---",
    "===",
    "- item",
    "1. item",
    "> quote",
    "| a | b |",
    "```",
    "~~~",
    "<script>alert(1)</script>",
    "[link](http://x)",
    "![img](http://x)",
    "*em* _em_ **b**",
    "    indented code",
    "<!-- c -->",
    "line\n===",
    "a | b",
    "&amp; &#x3C;",
]


def _structure(markdown: str) -> list[str]:
    """The block structure a Markdown reader sees: token types, without the inline text."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [t.type for t in tokens if t.type != "inline"]


def test_markdown_escapes_what_would_change_its_structure(store: SessionStore) -> None:
    def minutes_with(text: str) -> str:
        session_id = create_session(
            store, "Minutes", facilitator="Maya", session_id=f"md-{abs(hash(text)) % 10**8}"
        ).info.id
        store.append(session_id, "Maya", lambda r: changes.add_objective(r, text, why=text))
        store.append(
            session_id, "Maya", lambda r: changes.add_kpi(r, text, baseline=1, target=2, unit=text[:5], objective="o1")
        )
        store.append(
            session_id,
            "Maya",
            lambda r: changes.record_answer(r, "What changed for the people we serve?", text, by=text[:20]),
        )
        store.append(session_id, "Maya", lambda r: changes.add_action(r, text, owner=text[:20]))
        store.append(session_id, "Maya", lambda r: changes.record_decision(r, text, rationale=text))
        return export_text(store, store.load(session_id), "md")

    expected = _structure(minutes_with("plain words"))
    for text in _HOSTILE_MARKDOWN:
        minutes = minutes_with(text)
        assert _structure(minutes) == expected, text
        html = MarkdownIt("commonmark").enable("table").render(minutes)
        assert "<script" not in html and "<a href" not in html and "<img" not in html and "<!--" not in html, text


def test_json_never_holds_nan_or_infinity(sessions_dir: Path) -> None:
    session_id = create_session(SessionStore(sessions_dir), "Numbers", facilitator="Maya").info.id
    path = sessions_dir / f"{session_id}.json"
    document = json.loads(path.read_text())
    extreme = ["1e308", "-1e308", "5e-324", "1" * 5000, "NaN", "Infinity", "-Infinity", "1e999"]
    for number in range(1, len(extreme) + 1):
        seq = len(document["events"]) + 1
        document["events"][str(seq)] = {
            "seq": seq,
            "at": "2026-10-07T09:00:00.000Z",
            "actor": "Maya",
            "type": "kpi.added",
            "data": {"id": f"k{number}", "name": f"K{number}", "baseline": 0, "target": 10},
        }
        seq += 1
        document["events"][str(seq)] = {
            "seq": seq,
            "at": "2026-10-07T09:00:00.000Z",
            "actor": "Maya",
            "type": "kpi.measured",
            "data": {"id": f"k{number}", "value": "@"},
        }
    text = json.dumps(document, indent=2, sort_keys=True)
    for value in extreme:
        text = text.replace('"@"', value, 1)
    path.write_text(text)
    before = fingerprint(path)

    def no_constants(name: str) -> float:
        raise AssertionError(f"{name} in a JSON export")

    code, out, err = run_cli("--sessions", str(sessions_dir), "export", session_id, "--format", "json")
    assert code == 0, err
    exported = json.loads(out, parse_constant=no_constants)
    for kpi in exported["kpis"]:
        assert kpi["status"] == "no data" and kpi["progress"] is None and kpi["current"] is None, kpi
        assert "left out" in kpi["problem"], kpi
    code, out, err = run_cli("--sessions", str(sessions_dir), "export", session_id)
    assert code == 0 and out.decode().count("left out") == len(extreme)
    assert run_cli("--sessions", str(sessions_dir), "list")[0] == 0
    assert fingerprint(path) == before


# ------------------------------------------------------------------ extreme numbers, typed


@pytest.mark.parametrize("number", ["1e308", "-1e308", "5e-324", "1" * 5000, "nan", "inf", "1e16"])
def test_extreme_numbers_are_refused_with_the_range(scripted: str, sessions_dir: Path, number: str) -> None:
    path = sessions_dir / f"{scripted}.json"
    before = fingerprint(path)
    for argv in (
        ["kpi", "set", scripted, "k1", "--", number],  # "--": argparse takes "-1e308" for an option
        ["kpi", "add", scripted, "Other", f"--baseline={number}", "--target", "3"],
        ["kpi", "add", scripted, "Other", "--baseline", "1", f"--target={number}"],
        ["decision", "add", scripted, "Keep", "--revisit-if", f"Retention < {number}"],
    ):
        code, _out, err = run_cli("--sessions", str(sessions_dir), *argv)
        said = err.decode()
        assert code == 1, (argv, said)
        assert any(words in said for words in ("1e15", "1e-9", "finite", "plain number", "not a condition")), said
        assert len(said) < 400, "the message never repeats a 5,000-digit number"
    assert fingerprint(path) == before


def test_kpi_math_never_makes_nan_or_infinity_from_numbers_in_range() -> None:
    from reviewtui.domain.basics import NUMBER_LIMIT, SMALLEST_NUMBER
    from reviewtui.domain.kpi import format_progress, progress, status

    edge = [0.0, SMALLEST_NUMBER, -SMALLEST_NUMBER, NUMBER_LIMIT, -NUMBER_LIMIT, 1.0, 1 + SMALLEST_NUMBER]
    for baseline in edge:
        for target in edge:
            for current in edge:
                for direction in ("increase", "decrease", "maintain_above", "maintain_below"):
                    value = progress(direction, baseline, target, current)  # type: ignore[arg-type]
                    assert value is None or math.isfinite(value)
                    status(value)
                    assert len(format_progress(value)) <= 7
