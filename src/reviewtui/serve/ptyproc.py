"""One program on a pseudo-terminal of its own: start it at a size, relay bytes, resize, hang up."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import struct
import termios
from collections.abc import Callable

HANGUP_GRACE = 5.0
"""Seconds a hung-up program has to save and leave before it is killed."""


def _set_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", max(1, rows), max(1, cols), 0, 0))


def _take_terminal() -> None:
    # Runs in the child between fork and exec, after setsid(): stdin (the pty) becomes the
    # controlling terminal, so the kernel sends SIGWINCH on a resize and SIGHUP on a hang-up,
    # exactly as under sshd. Only a system call: safe in a process with threads.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyProcess:
    """`argv` on a new pty; output goes to `on_output`, and `on_exit(code)` runs once it ends.

    `on_caught_up()` runs whenever the program has taken every byte written to it so far."""

    def __init__(
        self, on_output: Callable[[bytes], None], on_exit: Callable[[int], None], on_caught_up: Callable[[], None]
    ) -> None:
        self._on_output, self._on_exit, self._on_caught_up = on_output, on_exit, on_caught_up
        self._master = -1
        self._pending = bytearray()  # typed bytes the pty could not take yet
        self._reading = False
        self.process: asyncio.subprocess.Process | None = None
        self.returncode: int | None = None

    async def start(self, argv: list[str], env: dict[str, str], cols: int, rows: int) -> None:
        master, slave = os.openpty()
        try:
            _set_size(master, cols, rows)
            self.process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
                preexec_fn=_take_terminal,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)  # the child holds it now; ours would keep the pty open after it exits
        os.set_blocking(master, False)
        self._master = master
        self.resume_reading()
        self._drain()  # anything typed while the program was starting
        asyncio.get_running_loop().create_task(self._wait())

    def pause_reading(self) -> None:
        """The client is slow: leave output in the pty, which then blocks the program's writes."""
        if self._reading and self._master >= 0:
            asyncio.get_running_loop().remove_reader(self._master)
            self._reading = False

    def resume_reading(self) -> None:
        if not self._reading and self._master >= 0:
            asyncio.get_running_loop().add_reader(self._master, self._readable)
            self._reading = True

    def _readable(self) -> None:
        try:
            data = os.read(self._master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: every holder of the other side has gone; _wait reports the exit
            data = b""
        if data:
            self._on_output(data)
        else:
            self.pause_reading()

    def write(self, data: bytes) -> int:
        """Pass `data` on; returns how many bytes are still waiting for the program to take them."""
        if self.returncode is None:  # kept until the program has started; dropped once it ended
            self._pending += data
            self._flush()
        return len(self._pending)

    def _flush(self) -> None:
        if self._master < 0:
            return
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                written = os.write(self._master, self._pending)
                del self._pending[:written]
        except BlockingIOError:
            loop.add_writer(self._master, self._drain)
            return
        except OSError:  # the program is gone: what it did not read no longer matters
            self._pending.clear()
        loop.remove_writer(self._master)

    def _drain(self) -> None:
        self._flush()
        if not self._pending:
            self._on_caught_up()

    def resize(self, cols: int, rows: int) -> None:
        if self._master >= 0 and cols > 0 and rows > 0:
            _set_size(self._master, cols, rows)  # the kernel tells the program (SIGWINCH)

    async def hang_up(self) -> None:
        """As when an SSH link drops: SIGHUP (reviewtui saves and leaves), then SIGKILL if it lingers."""
        process = self.process
        if process is None or process.returncode is not None:
            return
        _signal_group(process.pid, signal.SIGHUP)
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), HANGUP_GRACE)
        except TimeoutError:
            _signal_group(process.pid, signal.SIGKILL)
            await process.wait()

    async def _wait(self) -> None:
        assert self.process is not None
        code = await self.process.wait()
        # Output written just before the exit may still sit in the pty: pass it on first.
        while self._master >= 0:
            try:
                data = os.read(self._master, 65536)
            except OSError:
                break
            if not data:
                break
            self._on_output(data)
        self.pause_reading()
        loop = asyncio.get_running_loop()
        loop.remove_writer(self._master)
        os.close(self._master)
        self._master = -1
        self._pending.clear()
        self.returncode = code
        self._on_exit(code)


def _signal_group(pid: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # gone already
        os.killpg(pid, number)  # the program leads its own session and group (start_new_session)
