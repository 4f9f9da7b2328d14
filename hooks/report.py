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


# pip's byte order marks (pip._internal.req.req_file.BOMS), longest
# first: the UTF-32-LE mark starts with the UTF-16-LE one
_BOMS = (
    (b'\xef\xbb\xbf', 'utf-8'),
    (b'\x00\x00\xfe\xff', 'utf-32-be'), (b'\xff\xfe\x00\x00', 'utf-32-le'),
    (b'\xfe\xff', 'utf-16-be'), (b'\xff\xfe', 'utf-16-le'),
)
_SPACE = b' \t\n\r\f\v'


def _coding(data: bytes) -> str | None:
    """The PEP 263 encoding a ``# coding=...`` comment in the first two
    lines names, found as pip finds it (``coding[:=]\\s*([-\\w.]+)`` in a
    line that starts with ``#``), without ``re``."""
    if b'coding' not in data[:400]:
        return None
    for line in data.split(b'\n', 2)[:2]:
        if line[:1] != b'#':
            continue
        at = line.find(b'coding')
        while at >= 0:
            rest = line[at + 6:]
            if rest[:1] in (b':', b'='):
                rest = rest[1:].lstrip(_SPACE)
                n = 0
                while n < len(rest) and (rest[n:n + 1].isalnum() or rest[n:n + 1] in b'-_.'):
                    n += 1
                if n:
                    return rest[:n].decode('ascii')
            at = line.find(b'coding', at + 1)
    return None


def decode(data: bytes, path: str) -> str:
    """Decode a text input as pip decodes a requirement file: a BOM (UTF-8,
    UTF-16, UTF-32) decides, then a PEP 263 ``# -*- coding: latin-1 -*-``
    comment in the first two lines, else UTF-8.  NUL characters, bytes the
    encoding cannot decode, or an unknown encoding are bad input (exit 2),
    never a traceback."""
    encoding = 'utf-8'
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], name
            break
    else:
        encoding = _coding(data) or encoding
    try:
        text = data.decode(encoding)
    except LookupError:
        raise BadInput(path, 1, f'unknown encoding: {encoding}') from None
    except UnicodeDecodeError as e:
        if encoding == 'utf-8' and b'\0' in data[:e.start + 1]:
            line = data[:data.index(b'\0')].count(b'\n') + 1
            raise BadInput(path, line, 'binary file (NUL byte), expected text') from None
        line = data[:e.start].decode(encoding, 'replace').count('\n') + 1
        what = 'UTF-8' if encoding == 'utf-8' else encoding
        raise BadInput(path, line, f'not {what} text (byte 0x{data[e.start]:02x})') from None
    if '\0' in text:
        line = text[:text.index('\0')].count('\n') + 1
        raise BadInput(path, line, 'binary file (NUL byte), expected text')
    if text.startswith('\ufeff'):
        text = text[1:]
    return text
