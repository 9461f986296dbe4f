"""Store benchmarks: append, open+fold and list, each beside TinyDB's default JSONStorage in the same run.

The baseline does the same job the plain way: `TinyDB(path, indent=2, sort_keys=True)` (the
documented way to get a readable file), which re-reads and re-encodes the whole file on every
insert, and a listing that opens every file because it has no index.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tinydb import TinyDB

from reviewtui.domain.changes import add_note
from reviewtui.domain.events import EVENT_LIST
from reviewtui.domain.fold import fold
from reviewtui.domain.session import SessionInfo
from reviewtui.domain.summary import summarize
from reviewtui.store import SessionStore
from reviewtui.store.layout import render

START = datetime(2026, 10, 7, 9, 0, tzinfo=UTC)


@dataclass
class Row:
    name: str
    ours_ms: float
    base_ms: float | None
    target_ms: float | None = None
    note: str = ""
    unit: str = "ms"

    def cells(self) -> list[str]:
        ratio = f"{self.ours_ms / self.base_ms:.2f}x" if self.base_ms else "—"
        base = f"{self.base_ms:.2f} {self.unit}" if self.base_ms is not None else "—"
        verdict = "" if self.target_ms is None else ("ok" if self.ours_ms <= self.target_ms else "OVER")
        target = f"<= {self.target_ms:.1f} {self.unit} {verdict}" if self.target_ms is not None else ""
        return [self.name, f"{self.ours_ms:.2f} {self.unit}", base, ratio, target, self.note]


def event_documents(count: int) -> list[dict]:
    """A realistic mix: objectives, KPIs, readings, answers, actions, decisions and notes."""
    documents: list[dict] = []

    def add(event_type: str, data: dict, actor: str = "Maya Chen") -> None:
        seq = len(documents) + 1
        at = (START + timedelta(seconds=seq * 7)).isoformat().replace("+00:00", "Z")
        documents.append({"seq": seq, "at": at, "actor": actor, "type": event_type, "data": data})

    add("participant.joined", {"name": "Maya Chen", "role": "facilitator"})
    n = 0
    while len(documents) < count:
        n += 1
        kind = n % 8
        if kind == 0:
            add("objective.added", {"id": f"o{n}", "statement": f"Increase retention of cohort {n}", "why": "Revenue"})
        elif kind == 1:
            add(
                "kpi.added",
                {
                    "id": f"k{n}",
                    "name": f"Retention {n}",
                    "objective_id": None,
                    "unit": "%",
                    "baseline": 31.0,
                    "target": 40.0,
                    "direction": "increase",
                },
            )
        elif kind in (2, 3):
            add(
                "kpi.measured",
                {"id": f"k{n - kind + 1}", "value": 30 + n % 10, "note": "weekly", "source": "BI"},
                "Jonas Weber",
            )
        elif kind == 4:
            add(
                "answer.recorded",
                {
                    "id": f"r{n}",
                    "question": "What changed because of this work?",
                    "text": "Fewer setup tickets since the checklist shipped.",
                    "objective_id": None,
                    "by": "Priya",
                },
            )
        elif kind == 5:
            add(
                "action.added",
                {
                    "id": f"a{n}",
                    "text": "Interview churned customers",
                    "owner": "Tom",
                    "due": "2026-11-30",
                    "status": "open",
                    "objective_id": None,
                    "kpi_id": None,
                    "origin_session": None,
                },
            )
        elif kind == 6:
            add(
                "decision.recorded",
                {
                    "id": f"d{n}",
                    "text": "Pause the upsell campaign",
                    "rationale": "No effect",
                    "owner": "Ana",
                    "revisit_if": None,
                },
            )
        else:
            add("note.added", {"text": f"Note {n}: dashboard link shared in #growth"})
    return documents[:count]


def write_session(
    root: Path, session_id: str, events: int, documents: list[dict] | None = None, series: str = "Growth"
) -> Path:
    info = SessionInfo(
        id=session_id,
        title=f"Review {session_id}",
        template="outcome-review",
        series=series,
        created_at=START,
        facilitator="Maya Chen",
    )
    documents = event_documents(events) if documents is None else documents
    tables = {"events": {str(d["seq"]): d for d in documents}, "session": {"1": info.document()}}
    path = root / f"{session_id}.json"
    path.write_text(render(tables), encoding="utf-8")
    return path


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def baseline_open_fold(path: Path):
    with TinyDB(path, indent=2, sort_keys=True, access_mode="r") as db:
        session = db.table("session").all()[0]
        events = db.table("events").all()
    info = SessionInfo.model_validate(session)
    return fold(info, EVENT_LIST.validate_python(sorted((dict(e) for e in events), key=lambda e: e["seq"])))


def bench_append(work: Path, size: int, repeats: int) -> list[Row]:
    ours_dir, base_dir = work / f"append-{size}", work / f"append-base-{size}"
    ours_dir.mkdir()
    base_dir.mkdir()
    session_id = f"2026-10-07-bench-{size}"
    write_session(ours_dir, session_id, size)
    base_path = base_dir / "base.json"
    shutil.copy(ours_dir / f"{session_id}.json", base_path)

    warm_store = SessionStore(ours_dir, use_index=False)
    warm_store.load(session_id)
    warm = timed(lambda: warm_store.append(session_id, "Maya", lambda r: add_note(r, "bench")), repeats)
    # Another process wrote last: nothing is cached, the whole file is decoded and checked.
    cold = timed(
        lambda: SessionStore(ours_dir, use_index=False).append(session_id, "Maya", lambda r: add_note(r, "bench")),
        repeats,
    )

    def baseline() -> None:
        with TinyDB(base_path, indent=2, sort_keys=True) as db:
            db.table("events").insert(
                {
                    "seq": 0,
                    "at": "2026-10-07T09:00:00Z",
                    "actor": "Maya",
                    "type": "note.added",
                    "data": {"text": "bench"},
                }
            )

    base = timed(baseline, repeats)
    target = 10.0 if size == 1000 else None
    return [
        Row(
            f"append 1 event to {size:,} (median)",
            median(warm),
            median(base),
            target,
            note=f"p95 {statistics.quantiles(warm, n=20)[-1]:.2f} ms; fsync x2 included",
        ),
        Row(
            "  … after another process wrote", median(cold), median(base), None, note="decode + validate the whole file"
        ),
    ]


def bench_open_fold(work: Path, size: int, repeats: int) -> list[Row]:
    folder = work / "open"
    folder.mkdir()
    session_id = f"2026-10-07-open-{size}"
    path = write_session(folder, session_id, size)
    ours = timed(lambda: SessionStore(folder, use_index=False).load(session_id).review, repeats)
    base = timed(lambda: baseline_open_fold(path), repeats)
    tracemalloc.start()
    _ = SessionStore(folder, use_index=False).load(session_id).review  # folded while traced
    ours_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.reset_peak()
    baseline_open_fold(path)
    base_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return [
        Row(
            f"open + fold {size:,} events (median)",
            median(ours),
            median(base),
            150.0,
            note=f"peak memory {ours_peak:.1f} MiB vs {base_peak:.1f} MiB",
        )
    ]


def bench_list(work: Path, sessions: int, events_each: int, repeats: int) -> list[Row]:
    folder = work / "list"
    folder.mkdir()
    for n in range(sessions):
        write_session(folder, f"2026-10-07-session-{n:04d}", events_each)
    cache = work / "cache"

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        SessionStore(folder, cache_dir=cache).list()

    def warm() -> None:
        SessionStore(folder, cache_dir=cache).list()

    def baseline() -> None:
        summaries = [summarize(baseline_open_fold(path)) for path in folder.glob("*.json")]
        summaries.sort(key=lambda s: s.created_at, reverse=True)

    cold_ms = timed(cold, max(1, repeats // 4))
    cold()
    warm_ms = timed(warm, repeats)
    base_ms = timed(baseline, max(1, repeats // 4))
    return [
        Row(
            f"list {sessions:,} sessions, cold index",
            median(cold_ms),
            median(base_ms),
            note=f"{events_each} events each; reads and summarises every file",
        ),
        Row(
            f"list {sessions:,} sessions, warm index",
            median(warm_ms),
            median(base_ms),
            150.0,
            note="stats every file, reads none",
        ),
    ]


def run(quick: bool = False) -> list[Row]:
    repeats = 5 if quick else 30
    with tempfile.TemporaryDirectory(prefix="reviewtui-bench-") as temp:
        work = Path(temp)
        rows: list[Row] = []
        for size in (100, 1000, 5000):
            rows += bench_append(work, size, repeats if size < 5000 else max(5, repeats // 3))
        rows += bench_open_fold(work, 5000, max(3, repeats // 3))
        rows += bench_list(work, 100 if quick else 1000, 40, max(3, repeats // 3))
    return rows


def table(title: str, rows: list[Row]) -> str:
    header = ["operation", "reviewtui", "baseline", "ratio", "target", "notes"]
    body = [row.cells() for row in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table("Store (baseline: TinyDB JSONStorage, indent=2, sort_keys=True)", run()))
    print(json.dumps({"note": "times are medians of repeated runs in this process"}))
