"""Objectives: the outcomes sought and why, with the coach's word beside each statement."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from reviewtui.domain import changes
from reviewtui.domain.checks import check_review
from reviewtui.domain.coach import classify
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.kpi import Status
from reviewtui.domain.review import Review
from reviewtui.ui.panes.editor import Builder, EditorPane
from reviewtui.ui.status_marks import status_content
from reviewtui.ui.widgets.coach_hint import CoachHint
from reviewtui.ui.widgets.field import Field
from reviewtui.ui.widgets.item_list import ItemList

VERDICT_MARK = {"outcome": ("✓", "$text-success"), "output": ("!", "$text-warning"), "unclear": ("?", "$text-muted")}


def _status_part(status: Status | None, before: str = "; ", after: str = "") -> list[Content]:
    """An objective's status (`; ◐ at risk`), when it has KPIs; nothing when it has none."""
    if status is None:
        return []
    return [Content.styled(before, "$text-muted"), status_content(status), Content.styled(after, "$text-muted")]


class ObjectivesPane(EditorPane):
    BINDINGS = [
        Binding(
            "ctrl+l",
            "dismiss",
            "Dismiss hint",
            tooltip="Dismiss the coach's hint\nSet aside the coach's findings on this objective",
        )
    ]
    item_word = "an objective"
    collection = "objectives"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="split"):
            yield ItemList(classes="item-list")
            with Vertical(classes="editor"):
                yield Static(classes="editor-title")
                yield Field("Outcome", name="statement", placeholder="What should change, for whom, by how much?")
                yield Field("Why", name="why", placeholder="Why it matters now")
                yield CoachHint(classes="coach-hint")

    def items(self, review: Review) -> Iterable[Option]:
        by_objective = review.kpis_by_objective()
        for number, objective in enumerate(review.objectives.values(), start=1):
            mark, style = VERDICT_MARK[classify(objective.statement).kind]
            kpis = len(by_objective.get(objective.id, ()))
            status = review.objective_status(objective.id)
            yield Option(
                Content.assemble(
                    (f"{mark} ", style),
                    f"{number}. ",
                    objective.statement,
                    (f"  ({kpis} KPI{'s' if kpis != 1 else ''}", "$text-muted"),
                    *(_status_part(status)),
                    (")", "$text-muted"),
                ),
                id=objective.id,
            )

    def load(self, review: Review, force: bool = False) -> None:
        objective = review.objectives.get(self.selected or "")
        title = self.query_one(".editor-title", Static)
        if objective is None:
            self.selected = None
            title.update(Content.styled("New objective: the outcome you are after, then why", "bold"))
        else:
            number = list(review.objectives).index(objective.id) + 1
            status = review.objective_status(objective.id)
            title.update(
                Content.assemble(
                    (f"Objective {number} of {len(review.objectives)}", "bold"),
                    *_status_part(status, "  ", ", as its weakest KPI"),
                )
            )
        self.query_one(".f-statement", Field).set_value(objective.statement if objective else "", force=force)
        self.query_one(".f-why", Field).set_value(objective.why if objective else "", force=force)
        self._hint(objective.statement if objective else "")

    def _hint(self, text: str) -> None:
        findings = [f for f in check_review(self.review) if f.item_id == self.selected] if self.selected else []
        self.query_one(CoachHint).show(classify(text) if text.strip() else None, findings)

    @on(Input.Changed, ".f-statement Input")
    def _typing(self, event: Input.Changed) -> None:
        self._hint(event.value)

    def change_for(self, name: str, value: str | None) -> tuple[Builder, bool]:
        text = value or ""
        if self.selected is None:
            if name != "statement":
                raise InvalidInput(name, "write the outcome first")
            return (lambda r: changes.add_objective(r, text, self._why())), True
        selected = self.selected
        return (lambda r: changes.update_objective(r, selected, **{name: text})), False

    def _why(self) -> str:
        return self.query_one(".f-why", Field).value

    def remove_change(self, item_id: str) -> Builder | None:
        return lambda r: changes.remove_objective(r, item_id)

    def action_dismiss(self) -> None:
        """Set aside the coach's findings on this objective (recorded, so they stay dismissed)."""
        if self.selected is None:
            return
        keys = [f.key for f in check_review(self.review) if f.item_id == self.selected]
        if keys:
            self.apply(lambda r: [changes.dismiss_finding(r, key) for key in keys])
            self.notify("Coach hint dismissed for this objective.", timeout=3)
