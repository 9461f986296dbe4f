"""The `reviewtui` command: argparse front door; each command is a thin call into store and domain.

Errors are one line on stderr starting `reviewtui: error:`, exit 1 (2 for a usage mistake);
commands that create something print its id alone on stdout.
"""

from __future__ import annotations

import os

# reviewtui uses no pydantic plugins; looking for them reads every installed package's
# metadata (~25 ms of each start). Set PYDANTIC_DISABLE_PLUGINS yourself to change this.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# The imports below come after the line above on purpose: pydantic reads it when imported.
import argparse
import importlib.util
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TextIO

from reviewtui import __version__
from reviewtui.domain.basics import DIRECTIONS, Role
from reviewtui.domain.errors import InvalidInput, ReviewtuiError
from reviewtui.domain.export import DEFAULT_FORMAT, FORMATS
from reviewtui.domain.names import check_name
from reviewtui.domain.safe_text import json_text, unsafe_in, visible
from reviewtui.domain.typed import MAX_TEXT, check_typed

if TYPE_CHECKING:
    from reviewtui.domain import changes, meeting
    from reviewtui.domain.events import Event, EventBase, Pending
    from reviewtui.domain.review import Review
    from reviewtui.store import SessionLog, SessionStore
    from reviewtui.store.store import Change
    from reviewtui.store.template_catalogue import Catalogue
else:

    def _lazy(name: str) -> ModuleType:
        """`name`, imported when first used (the stdlib's LazyLoader): a start pays for what its
        command touches, not for the event models and the fold every change command needs."""
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.loader is not None
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = sys.modules.setdefault(name, importlib.util.module_from_spec(spec))
        if module.__spec__ is spec:
            spec.loader.exec_module(module)
            parent, _, child = name.rpartition(".")
            setattr(sys.modules[parent], child, module)  # as an import would: `reviewtui.domain.changes`
        return module

    changes, meeting = _lazy("reviewtui.domain.changes"), _lazy("reviewtui.domain.meeting")

PROG = "reviewtui"
EXIT_ERROR, EXIT_USAGE = 1, 2


class UsageError(Exception):
    """A command line argparse could not make sense of."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would print the whole usage block
        raise UsageError(f"{message} (see `{self.prog} --help`)")


@dataclass(frozen=True)
class Context:
    sessions: Path
    actor: str
    theme: str | None = None
    """--theme: the app's theme for this run (else $REVIEWTUI_THEME, the saved choice, dark)."""
    themes_dir: Path | None = None
    """--themes-dir: more theme files, beside the bundled ones and the user's config dir."""
    templates_dir: Path | None = None
    """--templates-dir: more template files, beside the bundled ones and the user's config dir."""

    @cached_property
    def store(self) -> SessionStore:
        """The sessions folder's store, made when a command first reads or writes a session
        (`list` and `coach` never do: they start without the event models)."""
        from reviewtui.store import SessionStore

        return SessionStore(self.sessions)


def _default_actor() -> str:
    import getpass  # only when --as is not given

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return "facilitator"


def sessions_dir(option: str | None) -> Path:
    """`--sessions`, else `$REVIEWTUI_SESSIONS`, else `./sessions`."""
    return Path(option or os.environ.get("REVIEWTUI_SESSIONS") or "sessions")


# ------------------------------------------------------------------------------------ commands


def cmd_new(args: argparse.Namespace, ctx: Context) -> int:
    if not args.no_open:
        _need_terminal()  # before creating anything: a script must not get a session and an error
    parameters = {}
    for item in args.param or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput("--param", f"{item!r} is not NAME=VALUE")
        parameters[name.strip()] = value
    from reviewtui.application.sessions import create_session

    _team_templates(ctx)
    log = create_session(
        ctx.store,
        args.title,
        template=args.template,
        series=args.series,
        facilitator=args.facilitator or ctx.actor,
        participants=args.participant or [],
        parameters=parameters,
        actor=ctx.actor,
        carry=not args.no_carry,
    )
    _say(log.info.id)
    review = log.review
    if review.carried_from:
        objectives = sum(1 for o in review.objectives.values() if o.carried_from)
        kpis = sum(1 for k in review.kpis.values() if k.carried_from)
        _warn(
            f"carried over from {review.carried_from}: {objectives} objectives, {kpis} KPIs, "
            f"{len(review.carried_actions())} open actions",
            "note",
        )
    if args.no_open:
        return 0
    return _run_app(ctx, log.info.id)


def cmd_open(args: argparse.Namespace, ctx: Context) -> int:
    ctx.store.load(args.id)  # a missing or unreadable session is a one-line error, before any screen
    if args.projector:
        return _run_app(ctx, args.id, role="observer", projector=True)
    return _run_app(ctx, args.id)


def cmd_join(args: argparse.Namespace, ctx: Context) -> int:
    if args.id is not None:  # without one, the app offers the open sessions to choose from
        ctx.store.load(args.id)
    return _run_app(ctx, args.id, role="observer" if args.observer else "participant")


def cmd_serve(args: argparse.Namespace, ctx: Context) -> int:
    from reviewtui.serve.command import run_serve  # asyncssh is imported only to serve

    return run_serve(args, ctx.store, ctx.theme, ctx.themes_dir)


def cmd_web(args: argparse.Namespace, ctx: Context) -> int:
    from reviewtui.web import run_web  # textual-serve (the web extra) is imported only here

    title = ctx.store.load(args.id).review.session.title  # a missing session: one line, before listening
    return run_web(args, ctx, title)


def cmd_replay(args: argparse.Namespace, ctx: Context) -> int:
    ctx.store.load(args.id)
    return _run_app(ctx, args.id, replay=True)


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from reviewtui.store.index import list_folder

    # The store (and the event models, pydantic) is made only for a file changed since the last
    # listing: a warm listing reads no session.
    listing = list_folder(ctx.sessions, lambda session_id: ctx.store.summarize(session_id))
    for problem in listing.problems:
        _warn(f"{problem.path}: {problem.reason}; the file was left as it is")
    if args.json:
        document = {
            "sessions": [s.as_dict() for s in listing.sessions],
            "problems": [{"path": str(p.path), "reason": p.reason} for p in listing.problems],
        }
        _say_json(document)
        return 0
    if not listing.sessions:
        _warn(f'no sessions in {ctx.sessions} yet; start one with `{PROG} new "Q3 review"`', "note")
        return 0
    rows = [("ID", "TITLE", "SERIES", "DATE", "STATUS", "OBJ", "ACTIONS", "DEC")]
    for s in listing.sessions:
        title = s.title if len(s.title) <= 40 else s.title[:39] + "…"
        actions = f"{s.open_actions}/{s.actions} open" if s.actions else "0"
        rows.append(
            (s.id, title, s.series or "—", s.created_at[:10], s.status, str(s.objectives), actions, str(s.decisions))
        )
    _print_columns(rows)
    return 0


