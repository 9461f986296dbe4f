"""Actions: who does what by when, and which KPI or objective it should move."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from reviewtui.domain import changes
from reviewtui.domain.checks import check_review
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.expectations import stated, try_expect
from reviewtui.domain.review import Action, Review
from reviewtui.domain.series import Threads, judge
from reviewtui.ui.panes.editor import Builder, EditorPane
from reviewtui.ui.status_marks import ACTION_MARK, VERDICT_STYLE
from reviewtui.ui.widgets.coach_hint import CoachHint
from reviewtui.ui.widgets.field import ChoiceField, Field
from reviewtui.ui.widgets.item_list import ItemList


def link_options(review: Review) -> list[tuple[str, str]]:
    """What an action can move: each KPI (k:ID) and each objective (o:ID)."""
    options = [(f"KPI: {k.name}", f"k:{k.id}") for k in review.kpis.values()]
    options += [(f"Objective: {o.statement}", f"o:{o.id}") for o in review.objectives.values()]
    return options


def link_of(action: Action | None) -> str | None:
    if action is None:
        return None
    if action.kpi_id:
        return f"k:{action.kpi_id}"
    return f"o:{action.objective_id}" if action.objective_id else None


class ActionsPane(EditorPane):
    BINDINGS = [
        Binding("d", "status('done')", "Done", tooltip="Mark the action done\nClose the selected action as done"),
        Binding("x", "status('dropped')", "Drop", tooltip="Drop the action\nClose the selected action as dropped"),
        Binding(
            "o", "status('open')", "Reopen", show=False, tooltip="Reopen the action\nOpen the selected action again"
        ),
    ]
    item_word = "an action"
    collection = "actions"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="split"):
            yield ItemList(classes="item-list")
            with Vertical(classes="editor"):
                yield Static(classes="editor-title")
                yield Field("Action", name="text", placeholder="Who does what: a verb and a thing")
                yield ChoiceField("Owner", [], name="owner", prompt="nobody yet")
                yield Field("Due", name="due", placeholder="YYYY-MM-DD")
                yield ChoiceField("Moves", [], name="link", prompt="nothing yet: which outcome?")
                yield Field("Expects", name="expect", placeholder="of its KPI: +5, -3, >= 40 or <= 12")
                yield Field("Expect by", name="expect_by", placeholder="YYYY-MM-DD: when it should hold")
                yield Static(classes="action-status")
                yield CoachHint(classes="coach-hint")

    def items(self, review: Review) -> Iterable[Option]:
        tally = self._tally(review)
        ranked = (
            sorted(review.actions.values(), key=lambda a: -tally.get(a.id, 0)) if tally else review.actions.values()
        )
        for action in ranked:
            mark, style = ACTION_MARK[action.status]
            details = ", ".join(x for x in (action.owner, action.due.isoformat() if action.due else None) if x)
            yield Option(
                Content.assemble(
                    (f"● {tally.get(action.id, 0):>2}  ", "bold") if tally else "",
                    (f"{mark} ", style),
                    (action.text, "italic") if action.proposed else action.text,
                    (f"  {details}" if details else "", "$text-muted"),
                    ("  proposed" if action.proposed else "", "bold $text-warning"),
                ),
                id=action.id,
            )

    def _tally(self, review: Review) -> dict[str, int]:
        """Once the votes are revealed (or closed): each action's dots, the list sorted by them."""
        voting = review.voting.get(self.phase.id)
        return review.tally(self.phase.id) if voting is not None and voting.revealed else {}

    def load(self, review: Review, force: bool = False) -> None:
        action = review.actions.get(self.selected or "")
        if action is None:
            self.selected = None
        title = self.query_one(".editor-title", Static)
        if action is None:
            title.update(Content.styled("New action: what, who, by when", "bold"))
        elif action.proposed:
            title.update(
                Content.assemble(
                    ("Proposed action", "bold $text-warning"),
                    (f"  by {action.author}, not yet accepted (ctrl+r)", "$text-muted"),
                )
            )
        else:
            number = list(review.actions).index(action.id) + 1
            title.update(Content.styled(f"Action {number} of {len(review.actions)}", "bold"))
        self.query_one(".f-text", Field).set_value(action.text if action else "", force=force)
        self.query_one(".f-due", Field).set_value(action.due.isoformat() if action and action.due else "", force=force)
        self.query_one(".f-expect", Field).set_value(action.expect or "" if action else "", force=force)
        self.query_one(".f-expect_by", Field).set_value(
            action.expect_by.isoformat() if action and action.expect_by else "", force=force
        )
        people = [(p.name, p.name) for p in review.participants.values() if p.role != "observer"]
        owner, link = self.query_one(".f-owner", ChoiceField), self.query_one(".f-link", ChoiceField)
        if action is not None or force:
            owner.set_options(people, action.owner if action else None)
            link.set_options(link_options(review), link_of(action))
        else:  # a new action: keep what was picked for it
            owner.set_options(people, owner.value)
            link.set_options(link_options(review), link.value)
        status = self.query_one(".action-status", Static)
        if action is None:
            status.update("")
        else:
            mark, style = ACTION_MARK[action.status]
            lines = [
                Content.assemble(("Status  ", "$text-muted"), (f"{mark} {action.status}", style)),
                Content.styled("Keys in the list: d done · x drop · o reopen", "$text-muted"),
            ]
            if action.carried_from:
                lines.append(
                    Content.styled(f"Carried over from {self._session_title(action.carried_from)}", "$text-muted")
                )
            lines += self._expectation(review, action)
            status.update(Content("\n").join(lines))
        findings = [f for f in check_review(review) if f.item_id == self.selected] if action else []
        self.query_one(CoachHint).show(None, findings)

    def _expectation(self, review: Review, action: Action) -> list[Content]:
        """What the action expects of its KPI, and once it is done, whether that held."""
        kpi = review.kpis.get(action.kpi_id or "")
        expect = try_expect(action.expect)
        if kpi is None or expect is None:
            return []
        line = Content.assemble(
            ("Expects ", "$text-muted"),
            stated(expect, action.expect_from, action.expect_by, kpi.unit),
            f" of {kpi.name}",
        )
        threads = self.view.threads if self.view is not None and self.view.threads else Threads([review])
        judged = judge(action, threads.history(review, kpi.id), review.day)
        if action.status != "done" or judged is None:
            return [line]
        style = VERDICT_STYLE[judged.verdict]
        said = judged.outcome(kpi.unit)
        return [line, Content.assemble(("Verdict  ", "$text-muted"), (judged.verdict, f"bold {style}"), f" {said}")]

    def _session_title(self, session_id: str) -> str:
        """An earlier session of the series by its title and date (never its id)."""
        earlier = self.view.earlier if self.view is not None else None
        found = next((r.session for r in earlier or () if r.session.id == session_id), None)
        return f"{found.title} ({found.created_at:%Y-%m-%d})" if found else "the last session"

    def remove_change(self, item_id: str) -> Builder | None:
        return lambda r: changes.remove_action(r, item_id)

    def change_for(self, name: str, value: str | None) -> tuple[Builder | None, bool]:
        selected = self.selected
        if selected is None:
            if name in ("owner", "link"):
                return None, False  # used when the action is created
            if name != "text":
                raise InvalidInput(name, "write the action first")
            text = value or ""
            owner = self.query_one(".f-owner", ChoiceField).value
            link = self.query_one(".f-link", ChoiceField).value or ""
            kpi = link[2:] if link.startswith("k:") else None
            objective = link[2:] if link.startswith("o:") else None
            return (lambda r: changes.add_action(r, text, owner=owner, kpi=kpi, objective=objective)), True
        if name == "link":
            link = value or ""
            # A KPI's objective comes with it (domain.changes.update_action).
            fields = {
                "kpi": link[2:] if link.startswith("k:") else None,
                "objective": link[2:] if link.startswith("o:") else None,
            }
            return (lambda r: changes.update_action(r, selected, **fields)), False
        return (lambda r: changes.update_action(r, selected, **{name: value})), False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "status" and not (self.view is not None and self.view.permissions.facilitates):
            return False  # a participant proposes actions; closing them is the facilitator's
        return super().check_action(action, parameters)

    def action_status(self, status: str) -> None:
        if self.selected is None:
            return
        selected = self.selected  # a refusal (removed meanwhile by someone else) is said by the screen
        self.apply(lambda r: changes.set_action_status(r, selected, status))
