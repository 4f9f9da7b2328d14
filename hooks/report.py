"""How the hooks speak: ``path:line: message`` findings and the exit codes.

Exit codes (DESIGN.md): 0 all good, 1 a finding or a rewritten file,
2 cannot decide (bad input, usage error, compiler failure).
"""
from __future__ import annotations

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
