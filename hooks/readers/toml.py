"""Reading a TOML file (pyproject.toml, .pip-tools.toml, uv.toml).

* :func:`load` / :func:`document`: tomllib, or tomli on Python 3.10,
  imported when a file is read (rule 8 reads ``requires-python`` on the
  everyday path); a malformed file is bad input at the line tomllib names;
* :class:`TomlLines`: the line of every value and key (tomllib gives no
  positions), so that a finding names the real line;
* :func:`simple_value`: the one-line ``key = "value"`` read with str
  methods, without tomllib.
"""
from __future__ import annotations

from bisect import bisect_right

from hooks.limits import check_depth
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
    check_depth(text, path, toml=True)  # tomllib recurses once a level
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message, line = _error(str(e), text)
        raise BadInput(path, getattr(e, 'lineno', None) or line, f'invalid TOML: {message}') from None


def document(data: bytes, path: str) -> dict[str, object]:
    """The TOML document of ``data``.  Raises BadInput."""
    return load(data, path)[1]


def simple_value(text: str, table: str, key: str) -> tuple[str, int] | None:
    """(value, line) of ``key = "..."`` (or ``'...'``) on one line of
    ``[table]``, without escapes and followed by nothing but a comment;
    None when it is not written so (or not there)."""
    current = ''
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith('['):
            end = stripped.find(']')
            current = stripped[1:end].strip() if end > 0 and not stripped.startswith('[[') else '[['
            continue
        if current != table or not stripped.startswith(key):
            continue
        rest = stripped[len(key):].lstrip()
        if not rest.startswith('='):
            continue
        rest = rest[1:].strip()
        quote = rest[:1]
        end = rest.find(quote, 1) if quote in ('"', "'") else -1
        if end < 0 or rest.startswith(quote * 3):
            return None
        value, after = rest[1:end], rest[end + 1:].strip()
        if (quote == '"' and '\\' in value) or (after and not after.startswith('#')):
            return None
        return value, lineno
    return None


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


# --- where the values stand ---------------------------------------------------

_BARE_KEY = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')
_ESCAPES = {'b': '\b', 't': '\t', 'n': '\n', 'f': '\f', 'r': '\r', '"': '"', '\\': '\\', 'e': '\x1b'}


