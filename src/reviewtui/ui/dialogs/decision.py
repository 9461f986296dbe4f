"""Record a decision from any phase: text, rationale, owner, revisit condition; each field commits alone."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from reviewtui.application.open_session import OpenSession
from reviewtui.domain import changes
from reviewtui.domain.errors import InvalidInput
from reviewtui.ui.widgets.field import ChoiceField, Field


class DecisionDialog(ModalScreen[None]):
    BINDINGS = [
        Binding("ctrl+s,ctrl+d", "done", "Save and close", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, session: OpenSession, apply, decision_id: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self._apply = apply
        self.decision_id = decision_id
        self._warned = False

    def compose(self) -> ComposeResult:
        review = self.session.review
        decision = review.decisions.get(self.decision_id or "")
        people = [(p.name, p.name) for p in review.participants.values() if p.role != "observer"]
        with Vertical(classes="dialog wide"):
            yield Label(
                Content.styled("Edit decision" if decision else "Record a decision", "bold"), classes="dialog-title"
            )
            yield Field(
                "Decision", name="text", value=decision.text if decision else "", placeholder="What did we decide?"
            )
            yield Field(
                "Rationale",
                name="rationale",
                value=decision.rationale if decision else "",
                placeholder="Why: the evidence or trade-off",
            )
            yield ChoiceField(
                "Owner", people, name="owner", value=decision.owner if decision else None, prompt="nobody"
            )
            yield Field(
                "Revisit if",
                name="revisit_if",
                value=(decision.revisit_if or "") if decision else "",
                placeholder="e.g. Activation rate < 30",
            )
            yield Static(
                Content.styled(
                    "Each field is saved when you press Enter or leave it. ctrl+s saves and closes; Esc cancels "
                    "what is not saved yet.",
                    "$text-muted",
                ),
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        self.query_one(Field).focus()

    @on(Field.Committed)
    @on(ChoiceField.Committed)
    def _committed(self, event: Field.Committed | ChoiceField.Committed) -> None:
        event.stop()
        if event.field.pending(event.value):
            self.commit(event.field, event.value)

    def commit(self, field: Field | ChoiceField, value: str | None) -> None:
        name = field.name or ""
        decision_id = self.decision_id
        try:
            if decision_id is None:
                if name != "text":
                    if name == "owner":
                        return  # kept for when the decision is written
                    raise InvalidInput(name, "write the decision first")
                owner = self.query_one(".f-owner", ChoiceField).value
                events = self._apply(lambda r: changes.record_decision(r, value or "", owner=owner))
                if events:
                    self.decision_id = events[0].data.id
            else:
                events = self._apply(lambda r: changes.update_decision(r, decision_id, **{name: value}))
        except InvalidInput as problem:
            field.reject(problem.problem)
            return
        if events is not None:
            field.saved(value)
        else:
            field.reject(None)

    def action_done(self) -> None:
        """Save what was typed and close; a field that cannot be saved is said once, then let go."""
        self.flush()
        refused = [f for f in self.query(Field) if f.has_class("-invalid") and f.dirty]
        if refused and not self._warned:
            self._warned = True
            names = ", ".join(f.label for f in refused)
            self.notify(f"Not saved: {names}. Esc again to leave without it.", severity="warning", timeout=6)
            return
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Esc: leave, dropping what was typed and not saved, after asking if there is any."""
        unsaved = [f for f in self.query(Field) if f.dirty]
        if not unsaved:
            self.dismiss(None)
            return
        what = "the decision you were writing" if self.decision_id is None else ", ".join(f.label for f in unsaved)

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        from reviewtui.ui.dialogs.confirm import ConfirmDialog

        self.app.push_screen(ConfirmDialog(f"Leave without saving {what}?", "Leave"), answered)

    def flush(self) -> None:
        for field in self.query(Field):
            if field.dirty:
                self.commit(field, field.value)