def cmd_actions(args: argparse.Namespace, ctx: Context) -> int:
    """Every action across the sessions, overdue first: "my open actions" with --owner and --open."""
    from reviewtui.application.all_actions import all_actions

    today = ctx.store.now().astimezone().date()
    rows, problems = all_actions(ctx.store, today, owner=args.owner, series=args.series, open_only=args.open)
    for problem in problems:
        _warn(f"{problem}; the file was left as it is")
    if args.json:
        _say_json({"actions": [row.as_dict() for row in rows], "problems": problems})
        return 0
    if not rows:
        _warn("no actions" + (" match" if args.owner or args.series or args.open else " yet"), "note")
        return 0
    table = [("DUE", "STATUS", "OWNER", "ACTION", "SESSION", "SERIES")]
    for row in rows:
        due = row.due.isoformat() if row.due else "—"
        status = "OVERDUE" if row.overdue else row.status
        text = row.text if len(row.text) <= 60 else row.text[:59] + "…"
        title = row.session_title if len(row.session_title) <= 30 else row.session_title[:29] + "…"
        table.append((due, status, row.owner or "—", text, title, row.series or "—"))
    _print_columns(table)
    return 0


def cmd_merge_driver(args: argparse.Namespace, ctx: Context) -> int:
    """git's merge driver (`%O %A %B`): 0 with the merged session in %A, else 1 and git's conflict."""
    from reviewtui.store.merge import Unmergeable, merge_files

    try:
        merge_files(Path(args.ancestor), Path(args.ours), Path(args.theirs))
    except Unmergeable as problem:
        _warn(f"{args.ours}: not merged: {problem}; git leaves the conflict to you", "error")
        return EXIT_ERROR
    return 0


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    log = ctx.store.load(args.id)
    if args.at is not None and not 0 <= args.at <= log.last_seq:
        raise InvalidInput("--at", f"{args.at} is not an event of this session (it has 1..{log.last_seq})")
    from reviewtui.application.exports import export_text, write_export

    text = export_text(ctx.store, log, args.format, args.at)
    if args.output in (None, "-"):
        sys.stdout.write(text if args.format == "json" else visible(text))
        return 0
    try:
        write_export(ctx.store, Path(args.output), text)
    except InvalidInput as problem:
        raise InvalidInput("-o", problem.problem) from None
    return 0


def _write(ctx: Context, session_id: str, change: Change) -> list[Event]:
    """Every change a command makes, through the one write path (the app's too): the same rules
    for anonymity and follow-on events as in the meeting, with the series read only if needed."""

    from reviewtui.application.series import flag_threads
    from reviewtui.application.writing import Author, write
    from reviewtui.domain.events import FlagData

    events = write(ctx.store, session_id, Author(ctx.actor), change, flag_threads(ctx.store))
    for event in events:
        if isinstance(event.data, FlagData):
            data = event.data
            _warn(
                f"decision {data.decision!r} asked to be revisited if {data.condition}: it holds now "
                f"({data.value:g}); it will be raised at the next check-in",
                "note",
            )
    return events


def _write_printing_id(ctx: Context, session_id: str, change: Change) -> int:
    event = _write(ctx, session_id, change)[0]
    _say(getattr(event.data, "id", ""))
    return 0


def cmd_objective_add(args: argparse.Namespace, ctx: Context) -> int:
    return _write_printing_id(ctx, args.id, lambda r: changes.add_objective(r, args.statement, args.why or ""))


def cmd_kpi_add(args: argparse.Namespace, ctx: Context) -> int:
    return _write_printing_id(
        ctx,
        args.id,
        lambda r: changes.add_kpi(
            r,
            args.name,
            baseline=args.baseline,
            target=args.target,
            unit=args.unit or "",
            direction=args.direction,
            objective=args.objective,
            by=args.by,
            since=args.since,
            today=ctx.store.now().astimezone().date(),
        ),
    )


def cmd_kpi_set(args: argparse.Namespace, ctx: Context) -> int:
    _write(
        ctx,
        args.id,
        lambda r: changes.record_reading(r, args.kpi, args.value, note=args.note or "", source=args.source or ""),
    )
    return 0


def _expectation_options(p: argparse.ArgumentParser, edit: bool = False) -> None:
    p.add_argument(
        "--expect",
        metavar="E",
        help="what it should do to its KPI, in the KPI's unit: +N or -N from the latest reading, >= N or <= N"
        + (" ('' takes it off; stated again, it counts from the reading now)" if edit else ""),
    )
    p.add_argument("--by", metavar="DATE", help="the day the expectation should hold by (YYYY-MM-DD)")


def cmd_kpi_import(args: argparse.Namespace, ctx: Context) -> int:
    """Readings from a CSV or JSON lines file (or stdin): all checked first, one write; a row
    with its `at` is never recorded twice (one without is taken now)."""
    from reviewtui.domain import kpi_import

    shown = "stdin" if args.file == "-" else args.file
    try:
        parsed = kpi_import.parse(_import_text(args.file), args.file)
        now = ctx.store.now()
        counted: dict[str, int] = {}

        def change(review: Review) -> list[Pending]:
            made, counted["already"] = kpi_import.readings(review, parsed, now)
            return made

        written = _write(ctx, args.id, change)
    except kpi_import.ImportRefused as refused:
        _say(f"{PROG}: error: {shown}: {refused.problem}", sys.stderr)
        for problem in refused.problems[:50]:
            _say(f"  {problem}", sys.stderr)
        if len(refused.problems) > 50:
            _say(f"  … and {len(refused.problems) - 50} more", sys.stderr)
        return EXIT_ERROR
    readings = sum(1 for event in written if event.type == "kpi.measured")
    already = counted.get("already", 0)
    _say(
        f"imported {readings} reading{'s' if readings != 1 else ''}"
        + (f"; {already} recorded already" if already else "")
    )
    return 0


