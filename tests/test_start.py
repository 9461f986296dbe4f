"""Starting pays only for what a command uses (issue 18): what a fresh process imports, and which
sessions a reading reads. Speed itself is measured in `make bench` (benchmarks/start_bench.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore

IMPORTS_AFTER = """
import json, sys
from reviewtui.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "pydantic": "pydantic" in sys.modules, "events": "reviewtui.domain.events" in sys.modules}))
"""


def _fresh(*argv: str) -> dict[str, object]:
    """Run `reviewtui ARGV` in a new interpreter: its exit code, and whether it imported pydantic."""
    done = subprocess.run([sys.executable, "-c", IMPORTS_AFTER, *argv], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_coach_and_a_warm_listing_never_import_pydantic_nor_the_event_models(demo_dir: Path) -> None:
    assert _fresh("coach", "We shipped the onboarding checklist") == {"code": 0, "pydantic": False, "events": False}
    # A cold listing reads the sessions (and validates them); the next one reads the index alone.
    assert _fresh("list", "--sessions", str(demo_dir))["code"] == 0
    assert _fresh("list", "--sessions", str(demo_dir)) == {"code": 0, "pydantic": False, "events": False}
    # Once a file changes, that file is read again: through the store, as ever.
    (demo_dir / "2026-10-07-q3-growth-review-p7wm.json").touch()
    assert _fresh("list", "--sessions", str(demo_dir)) == {"code": 0, "pydantic": True, "events": True}


def _series(store: SessionStore, decisions: dict[str, str | None]) -> list[str]:
    """A series of sessions, one per decision given (its revisit condition, or None), and one more."""
    ids = []
    for number, condition in enumerate([*decisions.values(), None], start=1):
        session_id = create_session(store, f"Review {number}", facilitator="Maya", series="Growth").info.id
        if number == 1:
            store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Activation rate", baseline=20, target=40))
        if condition is not None:
            store.append(session_id, "Maya", lambda r, cond=condition: c.record_decision(r, "Hold", revisit_if=cond))
        ids.append(session_id)
    return ids


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the sessions read through a store, in order."""
    seen: list[str] = []
    load = SessionStore.load

    def counted(self: SessionStore, session_id: str):  # type: ignore[no-untyped-def]
        seen.append(session_id)
        return load(self, session_id)

    monkeypatch.setattr(SessionStore, "load", counted)
    return seen


def test_a_reading_reads_no_earlier_session_when_no_decision_of_the_series_asked_to_be_revisited(
    store: SessionStore, loads: list[str]
) -> None:
    *earlier, last = _series(store, {"first": None, "second": None, "third": None})
    loads.clear()
    assert main(["--as", "Maya", "kpi", "set", last, "Activation rate", "25", "--sessions", str(store.root)]) == 0
    assert not set(loads) & set(earlier)
    assert store.load(last).review.kpis["k1"].current == 25


def test_a_reading_still_flags_a_decision_of_an_earlier_session_of_the_series(
    store: SessionStore, loads: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, last = _series(store, {"first": "Activation rate < 21", "second": None})
    loads.clear()
    assert main(["--as", "Maya", "kpi", "set", last, "Activation rate", "19", "--sessions", str(store.root)]) == 0
    assert {first, second} <= set(loads)
    assert "asked to be revisited if Activation rate < 21" in capsys.readouterr().err
    assert [(flag.session_id, flag.value) for flag in store.load(last).review.flags] == [(first, 19)]


def test_a_start_builds_only_its_own_command_yet_every_command_and_option_still_parses(run_cli) -> None:
    """`--as list` is a name, not the command; a mistyped command still lists them all."""
    code, out, _ = run_cli("--as", "list", "coach", "We shipped the onboarding checklist")
    assert code == 0 and out.startswith("output")
    code, _, err = run_cli("lsit")
    assert code == 2 and "choose from 'new', 'open'" in err and "'undo'" in err
    code, _, err = run_cli("kpi", "sett")
    assert code == 2 and "choose from 'add', 'set'" in err


def test_shortened_options_take_their_value_whatever_it_is_called(run_cli, demo_dir: Path) -> None:
    """argparse reads `--sess X` as `--sessions X` and `--a X` as `--as X`: X is never the command,
    even when it is a command's name."""
    code, _, err = run_cli("--sess", "kpi", "list")
    assert code == 1 and "no sessions folder at kpi" in err
    code, out, _ = run_cli("--a", "kpi", "--sessions", str(demo_dir), "list")
    assert code == 0 and out.startswith("ID ")
    code, out, _ = run_cli("--sess", "kpi", "list", "--help")  # of `list`, not of a stand-in
    assert code == 0 and out.startswith("usage: reviewtui list")


def test_a_module_imported_lazily_is_still_an_attribute_of_its_package() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import reviewtui.cli, reviewtui.domain.changes; print(reviewtui.domain.changes.__name__)",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.strip() == "reviewtui.domain.changes", done.stderr


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
