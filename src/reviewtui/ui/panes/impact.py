"""Impact: the phase's questions, asked of each objective; answers recorded with who gave them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain import changes, meeting
from reviewtui.domain.export.document import Block, Heading, Items, Paragraph, ours, typed
from reviewtui.domain.review import Review
from reviewtui.ui.panes.base import Command, PhasePane
from reviewtui.ui.panes.editor import set_options_if_changed
from reviewtui.ui.widgets.field import ChoiceField, Field
from reviewtui.ui.widgets.minutes_view import MinutesView


class ImpactPane(PhasePane):
    def __init__(self, phase) -> None:
        super().__init__(phase)
        self.question = phase.questions[0] if phase.questions else phase.purpose

    def compose(self) -> ComposeResult:
        with Horizontal(classes="split"):
            yield OptionList(classes="item-list question-list")
            with Vertical(classes="editor"):
                yield Static(classes="editor-title")
                yield ChoiceField("Given by", [], name="by", prompt="pick who said it", classes="write-only")
                yield ChoiceField("About", [], name="objective", prompt="the whole review", classes="write-only")
                yield Field(
                    "Answer",
                    name="answer",
                    placeholder="What changed, and how do we know? Enter records it",
                    classes="write-only",
                )
                yield MinutesView(classes="answers")

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
        people = [(p.name, p.name) for p in review.participants.values() if p.role != "observer"]
        by = self.query_one(".f-by", ChoiceField)
        view = self.view
        assert view is not None
        # Only the facilitator types for others; in an anonymous phase no one is named.
        by.display = view.permissions.facilitates and self.phase.id not in review.anonymous
        # Keep who was picked; else the person at the keyboard; else the first one there.
        names = dict(people)
        first = people[0][1] if people else None
        by.set_options(people, next((n for n in (by.value, view.actor) if n in names), first))
        about = self.query_one(".f-objective", ChoiceField)
        objectives = [(f"{n}. {o.statement}", o.id) for n, o in enumerate(review.objectives.values(), start=1)]
        about.set_options(objectives, about.value)
        self._answers(review)

    def _answers(self, review: Review) -> None:
        self.query_one(".editor-title", Static).update(Content.styled(self.question, "bold"))
        voting = review.voting.get(self.phase.id)
        tally = review.tally(self.phase.id) if voting and voting.revealed else None
        by_objective: dict[str | None, list] = {}
        for answer in review.answers.values():  # one pass, not one per objective: reviews can be long
            if answer.question == self.question:
                key = answer.objective_id if answer.objective_id in review.objectives else None
                by_objective.setdefault(key, []).append(answer)
        # Drawn as a document (only the lines in view): a long review can hold a thousand answers.
        blocks: list[Block] = []
        for objective_id in [*review.objectives, None]:
            group = by_objective.get(objective_id)
            if not group:
                continue
            objective = review.objectives.get(objective_id or "")
            blocks.append(Heading(3, (typed(objective.statement) if objective else ours("The whole review"),)))
            blocks.append(Items(tuple(self._answer_line(review, a, tally) for a in group)))
        if not blocks:
            blocks = [Paragraph((ours("No answers yet. Ask the room, then type what they say.", "muted"),))]
        self.query_one(".answers", MinutesView).update(blocks)

    def _answer_line(self, review: Review, answer, tally: dict[str, int] | None) -> tuple:
        """The answer, who gave it (not in an anonymous phase), its dots once revealed, and
        whether the facilitator has still to accept it."""
        spans = [typed(answer.text)]
        if self.phase.id not in review.anonymous and answer.by != meeting.ANONYMOUS:
            spans.append(typed(f" — {answer.by}", "muted"))
        if tally is not None:
            spans.append(ours(f"  ● {tally.get(answer.id, 0)}", "bold"))
        if answer.proposed:
            spans.append(ours("  (proposed)", "italic"))
        return tuple(spans)

    @on(OptionList.OptionHighlighted, ".question-list")
    def _question(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.question = self.phase.questions[int(event.option.id)]
            self._answers(self.review)

    @on(OptionList.OptionSelected, ".question-list")
    def _answer_now(self, event: OptionList.OptionSelected) -> None:
        self.query_one(".f-answer", Field).focus()

    def focus_default(self) -> None:
        if self.view is not None and self.view.role == "participant":
            self.query_one(".f-answer", Field).focus()  # a participant is here to answer
        else:
            self.query_one(".question-list", OptionList).focus()

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
        by = by_field.value if by_field.display else None
        objective = self.query_one(".f-objective", ChoiceField).value
        question = self.question
        self.record(
            field, text, lambda r: changes.record_answer(r, question, text, objective=objective, by=by), clear=True
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
