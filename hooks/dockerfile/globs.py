"""Go's ``path/filepath.Match``, which BuildKit expands COPY and ADD source
patterns with: ``COPY requirements.* /app/`` copies requirements.txt
(README.md, "dockerfile-requirements").
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any


def has_wildcards(source: str) -> bool:
    """A COPY/ADD source that BuildKit expands as a pattern: a ``*``, ``?``
    or ``[`` that no backslash escapes (its ``containsWildcards``)."""
    i = 0
    while i < len(source):
        c = source[i]
        if c == '\\':
            i += 1
        elif c in '*?[':
            return True
        i += 1
    return False


def _pattern(pattern: str) -> list[tuple[str, Any]] | None:
    """Go's path/filepath pattern syntax as tokens: ('*', None), ('?', None),
    ('=', char), ('[', (negated, [(lo, hi), ...])); None for a bad pattern
    (Match's ErrBadPattern)."""
    tokens: list[tuple[str, Any]] = []
    i, n = 0, len(pattern)

    def class_char(i: int) -> tuple[str, int] | None:
        """A character of a class at ``i`` (escapes applied) and what
        follows; None where Go reports a bad pattern."""
        if i >= n or pattern[i] in '-]':
            return None
        if pattern[i] == '\\':
            i += 1
            if i >= n:
                return None
        return (pattern[i], i + 1) if i + 1 < n else None

    while i < n:
        c = pattern[i]
        if c == '*':
            tokens.append(('*', None))
            i += 1
        elif c == '?':
            tokens.append(('?', None))
            i += 1
        elif c == '[':
            i += 1
            negated = i < n and pattern[i] == '^'
            if negated:
                i += 1
            ranges: list[tuple[str, str]] = []
            while not (ranges and i < n and pattern[i] == ']'):
                lo = class_char(i)
                if lo is None:
                    return None
                hi: tuple[str, int] | None = lo
                if pattern[lo[1]] == '-':
                    hi = class_char(lo[1] + 1)
                if hi is None:
                    return None
                ranges.append((lo[0], hi[0]))
                i = hi[1]
            tokens.append(('[', (negated, ranges)))
            i += 1
        elif c == '\\':
            if i + 1 >= n:
                return None
            tokens.append(('=', pattern[i + 1]))
            i += 2
        else:
            tokens.append(('=', c))
            i += 1
    return tokens


def path_match(pattern: str, name: str) -> bool:
    """Go's ``filepath.Match(pattern, name)`` on a Unix system, which
    BuildKit uses to expand COPY/ADD sources: ``*`` is any run and ``?``
    any one character but ``/``; ``[a-z]``, ``[^a-z]`` are classes;
    ``\\`` escapes.  A bad pattern matches nothing."""
    tokens = _pattern(pattern)
    if tokens is None:
        return False

    def match(t: int, i: int) -> bool:
        while t < len(tokens):
            kind, arg = tokens[t]
            if kind == '*':
                j = i
                while True:
                    if match(t + 1, j):
                        return True
                    if j >= len(name) or name[j] == '/':
                        return False
                    j += 1
            if i >= len(name):
                return False
            c = name[i]
            if kind == '=' and c != arg:
                return False
            if kind == '?' and c == '/':
                return False
            if kind == '[' and any(lo <= c <= hi for lo, hi in arg[1]) == arg[0]:
                return False
            t += 1
            i += 1
        return i == len(name)

    return match(0, 0)
