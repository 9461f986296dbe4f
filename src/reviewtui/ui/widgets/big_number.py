"""A number drawn in block letters, as big as asked: a KPI read from the back of the room.

Textual's Digits are three rows at any size; on a projector's 200x60 that is small. This draws a
3x5 pixel font with half blocks (two pixels a cell, top and bottom), scaled: at 2, five rows.
A character the font lacks gives None, and the caller keeps Digits.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget

_FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ".": (".", ".", ".", ".", "#"),
    ",": (".", ".", ".", "#", "#"),
    ":": (".", "#", ".", "#", "."),
    "-": ("...", "...", "###", "...", "..."),
    "—": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "%": ("#.#", "..#", ".#.", "#..", "#.#"),
    " ": ("..", "..", "..", "..", ".."),
}
_HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def block_lines(text: str, scale: int = 2) -> list[str] | None:
    """`text` in block letters, `scale` pixels a font pixel; None if the font lacks a character."""
    if not text or any(character not in _FONT for character in text):
        return None
    pixels: list[list[bool]] = [[] for _ in range(5 * scale)]
    for index, character in enumerate(text):
        glyph = _FONT[character]
        for row in range(5):
            line = ([False] * scale if index else []) + [cell == "#" for cell in glyph[row] for _ in range(scale)]
            for repeat in range(scale):
                pixels[row * scale + repeat] += line
    if len(pixels) % 2:
        pixels.append([False] * len(pixels[0]))
    return [
        "".join(_HALVES[top, bottom] for top, bottom in zip(pixels[row], pixels[row + 1], strict=True))
        for row in range(0, len(pixels), 2)
    ]


class BigNumber(Widget):
    """A value in block letters (see `block_lines`); its height follows the scale."""

    DEFAULT_CSS = """
    BigNumber {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, lines: list[str], classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._lines = lines

    def render(self) -> str:
        return "\n".join(self._lines)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((len(line) for line in self._lines), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)
