"""The coach's word on a statement, shown beside it: never blocking, and dismissable."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.checks import Finding
from reviewtui.domain.coach import Verdict

_MARK = {"outcome": "✓ outcome", "output": "! output", "unclear": "? unclear"}


class CoachHint(Static):
    """Verdict and findings for the item in front of the room."""

    DEFAULT_CSS = """
    CoachHint { height: auto; }
    """

    _shown: tuple | None = None

    def show(self, verdict: Verdict | None, findings: Sequence[Finding] = ()) -> None:
        key = (verdict, tuple(findings))
        if key == self._shown:
            return  # typing rarely changes the verdict: no update, no relayout
        self._shown = key
        lines: list[Content] = []
        if verdict is not None:
            head = Content.assemble((_MARK[verdict.kind], "bold"), " — ", verdict.reason)
            lines.append(head)
            if verdict.suggestion and verdict.kind != "outcome":
                lines.append(Content.assemble(("Try: ", "italic"), verdict.suggestion))
        for finding in findings:
            if finding.check == "objective-is-output":
                continue  # the verdict above says it already
            lines.append(Content.assemble(("• ", "bold"), finding.message))
        for kind in ("outcome", "output", "unclear"):
            self.set_class(verdict is not None and verdict.kind == kind, f"-{kind}")
        self.display = bool(lines)
        self.update(Content("\n").join(lines) if lines else Content(""))