def _import_text(name: str) -> str:
    """The text of the file to import, refused by its size before it is read (and if it is not a
    regular file: a FIFO or a device could be read for ever), and refused if it is not UTF-8."""
    from reviewtui.domain.kpi_import import SIZE_LIMIT, ImportRefused
    from reviewtui.store.safe_read import NotAFile, read_capped

    limit = f"{SIZE_LIMIT // (1024 * 1024)} MiB"
    if name == "-":
        data = sys.stdin.buffer.read(SIZE_LIMIT + 1)
        if len(data) > SIZE_LIMIT:
            raise ImportRefused([f"more than {limit} on stdin: split it"])
    else:
        path = Path(name)
        try:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):
                raise ImportRefused([f"{name} is not a regular file"])
            if status.st_size > SIZE_LIMIT:
                raise ImportRefused([f"{status.st_size / (1024 * 1024):.0f} MiB; at most {limit} is read: split it"])
            # Read as every file reviewtui reads: opened without blocking and checked again, so a
            # FIFO put in its place since the stat above cannot hold the command for ever.
            data = read_capped(path, SIZE_LIMIT) or b""
        except NotAFile as refused:
            raise ImportRefused([f"{name} {refused.reason}"]) from None
        except OSError as error:
            raise ImportRefused([f"cannot be read: {error.strerror or error}"]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused([f"line {line}: not UTF-8 text (save it as UTF-8)"]) from None


def cmd_action_review(args: argparse.Namespace, ctx: Context) -> int:
    verdict = {"not-done": "not done"}.get(args.verdict, args.verdict)
    _write(ctx, args.id, lambda r: changes.review_action(r, args.action, verdict, args.note or ""))
    return 0


def cmd_action_add(args: argparse.Namespace, ctx: Context) -> int:
    return _write_printing_id(
        ctx,
        args.id,
        lambda r: changes.add_action(
            r,
            args.text,
            owner=args.owner,
            due=args.due,
            kpi=args.kpi,
            objective=args.objective,
            expect=args.expect,
            expect_by=args.by,
        ),
    )


def _cmd_action_status(status: str) -> Callable[[argparse.Namespace, Context], int]:
    def command(args: argparse.Namespace, ctx: Context) -> int:
        _write(ctx, args.id, lambda r: changes.set_action_status(r, args.action, status))
        return 0

    return command


def cmd_decision_add(args: argparse.Namespace, ctx: Context) -> int:
    return _write_printing_id(
        ctx,
        args.id,
        lambda r: changes.record_decision(
            r, args.text, rationale=args.rationale or "", owner=args.owner, revisit_if=args.revisit_if
        ),
    )


def _given(args: argparse.Namespace, *names: str) -> dict[str, str | None]:
    """The options of an `edit` that were given (an empty one clears the field, where it can)."""
    fields = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    if not fields:
        options = ", ".join(f"--{name.replace('_', '-')}" for name in names)
        raise UsageError(f"say what to change: {options}")
    return fields


def _write_saying(ctx: Context, session_id: str, change: Change) -> int:
    """A change that takes something away: said in words, with the way back."""
    from reviewtui.domain.replay import describe

    events = _write(ctx, session_id, change)
    log = ctx.store.load(session_id)
    before = log.review_at(events[0].seq - 1)
    _warn(f"{describe(events[0], before)}; `{PROG} undo {session_id}` brings it back", "note")
    return 0


def cmd_objective_edit(args: argparse.Namespace, ctx: Context) -> int:
    fields = _given(args, "statement", "why")
    _write(ctx, args.id, lambda r: changes.update_objective(r, args.objective, **fields))
    return 0


def cmd_objective_remove(args: argparse.Namespace, ctx: Context) -> int:
    return _write_saying(ctx, args.id, lambda r: changes.remove_objective(r, args.objective))


def cmd_kpi_edit(args: argparse.Namespace, ctx: Context) -> int:
    fields: dict[str, str | float | None] = {
        name: value or None
        for name, value in _given(
            args, "name", "baseline", "target", "unit", "direction", "objective", "by", "since"
        ).items()
    }
    if "unit" in fields:
        fields["unit"] = fields["unit"] or ""
    _write(ctx, args.id, lambda r: changes.update_kpi(r, args.kpi, **fields))
    return 0


def cmd_kpi_remove(args: argparse.Namespace, ctx: Context) -> int:
    return _write_saying(ctx, args.id, lambda r: changes.remove_kpi(r, args.kpi))


def cmd_kpi_correct(args: argparse.Namespace, ctx: Context) -> int:
    _given(args, "value", "note", "taken")
    _write(
        ctx,
        args.id,
        lambda r: changes.correct_reading(
            r, args.kpi, args.reading, value=args.value, note=args.note, taken_at=args.taken
        ),
    )
    return 0


def cmd_kpi_remove_reading(args: argparse.Namespace, ctx: Context) -> int:
    return _write_saying(ctx, args.id, lambda r: changes.remove_reading(r, args.kpi, args.reading))


def cmd_answer_add(args: argparse.Namespace, ctx: Context) -> int:
    return _write_printing_id(
        ctx,
        args.id,
        lambda r: changes.record_answer(r, args.question, args.text, objective=args.objective, by=args.by),
    )


def cmd_answer_edit(args: argparse.Namespace, ctx: Context) -> int:
    fields = _given(args, "text", "by", "objective")
    _write(ctx, args.id, lambda r: changes.update_answer(r, args.answer, **fields))
    return 0


def cmd_answer_remove(args: argparse.Namespace, ctx: Context) -> int:
    return _write_saying(ctx, args.id, lambda r: changes.remove_answer(r, args.answer))


def cmd_action_edit(args: argparse.Namespace, ctx: Context) -> int:
    fields = _given(args, "text", "owner", "due", "kpi", "objective", "expect", "by")
    if "by" in fields:
        fields["expect_by"] = fields.pop("by")
    _write(ctx, args.id, lambda r: changes.update_action(r, args.action, **fields))
    return 0


def cmd_action_remove(args: argparse.Namespace, ctx: Context) -> int:
    return _write_saying(ctx, args.id, lambda r: changes.remove_action(r, args.action))


def cmd_decision_edit(args: argparse.Namespace, ctx: Context) -> int:
    fields = _given(args, "text", "rationale", "owner", "revisit_if")
    _write(ctx, args.id, lambda r: changes.update_decision(r, args.decision, **fields))
    return 0


def cmd_decision_remove(args: argparse.Namespace, ctx: Context) -> int:
    return _write_saying(ctx, args.id, lambda r: changes.remove_decision(r, args.decision))


def _cmd_attendance(here: bool) -> Callable[[argparse.Namespace, Context], int]:
    def command(args: argparse.Namespace, ctx: Context) -> int:
        _write(ctx, args.id, lambda r: changes.mark_attendance(r, args.name, here))
        return 0

    return command


def cmd_attendee_remove(args: argparse.Namespace, ctx: Context) -> int:
    return _write_saying(ctx, args.id, lambda r: changes.remove_attendee(r, args.name))


def cmd_vote_cast(args: argparse.Namespace, ctx: Context) -> int:
    _write(ctx, args.id, lambda r: meeting.vote(r, ctx.actor, args.item))
    return 0


def cmd_vote_withdraw(args: argparse.Namespace, ctx: Context) -> int:
    _write(ctx, args.id, lambda r: meeting.unvote(r, ctx.actor, args.item))
    return 0


def cmd_vote_open(args: argparse.Namespace, ctx: Context) -> int:
    _write(ctx, args.id, lambda r: meeting.open_voting(r, args.phase, args.dots))
    return 0


def cmd_vote_close(args: argparse.Namespace, ctx: Context) -> int:
    _write(ctx, args.id, lambda r: meeting.close_voting(r, args.phase))
    return 0


def cmd_confidence(args: argparse.Namespace, ctx: Context) -> int:
    """Rate a KPI in the open blind round, or (the facilitator) open or reveal the round."""
    from reviewtui.application import confidence
    from reviewtui.application.writing import Author
    from reviewtui.domain.confidence import in_words

    review = ctx.store.load(args.id).review
    if args.open or args.reveal:
        if args.kpi is not None:
            raise UsageError("--open and --reveal take no KPI or value")
        confidence.check_facilitates(review, ctx.actor)
        if args.open:
            confidence.open_round(ctx.store, args.id, Author(ctx.actor))
            return 0
        # This round's ratings, as revealed: not the earlier rounds' the review also keeps.
        for event in confidence.reveal(ctx.store, args.id, Author(ctx.actor)):
            for kpi_id, values in event.data.values.items():
                kpi = review.kpis.get(kpi_id)
                if kpi is not None and values:  # removed meanwhile, or nobody rated it
                    _say(in_words(kpi.name, values))
        return 0
    if args.kpi is None or args.value is None:
        raise UsageError("give a KPI and a rating from 0 to 10 (or --open, --reveal)")
    person = review.participants.get(ctx.actor)  # who may rate is checked under the lock
    confidence.rate(
        ctx.store, args.id, Author(ctx.actor, person.role if person else "participant"), args.kpi, args.value
    )
    return 0


def cmd_timebox(args: argparse.Namespace, ctx: Context) -> int:
    if args.clear == (args.minutes is not None):
        raise UsageError("give the minutes, or --clear to take the timebox off")
    if args.clear:
        return _write_saying(ctx, args.id, lambda r: changes.clear_timer(r, args.phase))
    _write(ctx, args.id, lambda r: changes.start_timer(r, args.phase, args.minutes))
    return 0


def _with_review_before(log: SessionLog, seq: int) -> tuple[EventBase, Review] | None:
    event = log.event(seq)
    return (event, log.review_at(seq - 1)) if event is not None else None


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    """Take back your latest change in the session (again: the one before it)."""
    from reviewtui.application.writing import Author, undo_last, write
    from reviewtui.domain.replay import describe

    events = write(ctx.store, args.id, Author(ctx.actor), undo_last(args.id, Author(ctx.actor)))
    log = ctx.store.load(args.id)
    _warn(describe(events[0], log.review, lambda seq: _with_review_before(log, seq)), "note")
    return 0


def cmd_coach(args: argparse.Namespace, ctx: Context | None) -> int:
    if args.text == ["-"]:
        return _coach_lines(_bounded_lines(sys.stdin.buffer), args.json)
    text = " ".join(args.text).strip()
    if not text:
        raise UsageError("coach needs a statement to read (see `reviewtui coach --help`)")
    check_typed(text, "statement")
    from reviewtui.domain.coach import classify

    verdict = classify(text)
    if args.json:
        _say_json({"kind": verdict.kind, "reason": verdict.reason, "suggestion": verdict.suggestion}, indent=None)
    else:
        _say(f"{verdict.kind} — {verdict.reason}")
        if verdict.suggestion:
            _say(f"Suggestion: {verdict.suggestion}")
    return 0


def _bounded_lines(stream: BinaryIO, limit: int = 4 * MAX_TEXT) -> Iterator[bytes]:
    """The lines of `stream`, each read up to `limit` bytes: a line longer than that (or a
    stream with no newline at all, like /dev/zero) comes as its first `limit` bytes, which the
    text checks then refuse, and the rest of it is skipped without being held in memory."""
    while line := stream.readline(limit + 1):
        yield line  # said at once, even of a line that never ends
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass  # the rest of an overlong line, a piece at a time


def _coach_lines(lines: Iterable[bytes], as_json: bool) -> int:
    """`coach -`: a verdict for each line read, in order, one line each (blank lines skipped).
    A line that cannot be read (not UTF-8, a control character, too long) gets its problem in
    its place, and the rest are still read; the exit status is then 1."""
    from reviewtui.domain.coach import classify

    failed = False
    for number, raw in enumerate(lines, start=1):
        try:
            if len(raw) > 4 * MAX_TEXT:  # cut short by _bounded_lines, perhaps inside a character
                raise InvalidInput(f"line {number}", f"is longer than {MAX_TEXT:,} characters; at most that is read")
            statement = check_typed(raw.decode("utf-8").rstrip("\r\n").strip(), f"line {number}")
        except UnicodeDecodeError:
            problem = f"line {number} is not UTF-8 text"
        except InvalidInput as refused:
            problem = str(refused)
        else:
            if not statement:
                continue
            verdict = classify(statement)
            if as_json:
                found = {"statement": statement, "kind": verdict.kind, "reason": verdict.reason}
                _say_json({**found, "suggestion": verdict.suggestion}, indent=None)
            else:
                _say(f"{verdict.kind:<8} {statement}  — {verdict.reason}")
            continue
        failed = True
        _say_json({"line": number, "error": problem}, indent=None) if as_json else _say(f"error    {problem}")
    return 1 if failed else 0


def _team_templates(ctx: Context) -> Catalogue:
    """The team's templates offered beside the bundled ones; a broken file is said, and skipped."""
    from reviewtui.store.template_catalogue import load_templates

    catalogue = load_templates(ctx.templates_dir)
    for problem in catalogue.problems:
        _warn(f"{problem}; the file was skipped" if "--templates-dir" not in problem else problem)
    return catalogue


def cmd_templates(args: argparse.Namespace, ctx: Context) -> int:
    """Every template a session can start from, with where it comes from."""
    from reviewtui.store.template_catalogue import user_folder

    catalogue = _team_templates(ctx)
    if args.json:
        document = {
            "templates": [
                {
                    "id": template_id,
                    "name": loaded.template.name,
                    "description": loaded.template.description,
                    "phases": [p.title for p in loaded.template.phases],
                    "parameters": [p.name for p in loaded.template.parameters],
                    "source": loaded.source,
                    "path": loaded.path,
                }
                for template_id, loaded in catalogue.templates.items()
            ],
            "problems": catalogue.problems,
            "user_folder": str(user_folder()),
        }
        _say_json(document)
        return 0
    rows = [("ID", "NAME", "PHASES", "SOURCE")]
    for template_id, loaded in catalogue.templates.items():
        rows.append((template_id, loaded.template.name, str(len(loaded.template.phases)), loaded.source))
    _print_columns(rows)
    _say(f"\nYour own go in {user_folder()} (copy a bundled one from the path `templates --json` gives).")
    return 0


def cmd_themes(args: argparse.Namespace, ctx: Context) -> int:
    from reviewtui.ui.theming.catalogue import load_catalogue, shown_path, user_folder
    from reviewtui.ui.theming.choice import choose_theme
    from reviewtui.ui.theming.settings import saved_theme

    catalogue = load_catalogue(ctx.themes_dir)
    for problem in catalogue.problems:  # a missing --themes-dir is a problem too, but no file was skipped
        _warn(f"{problem}" + ("" if problem.field == "--themes-dir" else "; the file was skipped"))
    saved = saved_theme()
    choice = choose_theme(catalogue.themes, ctx.theme, os.environ, saved) if catalogue.themes else None
    if choice is not None and choice.problem:
        _warn(choice.problem)
    themes = sorted(catalogue.themes.values(), key=lambda t: t.name)
    if args.json:
        document = {
            "themes": [
                {
                    "name": t.name,
                    "dark": t.spec.dark,
                    "ansi": t.spec.ansi,
                    "description": t.spec.description,
                    "source": t.source,
                    "path": t.path,
                    "replaces": t.replaces,
                    "in_use": choice is not None and t.name == choice.name,
                    "saved": t.name == saved,
                }
                for t in themes
            ],
            "problems": [{"path": p.path, "field": p.field, "reason": p.reason} for p in catalogue.problems],
            "user_folder": str(user_folder()),
        }
        _say_json(document)
        return 0
    rows = [("", "NAME", "MODE", "SOURCE")]
    for t in themes:
        source = "bundled" if t.source == "bundled" else f"{t.source} {t.path}"
        if t.replaces:
            source += f" (instead of the {t.replaces} one)"
        rows.append(
            (
                "*" if choice is not None and t.name == choice.name else "",
                t.name,
                "dark" if t.spec.dark else "light",
                source,
            )
        )
    _print_columns(rows)
    if choice is not None:
        why = {
            "--theme": "from --theme",
            "$REVIEWTUI_THEME": "from $REVIEWTUI_THEME",
            "saved": "picked in the app",
            "default": "the default",
        }[choice.origin]
        _say(f"\n* in use: {choice.name} ({why}). Your themes go in {shown_path(user_folder())}/")
    return 0


def cmd_home(args: argparse.Namespace, ctx: Context) -> int:
    return _run_app(ctx, None)


def _need_terminal() -> None:
    if os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver:"):
        return  # a browser tab of `reviewtui web`: the terminal is the page
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ReviewtuiError(
            f"the app needs a terminal; to script a review use a command, and `new --no-open` (see `{PROG} --help`)"
        )


ONE_SESSION = "REVIEWTUI_ONE_SESSION"
"""Set by `web` for each tab's reviewtui: it shows the session it was opened on, never the list."""
CONFINED = "REVIEWTUI_CONFINED"
"""Set (by `serve` and `reviewtui-shell`) for a reviewtui run for someone who is not at the host."""
_OVER_SSH = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")


def at_the_host(environ: Mapping[str, str]) -> bool:
    """Is this reviewtui run by someone at the host's own terminal? Not over SSH (sshd sets
    SSH_CONNECTION), not for `serve` or `reviewtui-shell` (REVIEWTUI_CONFINED). Only then does
    the app write files a person names (DESIGN.md); over SSH, exports go to the clipboard."""
    return not any(environ.get(name) for name in (CONFINED, *_OVER_SSH))


def _run_app(
    ctx: Context, session_id: str | None, replay: bool = False, role: Role = "facilitator", projector: bool = False
) -> int:
    _need_terminal()
    from reviewtui.ui.app import run_app  # textual is imported only when a screen is wanted

    return run_app(
        ctx.store,
        ctx.actor,
        session_id,
        replay=replay,
        role=role,
        theme=ctx.theme,
        themes_dir=ctx.themes_dir,
        templates_dir=ctx.templates_dir,
        local=at_the_host(os.environ),
        projector=projector,
        pinned=bool(os.environ.get(ONE_SESSION)),
    )


# ------------------------------------------------------------------------------------ parser


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """--sessions, --as, --theme and --themes-dir, accepted before or after the command name."""
    common = _Parser(add_help=False)
    default = None if defaults else argparse.SUPPRESS
    common.add_argument(
        "--sessions",
        metavar="DIR",
        default=default,
        help="sessions folder (default: $REVIEWTUI_SESSIONS, else ./sessions)",
    )
    common.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        default=default,
        help="your name, recorded with each change (default: your login name)",
    )
    common.add_argument(
        "--theme",
        metavar="NAME",
        default=default,
        help="colour theme of the app (default: $REVIEWTUI_THEME, else the one last picked, "
        "else dark; see `reviewtui themes`)",
    )
    common.add_argument(
        "--themes-dir",
        metavar="DIR",
        default=default,
        help="a folder of more theme files (*.toml), beside your config folder's",
    )
    common.add_argument(
        "--templates-dir",
        metavar="DIR",
        default=default,
        help="a folder of more review templates (*.toml), beside your config folder's (see `reviewtui templates`)",
    )
    return common


class _Unbuilt:
    """Stands in for the parser of a command this run does not take: its arguments are never
    built (a start builds only its own command's, ~10 ms less for a script)."""

    def __getattr__(self, name: str) -> Callable[..., _Unbuilt]:
        return lambda *args, **kwargs: self


GROUPS = ("objective", "kpi", "answer", "action", "decision", "attendee", "vote")
"""The commands that are a group of commands (`kpi set`, `vote cast`…)."""
_VALUED_OPTIONS = ("--sessions", "--as", "--theme", "--themes-dir")


def _command_named(argv: Sequence[str]) -> str | None:
    """The command `argv` runs, as far as can be told before parsing: its first word that is not
    an option or an option's value (argparse takes `--sess DIR` for `--sessions DIR`, so a
    shortened option takes a value too). A wrong guess is parsed again in full (`parse`)."""
    words = iter(argv)
    for word in words:
        if word.startswith("--") and "=" not in word and any(o.startswith(word) for o in _VALUED_OPTIONS):
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def parse(arguments: Sequence[str]) -> argparse.Namespace:
    """The command line parsed with only its own command built; if that was the wrong command (a
    stand-in parsed it, or refused it), parsed again with every command built, which is then the
    answer, errors included."""
    try:
        args = build_parser(arguments).parse_args(arguments)
        if args.handler is not None:
            return args
    except UsageError:
        pass
    return build_parser().parse_args(arguments)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given the `argv` it will parse, only that command's arguments are
    built (the others are listed, for --help and for a mistyped name)."""
    only = _command_named(argv) if argv is not None else None
    parser = _Parser(
        prog=PROG,
        parents=[_common_options(defaults=True)],
        description="Run outcome reviews from the terminal: objectives, KPIs, impact, actions, "
        "decisions. With no command, opens the app on the sessions folder.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.set_defaults(handler=cmd_home)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    common = [_common_options(defaults=False)]
    group_of: dict[int, str] = {}

    def command(sub: argparse._SubParsersAction, name: str, handler: Callable, help_text: str) -> Any:
        top = group_of.get(id(sub), name)
        if only is not None and top != only:
            if top == name:
                sub.add_parser(name, help=help_text, add_help=False).set_defaults(handler=None)
            return _Unbuilt()
        p = sub.add_parser(name, parents=common, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command(commands, "new", cmd_new, "start a new session and print its id")
    p.add_argument("title", metavar="TITLE")
    p.add_argument(
        "--template",
        metavar="ID",
        default="outcome-review",
        help="review template: a bundled one or your own (default: outcome-review; see `reviewtui templates`)",
    )
    p.add_argument("--series", metavar="S", help="series this session belongs to, e.g. 'Growth review'")
    p.add_argument("--facilitator", metavar="NAME", help="who runs it (default: --as)")
    p.add_argument("--participant", metavar="NAME", action="append", help="someone taking part (repeat)")
    p.add_argument(
        "--param",
        metavar="NAME=VALUE",
        action="append",
        help="a template parameter, e.g. deadline=2026-12-31 for partner-review (repeat)",
    )
    p.add_argument("--no-open", action="store_true", help="only create it; do not open the app")
    p.add_argument(
        "--no-carry",
        action="store_true",
        help="start empty, even if the series has earlier sessions to carry over from",
    )

    p = command(
        commands, "open", cmd_open, "open a session and take the facilitator seat (or join, if someone holds it)"
    )
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "--projector",
        action="store_true",
        help="the room's view for a projector or a shared screen: big, read-only, following the facilitator",
    )

    p = command(
        commands,
        "join",
        cmd_join,
        "join a live session as a participant (or --observer); without ID, choose an open one",
    )
    p.add_argument("id", metavar="ID", nargs="?")
    p.add_argument("--observer", action="store_true", help="watch only: propose, vote and change nothing")

    p = command(
        commands,
        "serve",
        cmd_serve,
        "be an SSH server for a meeting: each person runs `ssh -p PORT HOST` with a listed key",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=2222, help="port to listen on (default: 2222; 0 picks a free one)")
    p.add_argument(
        "--authorized-keys",
        metavar="FILE",
        help='one public key line per person; its comment, or name="…" before it, is their name '
        "(default: authorized_keys in reviewtui's config folder)",
    )
    p.add_argument(
        "--host-key",
        metavar="FILE",
        help="the server's private key, made on first run (default: in reviewtui's data folder)",
    )
    p.add_argument("--session", metavar="ID", help="the session everyone joins (default: each chooses an open one)")
    p.add_argument(
        "--max-connections",
        type=int,
        default=50,
        metavar="N",
        help="people signed in at once (default: 50); connections still signing in are capped apart",
    )

    p = command(
        commands,
        "web",
        cmd_web,
        "show a session in browser tabs, watch only (needs pip install 'reviewtui[web]'; no login: see --host)",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; any other prints how to keep it private)",
    )
    p.add_argument("--port", type=int, default=8022, help="port to listen on (default: 8022)")
    p.add_argument("--projector", action="store_true", help="each tab shows the room's view (see open --projector)")
    p.add_argument("--max-tabs", type=int, default=12, metavar="N", help="browser tabs open at once (default: 12)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address people open, when a proxy in front of it answers for it (e.g. https://review.example.com)",
    )

    p = command(commands, "replay", cmd_replay, "walk back through a session, event by event")
    p.add_argument("id", metavar="ID")

    p = command(commands, "list", cmd_list, "list sessions, newest first")
    p.add_argument("--json", action="store_true", help="print JSON: {sessions, problems}")

    p = command(commands, "themes", cmd_themes, "list the themes, where each comes from, and the one in use")
    p.add_argument("--json", action="store_true", help="print JSON: {themes, problems, user_folder}")

    p = command(commands, "coach", cmd_coach, "is a statement an outcome or an output? says why")
    p.add_argument(
        "text",
        nargs="*",
        metavar="TEXT",
        help="an objective statement or a KPI name; - reads one per line from stdin, a verdict per line",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"kind", "reason", "suggestion"} (with -: a JSON line each, with "statement")',
    )

    p = command(commands, "export", cmd_export, "export a session as minutes, JSON or CSV")
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "--format",
        choices=list(FORMATS),
        default=DEFAULT_FORMAT,
        help=", ".join(f"{f.name} ({f.label})" for f in FORMATS.values()),
    )
    p.add_argument("--at", type=int, metavar="SEQ", help="the session as of event SEQ (default: now)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    groups = {
        name: commands.add_parser(name, help=f"{name}s of a session").add_subparsers(
            title="commands", metavar="COMMAND", required=True
        )
        for name in GROUPS
    }
    group_of.update({id(sub): name for name, sub in groups.items()})

    p = command(groups["objective"], "add", cmd_objective_add, "add an outcome statement; prints its id")
    p.add_argument("id", metavar="ID")
    p.add_argument("statement", metavar="STATEMENT")
    p.add_argument("--why", metavar="TEXT", help="why this outcome matters")
    p = command(groups["objective"], "edit", cmd_objective_edit, "reword an objective, or why it matters")
    p.add_argument("id", metavar="ID")
    p.add_argument("objective", metavar="OID", help="objective id (o1) or statement")
    p.add_argument("--statement", metavar="TEXT")
    p.add_argument("--why", metavar="TEXT", help="why this outcome matters ('' clears it)")
    p = command(groups["objective"], "remove", cmd_objective_remove, "remove an objective (undo brings it back)")
    p.add_argument("id", metavar="ID")
    p.add_argument("objective", metavar="OID", help="objective id (o1) or statement")

    p = command(groups["kpi"], "add", cmd_kpi_add, "add a KPI; prints its id")
    p.add_argument("id", metavar="ID")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--baseline", required=True, metavar="X", help="where it started")
    p.add_argument("--target", required=True, metavar="Y", help="where it should get to")
    p.add_argument("--unit", metavar="U", help="e.g. %%, EUR, days")
    p.add_argument(
        "--direction", choices=DIRECTIONS, help="default: increase, or decrease when the target is below the baseline"
    )
    p.add_argument("--objective", metavar="OID", help="the objective it measures (id or statement)")
    p.add_argument("--by", metavar="YYYY-MM-DD", help="the day the target is due: the status then follows the pace")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="the day the way to the target starts (default: today)")

    p = command(groups["kpi"], "set", cmd_kpi_set, "record a reading of a KPI")
    p.add_argument("id", metavar="ID")
    p.add_argument("kpi", metavar="KPI", help="KPI id (k1) or name")
    p.add_argument("value", metavar="VALUE")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--source", metavar="TEXT", help="where the number comes from")

    p = command(
        groups["kpi"],
        "import",
        cmd_kpi_import,
        "record readings from a CSV or JSON lines file: all or none; a row with its `at` never twice",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "file",
        metavar="FILE",
        help="columns kpi (id or name), value, and optionally at (YYYY-MM-DD or an ISO moment), note, source; - reads stdin",
    )

    p = command(groups["kpi"], "edit", cmd_kpi_edit, "change a KPI: its name, baseline, target, unit, direction")
    p.add_argument("id", metavar="ID")
    p.add_argument("kpi", metavar="KPI", help="KPI id (k1) or name")
    p.add_argument("--name", metavar="NAME")
    p.add_argument("--baseline", metavar="X", help="'' clears it")
    p.add_argument("--target", metavar="Y", help="'' clears it")
    p.add_argument("--unit", metavar="U", help="'' takes it off")
    p.add_argument("--direction", choices=DIRECTIONS)
    p.add_argument("--objective", metavar="OID", help="the objective it measures ('' unlinks it)")
    p.add_argument("--by", metavar="YYYY-MM-DD", help="the day the target is due ('' takes the date off)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="the day the way to the target starts")
    p = command(groups["kpi"], "remove", cmd_kpi_remove, "remove a KPI and its readings (undo brings it back)")
    p.add_argument("id", metavar="ID")
    p.add_argument("kpi", metavar="KPI", help="KPI id (k1) or name")
    p = command(groups["kpi"], "correct", cmd_kpi_correct, "correct a reading: its value, note or the day it was taken")
    p.add_argument("id", metavar="ID")
    p.add_argument("kpi", metavar="KPI", help="KPI id (k1) or name")
    p.add_argument("--reading", metavar="N", help="which reading, 1 the oldest (default: the latest)")
    p.add_argument("--value", metavar="X")
    p.add_argument("--note", metavar="TEXT", help="'' takes it off")
    p.add_argument("--taken", metavar="DATE", help="the day it was taken, YYYY-MM-DD")
    p = command(groups["kpi"], "remove-reading", cmd_kpi_remove_reading, "remove a reading (undo brings it back)")
    p.add_argument("id", metavar="ID")
    p.add_argument("kpi", metavar="KPI", help="KPI id (k1) or name")
    p.add_argument("--reading", metavar="N", help="which reading, 1 the oldest (default: the latest)")

    p = command(groups["answer"], "add", cmd_answer_add, "record an answer to a question; prints its id")
    p.add_argument("id", metavar="ID")
    p.add_argument("question", metavar="QUESTION", help="the question, as the template asks it")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--by", metavar="NAME", help="who gave it (default: --as)")
    p.add_argument("--objective", metavar="OID", help="the objective it is about")
    p = command(groups["answer"], "edit", cmd_answer_edit, "reword an answer, or say who gave it or what it is about")
    p.add_argument("id", metavar="ID")
    p.add_argument("answer", metavar="RID")
    p.add_argument("--text", metavar="TEXT")
    p.add_argument("--by", metavar="NAME")
    p.add_argument("--objective", metavar="OID", help="'' unlinks it")
    p = command(groups["answer"], "remove", cmd_answer_remove, "remove an answer (undo brings it back)")
    p.add_argument("id", metavar="ID")
    p.add_argument("answer", metavar="RID")

    p = command(groups["action"], "add", cmd_action_add, "add an action item; prints its id")
    p.add_argument("id", metavar="ID")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--owner", metavar="NAME")
    p.add_argument("--due", metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--kpi", metavar="KID", help="the KPI it should move (id or name)")
    p.add_argument("--objective", metavar="OID", help="the objective it serves (id or statement)")
    _expectation_options(p)
    p = command(
        groups["action"],
        "review",
        cmd_action_review,
        "record what the owner says of an action carried over: done, not-done (carry again), dropped",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("action", metavar="AID")
    p.add_argument("verdict", choices=("done", "not-done", "dropped"))
    p.add_argument("--note", metavar="TEXT")
    for verb, status in (("done", "done"), ("drop", "dropped")):
        p = command(groups["action"], verb, _cmd_action_status(status), f"mark an action {status}")
        p.add_argument("id", metavar="ID")
        p.add_argument("action", metavar="AID")

    p = command(groups["action"], "edit", cmd_action_edit, "change an action: its text, owner, due date, KPI")
    p.add_argument("id", metavar="ID")
    p.add_argument("action", metavar="AID")
    p.add_argument("--text", metavar="TEXT")
    p.add_argument("--owner", metavar="NAME", help="'' takes it off")
    p.add_argument("--due", metavar="DATE", help="YYYY-MM-DD ('' takes it off)")
    p.add_argument("--kpi", metavar="KID", help="the KPI it should move ('' unlinks it)")
    p.add_argument("--objective", metavar="OID", help="the objective it serves ('' unlinks it)")
    _expectation_options(p, edit=True)
    p = command(groups["action"], "remove", cmd_action_remove, "remove an action (undo brings it back)")
    p.add_argument("id", metavar="ID")
    p.add_argument("action", metavar="AID")

    p = command(groups["decision"], "add", cmd_decision_add, "record a decision; prints its id")
    p.add_argument("id", metavar="ID")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--rationale", metavar="TEXT")
    p.add_argument("--owner", metavar="NAME")
    p.add_argument("--revisit-if", metavar="CONDITION", help="e.g. 'Activation rate < 30'")
    p = command(groups["decision"], "edit", cmd_decision_edit, "change a decision: its text, why, owner, revisit")
    p.add_argument("id", metavar="ID")
    p.add_argument("decision", metavar="DID")
    p.add_argument("--text", metavar="TEXT")
    p.add_argument("--rationale", metavar="TEXT", help="'' clears it")
    p.add_argument("--owner", metavar="NAME", help="'' takes it off")
    p.add_argument("--revisit-if", metavar="CONDITION", help="'' clears it")
    p = command(groups["decision"], "remove", cmd_decision_remove, "remove a decision (undo brings it back)")
    p.add_argument("id", metavar="ID")
    p.add_argument("decision", metavar="DID")

    for verb, here in (("here", True), ("away", False)):
        p = command(groups["attendee"], verb, _cmd_attendance(here), f"mark someone {verb} (added if not listed)")
        p.add_argument("id", metavar="ID")
        p.add_argument("name", metavar="NAME")
    p = command(groups["attendee"], "remove", cmd_attendee_remove, "take someone off the attendance list")
    p.add_argument("id", metavar="ID")
    p.add_argument("name", metavar="NAME")

    p = command(groups["vote"], "open", cmd_vote_open, "open dot voting in a phase (impact or actions)")
    p.add_argument("id", metavar="ID")
    p.add_argument("phase", metavar="PHASE", help="the phase id, e.g. impact")
    p.add_argument("dots", metavar="DOTS", help="dots per person")
    p = command(groups["vote"], "cast", cmd_vote_cast, "place a dot on an answer or action (as --as)")
    p.add_argument("id", metavar="ID")
    p.add_argument("item", metavar="ITEM", help="answer or action id")
    p = command(groups["vote"], "withdraw", cmd_vote_withdraw, "take a dot back")
    p.add_argument("id", metavar="ID")
    p.add_argument("item", metavar="ITEM", help="answer or action id")
    p = command(groups["vote"], "close", cmd_vote_close, "close the voting in a phase: the totals are final")
    p.add_argument("id", metavar="ID")
    p.add_argument("phase", metavar="PHASE")

    p = command(commands, "timebox", cmd_timebox, "set a phase's timebox in minutes (or --clear it)")
    p.add_argument("id", metavar="ID")
    p.add_argument("phase", metavar="PHASE", help="the phase id, e.g. kpis")
    p.add_argument("minutes", metavar="MINUTES", nargs="?")
    p.add_argument("--clear", action="store_true", help="take the timebox off")

    p = command(
        commands,
        "confidence",
        cmd_confidence,
        "rate, blind, how sure you are a KPI reaches its target (0-10); the facilitator opens and reveals the round",
    )
    p.add_argument("id", metavar="ID")
    p.add_argument("kpi", metavar="KPI", nargs="?", help="KPI id (k1) or name")
    p.add_argument("value", metavar="VALUE", nargs="?", help="0 (no chance) to 10 (sure)")
    round_ = p.add_mutually_exclusive_group()
    round_.add_argument("--open", action="store_true", help="open a round in the KPIs phase (the facilitator)")
    round_.add_argument(
        "--reveal", action="store_true", help="show everyone the ratings, without names (the facilitator)"
    )

    p = command(commands, "templates", cmd_templates, "list the review templates, bundled and your own")
    p.add_argument("--json", action="store_true", help="as JSON, with each file's path and any problems")

    p = command(commands, "actions", cmd_actions, "every action across all sessions, overdue first")
    p.add_argument("--owner", metavar="NAME", help="only this person's")
    p.add_argument("--series", metavar="S", help="only this series' sessions")
    p.add_argument("--open", action="store_true", help="only the open ones")
    p.add_argument("--json", action="store_true", help="as JSON")

    p = command(
        commands,
        "merge-driver",
        cmd_merge_driver,
        "git's merge driver for session files: both sides' new events kept (see the README)",
    )
    p.add_argument("ancestor", metavar="BASE", help="git's %%O: the common ancestor")
    p.add_argument("ours", metavar="OURS", help="git's %%A: ours, where the merge is written")
    p.add_argument("theirs", metavar="THEIRS", help="git's %%B: theirs")

    p = command(commands, "undo", cmd_undo, "take back your latest change in a session (again: the one before)")
    p.add_argument("id", metavar="ID")
    return parser


# ------------------------------------------------------------------------------------ main


def _print_columns(rows: Sequence[tuple[str, ...]]) -> None:
    """Rows of cells (the first is the header), each column as wide as its widest cell."""
    widths = [max(map(len, column)) for column in zip(*rows, strict=True)]
    # One write for the whole table: a listing of 1,000 sessions printed a line at a time spent
    # more on printing than on reading the index.
    _say("\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows))


def _say(text: str, file: TextIO | None = None) -> None:
    """Every line reviewtui prints: text from sessions and arguments never acts on the terminal."""
    print(visible(text), file=file or sys.stdout)


def _say_json(document: object, indent: int | None = 2) -> None:
    _say(json_text(document, indent=indent))


def _warn(message: str, kind: str = "warning") -> None:
    _say(f"{PROG}: {kind}: {message}", sys.stderr)


def _check_arguments(args: argparse.Namespace) -> None:
    """Every text argument, before it is used: valid UTF-8 (else UnicodeError), and nothing in
    it that could act on a terminal it is shown on (InvalidInput naming the option)."""
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                text.encode("utf-8")  # a byte from a terminal in another encoding
                if unsafe_in(text):
                    option = (
                        "--as"
                        if name == "actor"
                        else name.upper()
                        if name in _POSITIONAL
                        else f"--{name.replace('_', '-')}"
                    )
                    check_typed(text, option, limit=len(text))


_POSITIONAL = frozenset(
    {
        "id",
        "title",
        "statement",
        "name",
        "kpi",
        "value",
        "text",
        "action",
        "objective",
        "answer",
        "decision",
        "item",
        "phase",
        "dots",
        "minutes",
        "question",
    }
)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse(sys.argv[1:] if argv is None else list(argv))
    except UsageError as problem:
        _say(f"{PROG}: error: {problem}", sys.stderr)
        return EXIT_USAGE
    except SystemExit as done:  # --help and --version
        return int(done.code or 0)
    try:
        _check_arguments(args)  # before anything is read or written
        # The names anonymous phases write for no one in particular are nobody's to write as.
        try:
            actor = check_name(args.actor or _default_actor())
        except InvalidInput as problem:
            raise InvalidInput("--as", problem.problem) from None
        ctx = Context(
            sessions_dir(args.sessions),
            actor,
            args.theme,
            Path(args.themes_dir) if args.themes_dir else None,
            Path(args.templates_dir) if args.templates_dir else None,
        )
        return args.handler(args, ctx)
    except UsageError as problem:  # found after parsing, e.g. an empty statement
        _say(f"{PROG}: error: {problem}", sys.stderr)
        return EXIT_USAGE
    except ReviewtuiError as problem:
        _say(f"{PROG}: error: {problem}", sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except UnicodeError:  # an argument that is not valid UTF-8 (a terminal in another encoding)
        _say(f"{PROG}: error: an argument is not valid UTF-8 text; nothing was saved", sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `reviewtui export X | head`: the reader left; not an error
        sys.stderr.close()
        return 0
    except Exception as problem:  # the last line of defence: never a traceback
        if os.environ.get("REVIEWTUI_DEBUG"):
            raise
        _say(
            f"{PROG}: error: unexpected {type(problem).__name__}: {problem} "
            "(set REVIEWTUI_DEBUG=1 for details, and please report it)",
            sys.stderr,
        )
        return EXIT_ERROR
