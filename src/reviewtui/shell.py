"""Login shell for a dedicated SSH account: runs reviewtui meetings (join, open, replay) and nothing else."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

PROG = "reviewtui-shell"
REFUSAL = (
    f'{PROG}: this account only runs reviewtui meetings; ask the host for a key line with command="reviewtui join …"'
)

# A meeting is all this account is for; `list`, `export`, `new`… stay with the host's own login.
SUBCOMMANDS = frozenset({"join", "open", "replay"})
# Options the CLI accepts before its command name; each takes one value.
GLOBAL_OPTIONS = frozenset({"--sessions", "--as", "--theme"})
# shlex would quietly turn `join x; sh` into harmless-looking arguments, but a command line that
# reads as shell to a human was not written by the host: refuse it rather than guess.
METACHARACTERS = frozenset(";|&$`<>\n\r\0")


def parse_command(command: str) -> list[str] | None:
    """The arguments to give reviewtui for a `-c` command line, or None when it is refused."""
    if not command.strip() or any(char in METACHARACTERS for char in command):
        return None
    try:
        words = shlex.split(command)
    except ValueError:  # an unclosed quote
        return None
    if not words or not _names_reviewtui(words[0]):
        return None
    args = words[1:]
    i = 0
    while i < len(args):
        word = args[i]
        name = word.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            if "=" in word:
                i += 1
            elif i + 1 < len(args):
                i += 2
            else:
                return None
        elif word in SUBCOMMANDS:
            return args
        else:  # another option (--help, --version) or another command (list, export, new…)
            return None
    return None  # global options only: that is the home screen, with every session in the folder


def _names_reviewtui(word: str) -> bool:
    # Only the name: the gate always runs its own sibling, so a path elsewhere cannot pick a program.
    return word == "reviewtui" or (word.startswith("/") and Path(word).name == "reviewtui")


def reviewtui_program() -> Path | None:
    """The `reviewtui` script installed next to this gate, never one found on $PATH."""
    candidates = []
    launched_as = sys.argv[0] if sys.argv else ""
    if "/" in launched_as:  # a bare name would resolve against the working folder
        candidates.append(Path(launched_as).resolve().parent)  # resolve: the gate may be symlinked
    candidates.append(Path(sys.executable).parent)  # the venv's bin, where pip put both scripts
    for folder in candidates:
        program = folder / "reviewtui"
        if program.is_file() and os.access(program, os.X_OK):
            return program
    return None


def run(argv: Sequence[str]) -> int:
    # sshd runs the account's shell as `shell -c "<command>"` (the forced command of the key, else
    # the client's); with no command it is an interactive login: argv is just ["-reviewtui-shell"].
    if len(argv) != 2 or argv[0] != "-c":
        print(REFUSAL, file=sys.stderr)
        return 1
    args = parse_command(argv[1])
    if args is None:
        print(REFUSAL, file=sys.stderr)
        return 1
    program = reviewtui_program()
    if program is None:
        print(f"{PROG}: error: reviewtui is not installed next to {PROG}; ask the host", file=sys.stderr)
        return 1
    # PYTHONSTARTUP, PYTHONINSPECT, PYTHONPATH… would let whoever controls the environment
    # (an sshd with a broad AcceptEnv) run their own code in the app; it needs none of them.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["REVIEWTUI_CONFINED"] = "1"  # a remote person: their exports go to their clipboard, never a file here
    try:
        os.execve(program, [str(program), *args], env)  # execve: no shell, no $PATH lookup
    except OSError as problem:
        print(f"{PROG}: error: cannot start reviewtui: {problem.strerror}", file=sys.stderr)
        return 1
    return 1  # not reached: execve replaced this process


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        return 130
    except Exception as problem:  # a login shell must never show a traceback
        print(f"{PROG}: error: unexpected {type(problem).__name__}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
