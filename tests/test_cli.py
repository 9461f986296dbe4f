"""Every CLI command and its error paths, through `main(argv)` and through the real console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reviewtui import __version__
from reviewtui.cli import main
from reviewtui.store import SessionStore


class Run:
    """`reviewtui ARGS` in-process: exit code, stdout and stderr."""

    def __init__(self, capsys: pytest.CaptureFixture[str], sessions: Path) -> None:
        self.capsys, self.sessions = capsys, sessions

    def __call__(self, *args: str, sessions: bool = True) -> tuple[int, str, str]:
        argv = [*args, "--sessions", str(self.sessions)] if sessions else list(args)
        code = main(argv)
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        assert err == ""
        return out.strip()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], sessions_dir: Path) -> Run:
    return Run(capsys, sessions_dir)


@pytest.fixture
def session(run: Run) -> str:
    return run.ok(
        "new",
        "Q3 Growth Review",
        "--series",
        "Growth",
        "--participant",
        "Tom",
        "--participant",
        "Ana",
        "--as",
        "Maya",
        "--no-open",
    )


def review(sessions_dir: Path, session_id: str):
    return SessionStore(sessions_dir).load(session_id).review


# ------------------------------------------------------------------------------ the commands


def test_new_prints_the_id_alone_and_records_who_is_there(run: Run, sessions_dir: Path, session: str) -> None:
    assert session.startswith("2026-") and "q3-growth-review" in session and "\n" not in session
    r = review(sessions_dir, session)
    assert r.session.facilitator == "Maya" and r.session.series == "Growth"
    assert [(p.name, p.role) for p in r.participants.values()] == [
        ("Maya", "facilitator"),
        ("Tom", "participant"),
        ("Ana", "participant"),
    ]
    assert {e.actor for e in SessionStore(sessions_dir).load(session).events} == {"Maya"}


def test_new_with_template_facilitator_and_parameters(run: Run, sessions_dir: Path) -> None:
    session_id = run.ok(
        "new",
        "Acme pilot",
        "--template",
        "partner-review",
        "--facilitator",
        "Lena",
        "--param",
        "deadline=2026-12-31",
        "--param",
        "budget=40000 EUR",
        "--no-open",
    )
    r = review(sessions_dir, session_id)
    assert r.session.template == "partner-review" and r.session.facilitator == "Lena"
    assert r.parameters == {"deadline": "2026-12-31", "budget": "40000 EUR"}


def test_the_whole_scripted_review(run: Run, sessions_dir: Path, session: str) -> None:
    assert run.ok("objective", "add", session, "Increase 30-day retention", "--why", "Revenue") == "o1"
    assert (
        run.ok(
            "kpi",
            "add",
            session,
            "30-day retention",
            "--baseline",
            "31",
            "--target",
            "40",
            "--unit",
            "%",
            "--objective",
            "o1",
        )
        == "k1"
    )
    assert run.ok("kpi", "add", session, "Churn", "--baseline", "5", "--target", "3") == "k2"
    assert (
        run.ok("kpi", "add", session, "Uptime", "--baseline", "99", "--target", "99.5", "--direction", "maintain_above")
        == "k3"
    )
    assert run.ok("kpi", "set", session, "30-day retention", "36.5", "--note", "Sept cohort") == ""
    assert run.ok("kpi", "set", session, "k2", "-1.5") == ""
    assert (
        run.ok(
            "action", "add", session, "Interview churned users", "--owner", "Tom", "--due", "2026-10-21", "--kpi", "k1"
        )
        == "a1"
    )
    assert run.ok("action", "add", session, "Write newsletter", "--objective", "o1") == "a2"
    assert run.ok("action", "done", session, "a1") == ""
    assert run.ok("action", "drop", session, "a2") == ""
    assert (
        run.ok(
            "decision",
            "add",
            session,
            "Pause upsell",
            "--rationale",
            "No effect",
            "--owner",
            "Ana",
            "--revisit-if",
            "Churn > 6",
        )
        == "d1"
    )
    r = review(sessions_dir, session)
    assert r.objectives["o1"].why == "Revenue"
    assert r.kpis["k1"].current == 36.5 and r.kpi_status(r.kpis["k1"]) == "at risk"
    assert r.kpis["k1"].readings[0].note == "Sept cohort"
    assert r.kpis["k2"].direction == "decrease" and r.kpis["k2"].current == -1.5
    assert r.kpis["k3"].direction == "maintain_above"
    assert r.actions["a1"].status == "done" and r.actions["a1"].objective_id == "o1"
    assert r.actions["a2"].status == "dropped"
    assert r.decisions["d1"].revisit_if == "Churn > 6"


def test_list_and_list_json(run: Run, session: str) -> None:
    run.ok("objective", "add", session, "Increase retention")
    text = run.ok("list")
    header, row = text.splitlines()
    assert header.split()[:4] == ["ID", "TITLE", "SERIES", "DATE"]
    assert row.startswith(session) and "Q3 Growth Review" in row and "Growth" in row and "open" in row
    document = json.loads(run.ok("list", "--json"))
    assert document["problems"] == []
    (summary,) = document["sessions"]
    assert summary["id"] == session and summary["objectives"] == 1 and summary["status"] == "open"


def test_list_of_an_empty_folder_says_how_to_start(run: Run) -> None:
    code, out, err = run("list")
    assert code == 0 and out == ""
    assert "reviewtui new" in err


def test_list_reports_a_broken_file_and_lists_the_rest(run: Run, sessions_dir: Path, session: str) -> None:
    broken = sessions_dir / "2026-01-01-broken-aaaa.json"
    broken.write_text('{"events": {', encoding="utf-8")
    code, out, err = run("list")
    assert code == 0 and session in out
    assert err.startswith("reviewtui: warning: ") and str(broken) in err and "not valid JSON" in err
    assert broken.read_text(encoding="utf-8") == '{"events": {'


def test_sessions_folder_from_the_environment_then_the_default(
    run: Run, sessions_dir: Path, session: str, monkeypatch
) -> None:
    monkeypatch.setenv("REVIEWTUI_SESSIONS", str(sessions_dir))
    assert session in run("list", sessions=False)[1]
    monkeypatch.delenv("REVIEWTUI_SESSIONS")
    elsewhere = sessions_dir.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, err = run("list", sessions=False)  # ./sessions: absent here
    assert code == 1 and "no sessions folder at sessions" in err
    shutil.copytree(sessions_dir, elsewhere / "sessions")
    assert session in run("list", sessions=False)[1]


def test_global_options_work_before_the_command_too(run: Run, sessions_dir: Path, session: str) -> None:
    code, out, _ = run("--sessions", str(sessions_dir), "--as", "Tom", "objective", "add", session, "X", sessions=False)
    assert code == 0 and out.strip() == "o1"
    assert review(sessions_dir, session).objectives["o1"].added_by == "Tom"


# ------------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kpi", "set", "{s}", "k1", "lots"], "no KPI 'k1'"),
        (["objective", "add", "{s}", "  "], "statement: must not be empty"),
        (["action", "add", "{s}", "Call", "--due", "31/12/2026"], "due: '31/12/2026' is not a date (use YYYY-MM-DD)"),
        (["action", "add", "{s}", "Call", "--kpi", "nope"], "no KPI 'nope' in this session"),
        (["action", "done", "{s}", "a9"], "no action 'a9'"),
        (["kpi", "add", "{s}", "Churn", "--baseline", "five", "--target", "3"], "baseline: 'five' is not a number"),
        (
            ["kpi", "add", "{s}", "Churn", "--baseline", "5", "--target", "3", "--direction", "increase"],
            "target: an increase needs",
        ),
        (["kpi", "add", "{s}", "Churn", "--baseline", "5", "--target", "5"], "equals the baseline"),
        (["kpi", "add", "{s}", "Churn", "--baseline", "5", "--target", "3", "--objective", "o7"], "no objective 'o7'"),
        (["decision", "add", "{s}", ""], "text: must not be empty"),
        (["export", "{s}", "--at", "999"], "--at: 999 is not an event of this session"),
        (["export", "2026-01-01-missing-aaaa"], "no session '2026-01-01-missing-aaaa'"),
        (["export", "../../etc/passwd"], "'../../etc/passwd' is not a session id"),
        (["kpi", "set", "a/b", "k1", "3"], "'a/b' is not a session id"),
        (
            ["new", "Acme", "--template", "partner-review", "--param", "budget", "--no-open"],
            "--param: 'budget' is not NAME=VALUE",
        ),
        (["new", "  ", "--no-open"], "title: must not be empty"),
        (["export", "{s}", "-o", "{dir}"], "is a folder"),
        (["export", "{s}", "-o", "{dir}/no/such/file.md"], "does not exist"),
    ],
)
def test_errors_are_one_line_exit_1(run: Run, session: str, sessions_dir: Path, args: list[str], message: str) -> None:
    before = {p.name: p.read_bytes() for p in sessions_dir.glob("*.json")}
    code, out, err = run(*(a.format(s=session, dir=sessions_dir) for a in args))
    assert code == 1 and out == ""
    assert err.startswith("reviewtui: error: ") and err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in err
    if args[0] != "new":
        assert {p.name: p.read_bytes() for p in sessions_dir.glob("*.json")} == before


@pytest.mark.parametrize(
    "args",
    [
        ["kpi", "add"],
        ["nope"],
        ["kpi"],
        ["export", "x", "--format", "pdf"],
        ["export", "x", "--at", "three"],
        ["kpi", "add", "x", "Churn", "--baseline", "1", "--target", "2", "--direction", "up"],
    ],
)
def test_usage_errors_are_one_line_exit_2(run: Run, args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.startswith("reviewtui: error: ") and err.count("\n") == 1, err
    assert "--help" in err


def test_an_unknown_template_is_named_with_the_known_ones(run: Run) -> None:
    """Templates are files a team adds: an unknown one is not a usage error but a missing file."""
    code, out, err = run("new", "T", "--template", "okr", "--no-open")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "unknown template 'okr' (use one of outcome-review, retrospective, okr-check-in, partner-review)" in err


def test_an_unexpected_failure_is_one_line_not_a_traceback(run: Run, session: str, monkeypatch) -> None:
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("reviewtui.store.store.SessionStore.load", explode)
    code, _, err = run("export", session)
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("reviewtui: error: unexpected RuntimeError: disk on fire")


def test_the_app_refuses_to_start_without_a_terminal(run: Run, sessions_dir: Path) -> None:
    code, _, err = run()
    assert code == 1 and "needs a terminal" in err
    # `new` without --no-open says so before creating anything: a retrying script makes no copies.
    code, out, err = run("new", "Q4 review")
    assert code == 1 and out == "" and "--no-open" in err
    assert list(sessions_dir.glob("*.json")) == []


def test_an_argument_that_is_not_utf8_is_a_sentence(run: Run, session: str) -> None:
    code, _, err = run("objective", "add", session, "caf\udce9")  # how Python passes a latin-1 byte
    assert code == 1 and err == "reviewtui: error: an argument is not valid UTF-8 text; nothing was saved\n"


def test_help_and_version(run: Run) -> None:
    code, out, _ = run("--version", sessions=False)
    assert code == 0 and out.strip() == f"reviewtui {__version__}"
    code, out, _ = run("kpi", "add", "--help", sessions=False)
    assert code == 0 and "--baseline" in out and "--direction" in out


# ------------------------------------------------------------------------------ the real entry points


def _console_script() -> str:
    found = shutil.which("reviewtui", path=str(Path(sys.executable).parent))
    assert found, "the reviewtui console script is not installed next to this Python"
    return found


@pytest.mark.parametrize("entry", ["script", "module"])
def test_console_script_and_python_dash_m(entry: str, sessions_dir: Path) -> None:
    command = [_console_script()] if entry == "script" else [sys.executable, "-m", "reviewtui"]
    env = {**os.environ, "REVIEWTUI_SESSIONS": str(sessions_dir)}
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, env=env, check=True)
    assert version.stdout.strip() == f"reviewtui {__version__}"
    created = subprocess.run(
        [*command, "new", "Retro", "--no-open", "--as", "Sam"], capture_output=True, text=True, env=env, check=True
    )
    session_id = created.stdout.strip()
    listed = subprocess.run([*command, "list"], capture_output=True, text=True, env=env, check=True)
    assert session_id in listed.stdout
    failed = subprocess.run([*command, "export", "../x"], capture_output=True, text=True, env=env)
    assert failed.returncode == 1 and failed.stderr.startswith("reviewtui: error:") and "Traceback" not in failed.stderr


def test_export_to_a_closed_pipe_is_quiet(sessions_dir: Path, demo_dir: Path) -> None:
    reader = subprocess.run(
        f"{sys.executable} -m reviewtui --sessions {demo_dir} export 2026-10-07-q3-growth-review-p7wm | head -1",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert reader.stdout == "# Q3 Growth Review\n"
    assert reader.stderr == ""


@pytest.mark.parametrize("name", ["anonymous", "voter-1a2b3c"])
def test_no_command_writes_as_the_names_anonymous_phases_use(
    run: Run, sessions_dir: Path, session: str, name: str
) -> None:
    code, _, err = run("--as", name, "decision", "add", session, "Ship it")
    assert code == 1 and "kept for anonymous contributions" in err
    assert not [e for e in SessionStore(sessions_dir).load(session).events if e.type == "decision.recorded"]
