"""The phase stepper: every phase of the template in order, where we are, and where we have been."""

from __future__ import annotations

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from reviewtui.domain.templates import Phase

_SEPARATOR = " › "


class Stepper(Widget):
    DEFAULT_CSS = """
    Stepper { height: 1; }
    """

    current: reactive[str] = reactive("")

    class Selected(Message):
        def __init__(self, phase_id: str) -> None:
            super().__init__()
            self.phase_id = phase_id

    def __init__(self, phases: tuple[Phase, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.phases = phases
        self._spans: list[tuple[int, int, str]] = []

    def _labels(self, width: int) -> list[str]:
        """Numbered titles if they fit; else titles alone; else numbers but for the current phase."""
        numbered = [f"{n}. {p.title}" for n, p in enumerate(self.phases, start=1)]
        titles = [p.title for p in self.phases]
        for labels in (numbered, titles):
            if len(_SEPARATOR.join(labels)) + 4 <= width:
                return labels
        return [
            label if p.id == self.current else str(n)
            for n, (p, label) in enumerate(zip(self.phases, numbered), start=1)
        ]

    def render(self) -> Content:
        index = next((i for i, p in enumerate(self.phases) if p.id == self.current), 0)
        parts: list[Content | str | tuple[str, str]] = [" "]
        self._spans = []
        offset = 1
        for i, (phase, label) in enumerate(zip(self.phases, self._labels(self.size.width))):
            if i:
                parts.append((_SEPARATOR, "$text-muted"))
                offset += len(_SEPARATOR)
            if i == index:
                style = "bold $text-accent"
                label = f"▶ {label}"
            elif i < index:
                style = "$text-success"
            else:
                style = "$text-muted"
            parts.append((label, style))
            self._spans.append((offset, offset + len(label), phase.id))
            offset += len(label)
        return Content.assemble(*parts)

    def on_click(self, event: Click) -> None:
        for start, end, phase_id in self._spans:
            if start <= event.x < end:
                self.post_message(self.Selected(phase_id))
                return