class TomlLines:
    """The line of every value and key of a valid TOML document, by key
    path (array items by index): ``values[('project', 'dependencies', 2)]``
    is the line where the third dependency string starts, ``keys[('project',
    'dependencies')]`` the line of its key (for a table, of its header).

    Only called on text tomllib has parsed, so it need not reject anything;
    it is lenient where TOML 1.1 is (newlines in inline tables)."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.breaks = []
        n = text.find('\n')
        while n >= 0:
            self.breaks.append(n)
            n = text.find('\n', n + 1)
        self.values: dict[tuple[object, ...], int] = {}
        self.keys: dict[tuple[object, ...], int] = {}
        self._tables: dict[tuple[object, ...], int] = {}  # array of tables -> last index
        self._document()

    def line(self, pos: int | None = None) -> int:
        return bisect_right(self.breaks, self.i - 1 if pos is None else pos - 1) + 1

    def _skip(self, newlines: bool) -> None:
        s, n = self.s, len(self.s)
        while self.i < n:
            c = s[self.i]
            if c in ' \t' or (newlines and c in '\r\n'):
                self.i += 1
            elif c == '#':
                end = s.find('\n', self.i)
                self.i = n if end < 0 else end
            else:
                return

    def _note_key(self, path: tuple[object, ...], line: int) -> None:
        for k in range(1, len(path) + 1):
            self.keys.setdefault(path[:k], line)

    def _document(self) -> None:
        s, n = self.s, len(self.s)
        table: tuple[object, ...] = ()
        while True:
            self._skip(newlines=True)
            if self.i >= n:
                return
            start = self.i
            line = self.line()
            if s.startswith('[[', self.i):
                self.i += 2
                self._skip(False)
                key = self._resolve(self._key())
                self._skip(False)
                self.i += 2  # ]]
                index = self._tables.get(key, -1) + 1
                self._tables[key] = index
                table = key + (index,)
                self._note_key(table, line)
            elif s[self.i] == '[':
                self.i += 1
                self._skip(False)
                table = self._resolve(self._key())
                self._skip(False)
                self.i += 1  # ]
                self._note_key(table, line)
            else:
                key = table + self._key()
                self._note_key(key, line)
                self._skip(False)
                self.i += 1  # =
                self._skip(False)
                self._value(key)
            if self.i <= start:  # cannot happen on valid TOML; never loop
                raise ValueError(f'cannot read TOML at line {line}')

    def _resolve(self, key: tuple[str, ...]) -> tuple[object, ...]:
        """A header's key with the current index of every array of tables
        on its way (``[[a]]`` then ``[a.b]`` is ``('a', 0, 'b')``)."""
        path: tuple[object, ...] = ()
        for part in key[:-1]:
            path += (part,)
            if path in self._tables:
                path += (self._tables[path],)
        return path + key[-1:]

    def _key(self) -> tuple[str, ...]:
        parts = []
        while True:
            parts.append(self._key_part())
            self._skip(False)
            if self.i < len(self.s) and self.s[self.i] == '.':
                self.i += 1
                self._skip(False)
                continue
            return tuple(parts)

    def _key_part(self) -> str:
        s = self.s
        c = s[self.i]
        if c == '"':
            start = self.i + 1
            self._string()
            return self._unescape(s[start:self.i - 1])
        if c == "'":
            start = self.i + 1
            self._string()
            return s[start:self.i - 1]
        start = self.i
        while self.i < len(s) and s[self.i] in _BARE_KEY:
            self.i += 1
        return s[start:self.i]

    @staticmethod
    def _unescape(raw: str) -> str:
        if '\\' not in raw:
            return raw
        out, i = [], 0
        while i < len(raw):
            c = raw[i]
            if c != '\\':
                out.append(c)
                i += 1
                continue
            e = raw[i + 1]
            if e in _ESCAPES:
                out.append(_ESCAPES[e])
                i += 2
            else:
                size = {'x': 2, 'u': 4, 'U': 8}[e]
                out.append(chr(int(raw[i + 2:i + 2 + size], 16)))
                i += 2 + size
        return ''.join(out)

    def _string(self) -> None:
        """Step over the string at ``self.i`` (any of TOML's four kinds)."""
        s = self.s
        q = s[self.i]
        if s.startswith(q * 3, self.i):
            self.i += 3
            while True:
                if q == '"' and s[self.i] == '\\':
                    self.i += 2
                elif s.startswith(q * 3, self.i):
                    self.i += 3
                    # up to two quotes of the content may stand before the end
                    for _ in range(2):
                        if self.i < len(s) and s[self.i] == q:
                            self.i += 1
                    return
                else:
                    self.i += 1
        self.i += 1
        while s[self.i] != q:
            self.i += 2 if q == '"' and s[self.i] == '\\' else 1
        self.i += 1

    def _value(self, path: tuple[object, ...]) -> None:
        s = self.s
        self.values[path] = self.line()
        c = s[self.i]
        if c in '"\'':
            self._string()
        elif c == '[':
            self.i += 1
            index = 0
            while True:
                self._skip(newlines=True)
                if s[self.i] == ']':
                    self.i += 1
                    return
                self._value(path + (index,))
                index += 1
                self._skip(newlines=True)
                if s[self.i] == ',':
                    self.i += 1
        elif c == '{':
            self.i += 1
            while True:
                self._skip(newlines=True)
                if s[self.i] == '}':
                    self.i += 1
                    return
                line = self.line()
                key = path + self._key()
                self._note_key(key, line)
                self._skip(False)
                self.i += 1  # =
                self._skip(False)
                self._value(key)
                self._skip(newlines=True)
                if s[self.i] == ',':
                    self.i += 1
        else:
            # a number, boolean or date (which may hold one space)
            n = len(s)
            while self.i < n and s[self.i] not in ',]}#\r\n':
                self.i += 1
