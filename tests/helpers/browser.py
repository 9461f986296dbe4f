"""A real browser for the tests: Debian's headless Chromium, driven over the DevTools protocol.

Only what the web tests need (open a tab, read its text, type, take a screenshot, close the tab),
over the websocket aiohttp already gives us (the web extra): no WebDriver, no browser download.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import threading
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

_ESCAPES = re.compile(r"\x1b\[[0-9;?<>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
"""Installed by .ci/run (Debian's package)."""


class Browser:
    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self.received: dict[str, bytearray] = {}
        """Per tab (its DevTools session): the bytes its page's websocket received, the terminal's output."""
        self.requested: dict[str, list[str]] = {}
        """Per tab: every URL its page asked for (Network.requestWillBeSent)."""
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._socket:
            said = json.loads(message.data)
            if said.get("method") == "Network.requestWillBeSent":
                self.requested.setdefault(said.get("sessionId", ""), []).append(said["params"]["request"]["url"])
                continue
            if said.get("method") == "Network.webSocketFrameReceived":
                frame = said["params"]["response"]
                data = frame["payloadData"]
                # Binary frames (opcode 2) come base64-encoded: textual-serve sends the screen so.
                chunk = base64.b64decode(data) if frame.get("opcode") == 2 else data.encode()
                self.received.setdefault(said.get("sessionId", ""), bytearray()).extend(chunk)
                continue
            future = self._waiting.pop(said.get("id", -1), None)
            if future is not None and not future.done():
                if "error" in said:
                    future.set_exception(RuntimeError(said["error"]))
                else:
                    future.set_result(said.get("result", {}))

    async def send(self, method: str, session: str | None = None, **params: Any) -> dict:
        number = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        await self._socket.send_str(json.dumps(message))
        return await asyncio.wait_for(future, 30)

    async def open_tab(self, url: str, width: int = 1280, height: int = 800) -> Tab:
        target = (await self.send("Target.createTarget", url="about:blank"))["targetId"]
        session = (await self.send("Target.attachToTarget", targetId=target, flatten=True))["sessionId"]
        tab = Tab(self, target, session)
        await self.send(
            "Emulation.setDeviceMetricsOverride", session, width=width, height=height, deviceScaleFactor=1, mobile=False
        )
        await self.send("Page.enable", session)
        await self.send("Network.enable", session)  # to read what the page's websocket receives
        await self.send("Page.navigate", session, url=url)
        return tab

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


class Tab:
    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser, self.target, self.session = browser, target, session

    async def evaluate(self, expression: str) -> Any:
        said = await self.browser.send("Runtime.evaluate", self.session, expression=expression, returnByValue=True)
        return said.get("result", {}).get("value")

    def text(self) -> str:
        """The text the page's terminal was sent to draw, escape sequences taken out. (xterm.js
        draws on a canvas: there is no text in the page to read.)"""
        output = bytes(self.browser.received.get(self.session, b"")).decode("utf-8", "replace")
        return _ESCAPES.sub("", output)

    async def drawn(self) -> bool:
        """The page has drawn the terminal's first bytes (textual.js marks the body so)."""
        return bool(await self.evaluate("document.body.classList.contains('-first-byte')"))

    async def wait_for_text(self, wanted: str, seconds: float = 30) -> str:
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        text = ""
        while loop.time() < end:
            text = self.text()
            if wanted in text and await self.drawn():
                return text
            await asyncio.sleep(0.2)
        raise AssertionError(f"{wanted!r} never drawn; the page showed:\n{text}")

    @property
    def requested(self) -> list[str]:
        return self.browser.requested.get(self.session, [])

    async def loaded(self, seconds: float = 20) -> None:
        """Wait until the page has loaded."""
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while await self.evaluate("document.readyState") != "complete":
            assert loop.time() < end, "the page never loaded"
            await asyncio.sleep(0.1)

    async def print_to_pdf(self) -> bytes:
        said = await self.browser.send("Page.printToPDF", self.session, printBackground=True)
        return base64.b64decode(said["data"])

    async def prefer(self, scheme: str) -> None:
        """As a person whose system is set to `light` or `dark`."""
        await self.browser.send(
            "Emulation.setEmulatedMedia", self.session, features=[{"name": "prefers-color-scheme", "value": scheme}]
        )

    async def screenshot(self) -> bytes:
        said = await self.browser.send("Page.captureScreenshot", self.session, format="png")
        return base64.b64decode(said["data"])

    async def click(self, x: int, y: int) -> None:
        """A click, as a person gives the page their keys: xterm.js takes focus on it."""
        for kind in ("mousePressed", "mouseReleased"):
            await self.browser.send(
                "Input.dispatchMouseEvent", self.session, type=kind, x=x, y=y, button="left", clickCount=1
            )

    async def type(self, text: str) -> None:
        """Keys as a person types them: each a keydown with its character, then a keyup."""
        for character in text:
            await self.browser.send(
                "Input.dispatchKeyEvent", self.session, type="keyDown", text=character, key=character
            )
            await self.browser.send("Input.dispatchKeyEvent", self.session, type="keyUp", key=character)

    async def press(self, key: str, code: str, key_code: int, modifiers: int = 0) -> None:
        """A key without a character (Enter, Escape, ctrl+…): DOM key, code and keyCode."""
        for kind in ("rawKeyDown", "keyUp"):
            await self.browser.send(
                "Input.dispatchKeyEvent",
                self.session,
                type=kind,
                key=key,
                code=code,
                windowsVirtualKeyCode=key_code,
                modifiers=modifiers,
            )

    async def close(self) -> None:
        await self.browser.send("Target.closeTarget", targetId=self.target)


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    assert CHROMIUM, "Chromium is not installed (.ci/run installs Debian's chromium)"
    # Chromium's helpers may still write to the profile as it is removed: what is left is harmless.
    with tempfile.TemporaryDirectory(prefix="reviewtui-chromium-", ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",  # root in CI's container: Chromium's sandbox needs user namespaces
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            address = await asyncio.to_thread(_devtools_address, process)
            async with aiohttp.ClientSession() as http, http.ws_connect(address, max_msg_size=0) as socket:
                browser = Browser(socket)
                try:
                    yield browser
                finally:
                    await browser.close()
        finally:
            process.kill()
            process.wait()


def _devtools_address(process: subprocess.Popen) -> str:
    assert process.stderr is not None
    for line in process.stderr:
        found = re.search(r"DevTools listening on (ws://\S+)", line)
        if found:
            # Read on, or Chromium blocks on a full pipe once it has logged 64 KiB.
            threading.Thread(target=lambda: process.stderr.read(), daemon=True).start()  # type: ignore[union-attr]
            return found.group(1)
    raise AssertionError("Chromium ended before it listened for DevTools")


def distinct_colours(png: bytes) -> int:
    """How many colours a screenshot holds (a blank page: one or two). Reads the 8-bit RGB or
    RGBA, non-interlaced PNGs Chromium writes; nothing else is needed."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, data = 8, bytearray()
    width = height = channels = 0
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            depth, colour_type, interlace = body[8], body[9], body[12]
            assert depth == 8 and colour_type in (2, 6) and interlace == 0, "a PNG this reader does not know"
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            data.extend(body)
        position += 12 + length
    raw = zlib.decompress(bytes(data))
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):  # undo the row's filter (PNG spec, section 9)
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - up_left
                near = min((abs(guess - left), 0), (abs(guess - up), 1), (abs(guess - up_left), 2))[1]
                line[i] = (line[i] + (left, up, up_left)[near]) & 0xFF
        if row % 4 == 0:  # every fourth row is plenty to tell a page from a blank one
            colours.update(bytes(line[i : i + 3]) for i in range(0, stride, channels * 2))
        previous = line
    return len(colours)
