"""The two ways a compile ends early (README.md, "`requirements-compile`"):
the compiler could not produce the file, or SIGTERM or SIGHUP stopped us."""
from __future__ import annotations

from collections.abc import Sequence


class CompileError(Exception):
    """The compiler could not produce requirements.txt (exit 2).  ``tail``
    holds the last lines of its output, ``output`` all of it (shown with
    ``--verbose``; hooks.compile.failure makes one line of it otherwise)."""

    def __init__(self, message: str, tail: Sequence[str] = (), output: str = '') -> None:
        super().__init__(message)
        self.message = message
        self.tail = list(tail)
        self.output = output

    def __str__(self) -> str:
        return self.message


class NotInstalled(CompileError):
    """The compiler ``tool`` (pip-tools, uv) is not in the hook's
    environment (hooks.compile.command.find_program)."""

    def __init__(self, message: str, tool: str) -> None:
        super().__init__(message)
        self.tool = tool


class Terminated(BaseException):
    """SIGTERM or SIGHUP, turned into an exception so that cleanups run (like
    KeyboardInterrupt for SIGINT)."""
