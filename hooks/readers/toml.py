"""Reading a TOML file (pyproject.toml, .pip-tools.toml, uv.toml): tomllib,
or tomli on Python 3.10, imported when a file is read; a malformed file is
bad input at the line tomllib names."""
from __future__ import annotations

from hooks.report import BadInput
from hooks.report import decode


def load(data: bytes, path: str) -> tuple[str, dict[str, object]]:
    """The text of ``data`` and its TOML document.  Raises BadInput."""
    import sys
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover (Python 3.10)
        import tomli as tomllib

    text = decode(data, path)
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message, line = _error(str(e), text)
        raise BadInput(path, getattr(e, 'lineno', None) or line, f'invalid TOML: {message}') from None


def _error(message: str, text: str) -> tuple[str, int]:
    """tomllib's message without its position, and the line it names:
    "Invalid value (at line 3, column 5)", "... (at end of document)"."""
    head, sep, where = message.rpartition(' (at ')
    if not sep:
        return message, 1
    if where.startswith('line '):
        number = where[5:].partition(',')[0]
        return head, int(number) if number.isdigit() else 1
    return head, text.count('\n') + (not text.endswith('\n'))
