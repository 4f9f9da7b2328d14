"""Which compiler a compiled file gets, and what the options digest covers
(README.md, "`requirements-compile`" and "The fingerprint").

Read on requirements-compile's fast path (every compiled file, fresh or
not), so it imports nothing the fast path does not already hold.
"""
from __future__ import annotations

from hooks.compiled import Compiled


def tool_for(project: Compiled, chosen: str | None) -> str | None:
    """The compiler for ``project``: the one chosen, else the one its header
    records, else pip-tools (None)."""
    if chosen is not None:
        return chosen
    return 'uv' if project.tool == 'uv' else None


def options_argv(compiler: str | None, command: str | None, extra: list[str]) -> list[str]:
    """What the options digest covers: the compiler and its arguments."""
    if command is not None:
        import shlex  # only for --command: the fast path reads no shell words
        try:
            return [*shlex.split(command), *extra]
        except ValueError:
            return [command, *extra]
    return ['uv' if compiler == 'uv' else 'pip-compile', *extra]
