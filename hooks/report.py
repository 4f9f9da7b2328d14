"""How the hooks speak: ``path:line: message`` findings and the exit codes.

Exit codes (DESIGN.md): 0 all good, 1 a finding or a rewritten file,
2 cannot decide (bad input, usage error, compiler failure).
"""
from __future__ import annotations

import argparse
import os
import sys

OK = 0
FINDING = 1
CANNOT_DECIDE = 2


class BadInput(Exception):
    """Input the hooks cannot decide on: reported as ``path:line: message``.

    ``path`` is relative to the repository root (posix separators);
    ``line`` is 1-based (0 when no line applies, printed as 1).
    """

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return located(self.path, self.line, self.message)


def located(path: str, line: int, message: str) -> str:
    return f'{path or "."}:{max(line, 1)}: {message}'


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter without its ``import shutil`` (1.5 ms on every
    run of a hook, for a terminal width that only --help needs)."""

    def __init__(
            self, prog: str, indent_increment: int = 2,
            max_help_position: int = 24, width: int | None = None,
            **kwargs: object,
    ) -> None:
        if width is None:
            try:
                width = int(os.environ['COLUMNS'])
            except (KeyError, ValueError):
                try:
                    width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
                except (AttributeError, ValueError, OSError):
                    width = 80
            width -= 2
        super().__init__(prog, indent_increment, max_help_position, width, **kwargs)  # type: ignore[arg-type]


def decode(data: bytes, path: str) -> str:
    """Decode a text input: UTF-8 with an optional BOM; NUL bytes or other
    encodings are bad input (exit 2), never a traceback."""
    if b'\0' in data:
        line = data[:data.index(b'\0')].count(b'\n') + 1
        raise BadInput(path, line, 'binary file (NUL byte), expected text')
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b'\n') + 1
        raise BadInput(path, line, f'not UTF-8 text (byte 0x{data[e.start]:02x})') from None
    if text.startswith('\ufeff'):
        text = text[1:]
    return text
