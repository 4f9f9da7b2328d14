"""How the hooks speak: ``path:line: message`` findings and the exit codes.

Exit codes (README.md, "Exit codes (all hooks)"): 0 all good, 1 a finding or a rewritten file,
2 cannot decide (bad input, usage error, compiler failure).
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

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


# ------------------------------------------------------------ output formats

FORMATS = ('text', 'github', 'json')


def choose_format(given: str | None, error: Any) -> str:
    """The output format: ``--format`` when given (``error``, the parser's
    usage error, refuses an unknown one), else ``github`` under GitHub
    Actions (``GITHUB_ACTIONS=true``) when stdout is not a terminal, else
    ``text``."""
    if given is not None:
        if given not in FORMATS:
            error(f"argument --format: invalid choice: {given!r} (choose from 'text', 'github', 'json')")
        return given
    if os.environ.get('GITHUB_ACTIONS') == 'true' and not sys.stdout.isatty():
        return 'github'
    return 'text'


# C0 controls (tab kept) and DEL, spelled out: a newline or a terminal
# escape in a folder name cannot split a printed line or drive the terminal
_CONTROLS = {c: f'\\x{c:02x}' for c in (*range(9), *range(10, 32), 127)}
_CONTROLS.update({10: '\\n', 13: '\\r'})


def printable(text: str) -> str:
    """``text`` with control characters spelled ``\\n``, ``\\x1b``: one
    printed line, whatever a path holds."""
    return text.translate(_CONTROLS)


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub unescapes it."""
    return printable(text.replace('%', '%25').replace('\r', '%0D').replace('\n', '%0A'))


def _escape_log(text: str) -> str:
    """A github-format progress line (stderr), which the runner also scans
    for commands: escaped as a message, with no ``::`` (a command starts
    with it) and no ``##[`` (the old command syntax) left."""
    return _escape_data(text).replace('::', ':%3A').replace('##[', '##%5B')


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(':', '%3A').replace(',', '%2C')


def _escaped(e: UnicodeError) -> tuple[str, int]:
    """A file name's byte that is not UTF-8 (surrogateescape) printed as
    ``\\xe9``: git allows any bytes but NUL."""
    assert isinstance(e, UnicodeEncodeError)
    return ''.join(
        f'\\x{ord(c) - 0xdc00:02x}' if 0xdc80 <= ord(c) <= 0xdcff else f'\\u{ord(c):04x}'
        for c in e.object[e.start:e.end]
    ), e.end


def _escape_undecodable() -> None:
    """Print what stdout and stderr cannot encode escaped, never raise."""
    import codecs

    codecs.register_error('aldryn-pins-escape', _escaped)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, 'reconfigure', None)
        if reconfigure is not None:
            reconfigure(errors='aldryn-pins-escape')


