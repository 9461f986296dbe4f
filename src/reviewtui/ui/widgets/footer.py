"""The footer of keys, rebuilt only when the keys it shows change.

Textual's Footer rebuilds itself (every key a new widget, each styled twice) at each
`refresh_bindings`, and a phase change asks for that five times: 70-155 ms of a first visit to
a phase (benchmarks/meeting_bench.py). This one rebuilds once per refresh at most, and not at all
when the keys shown, and whether each is enabled, are what it shows already.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    _shown: tuple[object, ...] | None = None
    _asked = False

    def bindings_changed(self, screen: Screen) -> None:
        # Footer.bindings_changed, with the rebuilds of one refresh folded into one.
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen or self._asked:
            return
        self._asked = True
        self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._asked = False
        if not self.is_attached:
            return
        shown = self._keys()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _keys(self) -> tuple[object, ...]:
        """What compose() would draw: each shown binding, its key, its words, whether enabled."""
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )
