"""`reviewtui kpi import`: real files, CSV and JSON lines, all or nothing, never twice; every bad row
named; hostile files (wrong encoding, a FIFO, a device, a 100 MB file) refused before reading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtui.cli import main
from reviewtui.store import SessionStore

GOOD = (
    "kpi,value,at,note,source\n"
    "k1,31,2026-09-01,August cohort,Amplitude\n"
    "30-day retention,33.5,2026-10-01,,\n"
    "nps,22,2026-10-15T10:00:00Z,survey,Delighted\n"
)


@pytest.fixture
def session(sessions_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[list[str], str]:
    base = ["--sessions", str(sessions_dir), "--as", "Maya"]
    assert main([*base, "new", "Import", "--no-open"]) == 0
    session_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert (
        main([*base, "kpi", "add", session_id, "30-day retention", "--baseline", "20", "--target", "40", "--unit", "%"])
        == 0
    )
    assert main([*base, "kpi", "add", session_id, "NPS", "--baseline", "10", "--target", "50"]) == 0
    capsys.readouterr()
    return base, session_id


def readings(sessions_dir: Path, session_id: str) -> dict[str, list[tuple[float, str, str]]]:
    review = SessionStore(sessions_dir).load(session_id).review
    return {k.name: [(r.value, f"{r.at:%Y-%m-%d}", r.note) for r in k.readings] for k in review.kpis.values()}


def test_a_good_file_is_one_write_and_a_second_import_adds_nothing(session, sessions_dir, tmp_path, capsys) -> None:
    base, session_id = session
    (tmp_path / "readings.csv").write_text(GOOD, encoding="utf-8")
    before = SessionStore(sessions_dir).load(session_id).last_seq
    assert main([*base, "kpi", "import", session_id, str(tmp_path / "readings.csv")]) == 0
    assert capsys.readouterr().out == "imported 3 readings\n"
    assert SessionStore(sessions_dir).load(session_id).last_seq == before + 3
    events = SessionStore(sessions_dir).load(session_id).events[-3:]
    assert len({(e.at, e.actor) for e in events}) == 1, "one write: one instant, one person"
    assert readings(sessions_dir, session_id) == {
        "30-day retention": [(31, "2026-09-01", "August cohort"), (33.5, "2026-10-01", "")],
        "NPS": [(22, "2026-10-15", "survey")],
    }
    assert main([*base, "kpi", "import", session_id, str(tmp_path / "readings.csv")]) == 0
    assert capsys.readouterr().out == "imported 0 readings; 3 recorded already\n"
    assert SessionStore(sessions_dir).load(session_id).last_seq == before + 3


def test_json_lines_from_stdin_and_an_older_reading_takes_its_place(session, sessions_dir) -> None:
    base, session_id = session
    reviewtui = str(Path(sys.executable).parent / "reviewtui")
    lines = [
        {"kpi": "k1", "value": 36, "at": "2026-11-01"},
        {"kpi": "k1", "value": 30, "at": "2026-08-01", "source": "backfill"},
    ]
    done = subprocess.run(
        [reviewtui, *base, "kpi", "import", session_id, "-"],
        input="\n".join(json.dumps(line) for line in lines).encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    review = SessionStore(sessions_dir).load(session_id).review
    assert review.kpis["k1"].current == 36, "the latest reading is the one taken last, not imported last"


def test_one_bad_row_refuses_the_file_and_every_bad_row_is_named(session, sessions_dir, tmp_path, capsys) -> None:
    base, session_id = session
    bad = (
        "kpi,value,at,note\n"
        "k1,abc,2026-09-01,\n"
        "k9,3,,\n"
        "NPS,5,2026-13-01,\n"
        "NPS,5,2026-10-01T10:00,\n"
        "k1,1e400,,\n"
        "NPS,7,2099-01-01,\n"
        ",4,,\n"
        "k1,30,2026-09-02,\x1b[31mred\n"
        "k1,31,2026-09-03,fine\n"
    )
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    before = SessionStore(sessions_dir).load(session_id).last_seq
    assert main([*base, "kpi", "import", session_id, str(tmp_path / "bad.csv")]) == 1
    said = capsys.readouterr().err.splitlines()
    assert said[0].endswith("bad.csv: 8 problems; nothing was imported")
    assert [line.split(":")[0].strip() for line in said[1:]] == [
        "line 2, value",
        "line 3, kpi",
        "line 4, at",
        "line 5, at",
        "line 6, value",
        "line 7, at",
        "line 8, kpi",
        "line 9, note",
    ]
    assert "'1e400' is too large" in said[5] and "no KPI 'k9'" in said[2]
    assert SessionStore(sessions_dir).load(session_id).last_seq == before


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"kpi,valeu\nk1,3\n", "line 1, 'valeu': not a column"),
        (b"value\n3\n", "line 1: the column kpi is missing"),
        (b"kpi,value\nk1,3\xff\n", "line 2: not UTF-8 text"),
        (b"kpi,value\n", "the file has no readings"),
        (b"", "the file has no readings"),
        (b'{"kpi": "k1", "value": 3}\n[1]\n', "line 2: not a JSON object"),
        (b"kpi,value,value\nk1,3,4\n", "line 1, value: named twice"),
    ],
)
def test_files_that_are_not_readings(session, tmp_path, capsys, content: bytes, said: str) -> None:
    base, session_id = session
    (tmp_path / "f.csv").write_bytes(content)
    assert main([*base, "kpi", "import", session_id, str(tmp_path / "f.csv")]) == 1
    assert said in capsys.readouterr().err


def test_special_and_huge_files_are_refused_before_reading(session, tmp_path, capsys) -> None:
    base, session_id = session
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB that are never read
    for path, said in (
        (fifo, "is not a regular file"),
        (Path("/dev/zero"), "is not a regular file"),
        (big, "100 MiB; at most 10 MiB"),
    ):
        assert main([*base, "kpi", "import", session_id, str(path)]) == 1
        assert said in capsys.readouterr().err