class Report:
    """What one hook run tells the user, in one of :data:`FORMATS`.

    ``text``: each call prints its line at once, as the hooks always did
    (``path:line: message``; ``  fix: ...``; plain progress lines).
    ``github``: GitHub workflow commands on stdout (``::error file=...``),
    progress lines on stderr.  ``json``: nothing until :meth:`close`, which
    prints one document (README.md, "Output formats")."""

    def __init__(self, hook: str, fmt: str = 'text') -> None:
        self.hook = hook
        self.format = fmt
        _escape_undecodable()
        self.findings: list[dict[str, Any]] = []
        self.log: list[str] = []
        self._unfixed = 0  # findings before this index have their fix
        self._unhinted = 0  # findings before this index have their hint

    def finding(
            self, path: str, line: int | None, message: str, rule: int | None = None,
            severity: str = 'error', indent: str = '',
    ) -> None:
        """One finding.  ``line`` is 1-based (0 is printed as 1, as
        :func:`located` does); None when the message is about the whole
        file (text: ``path: message``)."""
        path = path or '.'
        if line is not None:
            line = max(line, 1)
        if self.format == 'text':
            where = path if line is None else f'{path}:{line}'
            print(printable(f'{indent}{where}: {message}'))
        elif self.format == 'github':
            props = []
            if path != '.':
                props.append(f'file={_escape_property(path)}')
                if line is not None:
                    props.append(f'line={line}')
            props.append(f'title={_escape_property(self.hook)}')
            print(f'::{severity} {",".join(props)}::{_escape_data(message)}')
        else:
            self.findings.append({
                'hook': self.hook, 'path': path, 'line': line, 'rule': rule or None,
                'severity': severity, 'message': message, 'fix': None, 'alternative': None,
                'hint': None,
            })

    def add(self, found: Any, severity: str = 'error', indent: str = '') -> None:
        """A :class:`hooks.finding.Finding` or a :class:`BadInput`."""
        self.finding(found.path, found.line, found.message, getattr(found, 'rule', None), severity, indent)

    def found(self, finding: Any) -> None:
        """A finding object that carries its own ``severity``, ``fix``
        (None: no fix line follows) and ``hint`` (None: no hint line), as
        the Dockerfile rules make them
        (:class:`hooks.dockerfile.findings.Finding`)."""
        self.finding(finding.path, finding.line, finding.message, getattr(finding, 'rule', None), finding.severity)
        if finding.fix is not None:
            self.fix(finding.fix)
        if getattr(finding, 'hint', None) is not None:
            self.hint(finding.hint)

    def bad(self, e: BadInput) -> None:
        """Bad input (the run exits 2): a finding no fix line follows."""
        self.add(e)
        self._unfixed = self._unhinted = len(self.findings)

    def fix(self, text: str, alternative: str | None = None) -> None:
        """How to fix the findings since the last fix: one command, and
        maybe another that does it too (README.md, "Fix lines"): text prints
        ``  fix: TEXT`` and ``   or: ALTERNATIVE``; json sets their ``fix``
        and ``alternative``."""
        if self.format == 'text':
            print(printable(f'  fix: {text}'))
            if alternative is not None:
                print(printable(f'   or: {alternative}'))
        elif self.format == 'github':
            title = _escape_property(self.hook)
            print(f'::notice title={title}::{_escape_data("fix: " + text)}')
            if alternative is not None:
                print(f'::notice title={title}::{_escape_data("or: " + alternative)}')
        else:
            # a hint after this fix is about the same findings, not earlier ones
            self._unhinted = max(self._unhinted, self._unfixed)
            for f in self.findings[self._unfixed:]:
                if f['severity'] != 'notice':
                    f['fix'] = text
                    f['alternative'] = alternative
            self._unfixed = len(self.findings)

    def hint(self, text: str) -> None:
        """What to do about the findings since the last hint when no
        command does it (README.md, "Fix lines"): prose, never printed as
        a fix line, which is one command.  text prints ``  hint: TEXT``;
        github ``::notice title=HOOK::hint: TEXT``; json sets the findings'
        ``hint``."""
        if self.format == 'text':
            print(printable(f'  hint: {text}'))
        elif self.format == 'github':
            print(f'::notice title={_escape_property(self.hook)}::{_escape_data("hint: " + text)}')
        else:
            for f in self.findings[self._unhinted:]:
                if f['severity'] != 'notice':
                    f['hint'] = text
        self._unhinted = len(self.findings)

    def line(self, text: str) -> None:
        """A progress or information line that is no finding (what
        requirements-compile does and changed): stdout in text, stderr in
        github, the document's ``log`` in json."""
        if self.format == 'text':
            print(printable(text))
        elif self.format == 'github':
            print(_escape_log(text), file=sys.stderr)
        else:
            self.log.append(text)
            self._unfixed = self._unhinted = len(self.findings)

    def close(self, code: int) -> int:
        """The end of the run: json prints its document.  Returns ``code``."""
        if self.format == 'json':
            import json
            doc = {'version': 1, 'findings': self.findings, 'log': self.log, 'exit': code}
            print(json.dumps(doc, indent=2))
        return code
