"""Impact: the phase's questions, asked of each objective; answers recorded with who gave them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.application.writing import Change
from reviewtui.domain import changes, names
from reviewtui.domain.events import Event
from reviewtui.domain.review import Answer, Review
from reviewtui.ui.dialogs.confirm import ConfirmDialog
from reviewtui.ui.dialogs.form import Choice, FormDialog, Text
from reviewtui.ui.panes.base import Command, PhasePane
from reviewtui.ui.widgets.field import ChoiceField, Field
from reviewtui.ui.widgets.item_list import ItemList, quoted, set_options_if_changed


class ImpactPane(PhasePane):
    BINDINGS = [
        Binding(
            "delete",
            "remove",
            "Remove",
            tooltip="Remove the answer\nRemove the highlighted answer (after asking)",
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            tooltip="Edit the answer\nReword the highlighted answer, or change who gave it or what it is about",
        ),
    ]

    def __init__(self, phase) -> None:
        super().__init__(phase)
        self.question = phase.questions[0] if phase.questions else phase.purpose

    def compose(self) -> ComposeResult:
        with Horizontal(classes="split"):
            yield ItemList(classes="item-list question-list")
            with Vertical(classes="editor"):
                yield Static(classes="editor-title")
                yield ChoiceField("Given by", [], name="by", prompt="you, or pick who said it", classes="write-only")
                yield ChoiceField("About", [], name="objective", prompt="the whole review", classes="write-only")
                yield Field(
                    "Answer",
                    name="answer",
                    placeholder="What changed, and how do we know?",
                    classes="write-only",
                )
                yield Static(classes="answers-title")
                yield ItemList(classes="answer-list")

    def show(self, review: Review) -> None:
        listing = self.query_one(".question-list", OptionList)
        options = []
        counts = Counter(a.question for a in review.answers.values())
        for index, question in enumerate(self.phase.questions):
            options.append(
                Option(Content.assemble(question, (f"  ({counts[question]})", "$text-muted")), id=str(index))
            )
        highlighted = listing.highlighted
        set_options_if_changed(listing, options)
        listing.highlighted = highlighted if highlighted is not None and highlighted < len(options) else 0
        by = self.query_one(".f-by", ChoiceField)
        view = self.view
        assert view is not None
        # Only the facilitator types for others; in an anonymous phase no one is named.
        by.display = view.permissions.facilitates and self.phase.id not in review.anonymous
        by.set_options(_people(review), by.value if by.value in review.participants else None)
        about = self.query_one(".f-objective", ChoiceField)
        about.set_options(_objectives(review), about.value)
        self._answers(review)

    def _answers(self, review: Review) -> None:
        self.query_one(".editor-title", Static).update(Content.styled(self.question, "bold"))
        voting = review.voting.get(self.phase.id)
        tally = review.tally(self.phase.id) if voting and voting.revealed else None
        by_objective: dict[str | None, list[Answer]] = {}
        for answer in review.answers.values():  # one pass, not one per objective: reviews can be long
            if answer.question == self.question:
                key = answer.objective_id if answer.objective_id in review.objectives else None
                by_objective.setdefault(key, []).append(answer)
        options: list[Option] = []
        for objective_id in [*review.objectives, None]:
            group = by_objective.get(objective_id)
            if not group:
                continue
            if tally is not None:  # the room's priorities: most dots first
                group = sorted(group, key=lambda a: -tally.get(a.id, 0))
            objective = review.objectives.get(objective_id or "")
            heading = objective.statement if objective else "The whole review"
            options.append(Option(Content.styled(heading, "bold $text-muted"), disabled=True))
            options += [Option(self._answer_line(review, a, tally), id=a.id) for a in group]
        listing = self.query_one(".answer-list", OptionList)
        listing.display = bool(options)
        title = self.query_one(".answers-title", Static)
        if not options:
            if self.read_only:
                empty = "No answers yet."
            elif self.view is not None and self.view.role == "participant":
                empty = "No answers yet. Type yours above: the facilitator accepts it into the minutes."
            else:
                empty = "No answers yet. Ask the room, then type what they say."
            title.update(Content.styled(empty, "$text-muted"))
        else:
            closed = " · voting closed" if voting is not None and voting.closed else ""
            keys = "" if self.read_only else "  Tab here: e edits · Del removes"
            title.update(
                Content.assemble(
                    ("Answers", "bold"),
                    (" by dots" if tally is not None else "", "bold"),
                    (closed + keys, "$text-muted"),
                )
            )
        highlighted = listing.highlighted
        set_options_if_changed(listing, options)
        if options:
            first = next((i for i, o in enumerate(options) if not o.disabled), None)
            listing.highlighted = highlighted if highlighted is not None and highlighted < len(options) else first

    def _answer_line(self, review: Review, answer: Answer, tally: dict[str, int] | None) -> Content:
        """The answer, who gave it (not in an anonymous phase), its dots once revealed, and
        whether the facilitator has still to accept it."""
        parts: list[Content | str | tuple[str, str]] = []
        if tally is not None:
            parts.append((f"● {tally.get(answer.id, 0):>2}  ", "bold"))
        parts.append((answer.text, "italic") if answer.proposed else answer.text)
        if self.phase.id not in review.anonymous and answer.by != names.ANONYMOUS:
            parts.append((f" — {answer.by}", "$text-muted"))
        if answer.proposed:
            parts.append(("  proposed", "bold $text-warning"))
        return Content.assemble(*parts)

    @on(OptionList.OptionHighlighted, ".question-list")
    def _question(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.question = self.phase.questions[int(event.option.id)]
            self._answers(self.review)

    @on(OptionList.OptionSelected, ".question-list")
    def _answer_now(self, event: OptionList.OptionSelected) -> None:
        self.query_one(".f-answer", Field).focus()

    @on(OptionList.OptionSelected, ".answer-list")
    def _edit_chosen(self, event: OptionList.OptionSelected) -> None:
        if not self.read_only:
            self.action_edit()

    def focus_default(self) -> None:
        if self.view is not None and self.view.role == "participant":
            self.query_one(".f-answer", Field).focus()  # a participant is here to answer
        else:
            self.query_one(".question-list", OptionList).focus()

    def action_to_list(self) -> None:
        """Esc: the typing is dropped and the focus goes to the questions, for everyone: a
        participant's Esc must end typing too, or their letter keys could never be keys."""
        self.discard_typing()
        self.query_one(".question-list", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("remove", "edit") and self.screen.focused is not self.query_one(".answer-list", OptionList):
            return False  # keys of the answers list, shown while it has the focus
        return super().check_action(action, parameters)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(ChoiceField.Committed)
    def _choice(self, event: ChoiceField.Committed) -> None:
        event.stop()
        event.field.saved(event.value)  # who and about are settings for the next answer, not changes

    @on(Field.Committed, ".f-answer")
    def _committed(self, event: Field.Committed) -> None:
        event.stop()
        if event.field.pending(event.value):
            self.answer(event.field, event.value)

    def answer(self, field: Field, text: str) -> None:
        by_field = self.query_one(".f-by", ChoiceField)
        about = self.query_one(".f-objective", ChoiceField)
        by = by_field.value if by_field.display else None
        objective = about.value
        question = self.question

        def recorded(events: list[Event]) -> None:
            # Who gave it and what it is about are asked afresh for each answer: kept, they sent
            # the next answer to the wrong person.
            by_field.set_value(None)
            about.set_value(None)

        self.record(
            field,
            text,
            lambda r: changes.record_answer(r, question, text, objective=objective, by=by),
            clear=True,
            then=recorded,
        )

    def _chosen_answer(self) -> Answer | None:
        option = self.query_one(".answer-list", OptionList).highlighted_option
        return self.review.answers.get(option.id or "") if option is not None else None

    def action_edit(self) -> None:
        answer = self._chosen_answer()
        if answer is None:
            return
        answer_id, review = answer.id, self.review
        fields: list[Text | Choice] = [Text("Answer", "text", answer.text)]
        if self.view is not None and self.view.permissions.facilitates and self.phase.id not in review.anonymous:
            fields.append(Choice("Given by", "by", _people(review), answer.by, prompt="you"))
        fields.append(Choice("About", "objective", _objectives(review), answer.objective_id, prompt="the whole review"))

        def build(changed: dict[str, str | None]) -> Change:
            by = changed.get("by")
            objective = changed["objective"] or "" if "objective" in changed else None
            return lambda r: changes.update_answer(
                r, answer_id, text=changed.get("text"), by=by if "by" in changed else None, objective=objective
            )

        self.app.push_screen(FormDialog("Edit the answer", fields, build, self.ask))

    def action_remove(self) -> None:
        answer = self._chosen_answer()
        if answer is None:
            return
        answer_id = answer.id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.apply(lambda r: changes.remove_answer(r, answer_id))

        self.app.push_screen(
            ConfirmDialog(f"Remove the answer {quoted(answer.text)}?", "Remove", "ctrl+z brings it back."), confirmed
        )

    def flush(self) -> None:
        field = self.query_one(".f-answer", Field)
        if field.dirty and field.value.strip():
            self.answer(field, field.value)

    def commands(self) -> Iterable[Command]:
        yield from super().commands()
        yield (
            "Answer the question",
            "Type the room's answer to the highlighted question",
            lambda: self.query_one(".f-answer", Field).focus(),
        )


def _people(review: Review) -> list[tuple[str, str]]:
    return [(p.name, p.name) for p in review.participants.values() if p.role != "observer"]


def _objectives(review: Review) -> list[tuple[str, str]]:
    return [(f"{n}. {o.statement}", o.id) for n, o in enumerate(review.objectives.values(), start=1)]
