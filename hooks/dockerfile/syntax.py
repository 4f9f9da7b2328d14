"""The lexing of Dockerfile lines, as BuildKit's parser does it (README.md,
"dockerfile-requirements"): parser directives, line continuations, an
instruction's keyword and ``--flags``, heredoc words and Divio's tag
comments.

The lexing is str methods, not regular expressions: importing re costs the
check more than reading a 200-line Dockerfile.  Each helper states the
expression it implements (in Go's terms: \\s is [\\t\\n\\f\\r ], \\d is
[0-9]); tests/dockerfile/dockerfile_syntax_test.py holds them to it.
"""
from __future__ import annotations

from hooks.dockerfile.shell import unquote

BLANK = ' \t'
# Go's unicode.IsSpace, which BuildKit trims and splits with, and the
# information separators \x1c-\x1f, which Python's str.isspace adds (a
# deliberate difference: BuildKit refuses such a line as an unknown
# instruction); then what Go's regexp means by \s, and what BuildKit's
# reWhitespace splits a command on
SPACE = '\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\x1c\x1d\x1e\x1f'
_RE_SPACE = '\t\n\f\r '
_COMMAND_SPACE = '\t\v\f\r '
_DIGITS = '0123456789'
_ASCII_LETTERS = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')
_ASCII_ALNUM = _ASCII_LETTERS | frozenset(_DIGITS)
_TAG_FIRST = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZ')
_TAG_REST = _TAG_FIRST | frozenset('0123456789_')


def directive(line: str) -> tuple[str, str] | None:
    r"""A parser directive line (blanks before the '#' removed), as ``#``,
    blanks (unicode.IsSpace), then ``([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$``:
    (name, value), or None."""
    if not line.startswith('#'):
        return None
    rest = line[1:].lstrip(SPACE)
    i = 0
    while i < len(rest) and rest[i] in _ASCII_ALNUM:
        i += 1
    if i == 0 or rest[0] not in _ASCII_LETTERS:
        return None
    name, rest = rest[:i], rest[i:].lstrip(_RE_SPACE)
    if not rest.startswith('='):
        return None
    value = rest[1:].lstrip(_RE_SPACE)
    if not value:
        # `\s*` gives back a blank when nothing else is left for `.+?`
        value = rest[1:]
        return (name, value[-1]) if value else None
    return name, value.rstrip(_RE_SPACE) or value[0]


def continuation_at(segment: str, escape: str) -> int:
    r"""Where the escape that continues ``segment`` onto the next line stands,
    or -1: BuildKit's ``([^E])E[ \t]*$|^E[ \t]*$`` for the escape E.  An
    escape after another escape (``echo \\``) ends the instruction."""
    body = segment.rstrip(BLANK)
    if not body.endswith(escape):
        return -1
    at = len(body) - 1
    return -1 if at > 0 and body[at - 1] == escape else at


def keyword(logical: str) -> tuple[str, int] | None:
    r"""An instruction's keyword and where its arguments start, as BuildKit's
    ``splitCommand``: the line trimmed (unicode.IsSpace), split once on
    ``[\t\v\f\r ]+``, the arguments trimmed again (None for blanks only)."""
    body = logical.lstrip(SPACE)
    if not body:
        return None
    i = 0
    n = len(body)
    while i < n and body[i] not in _COMMAND_SPACE:
        i += 1
    rest = body[i:].lstrip(SPACE)
    word = body[:i] if rest else body[:i].rstrip(SPACE)
    return word, len(logical) - len(rest)


def heredoc_word(word: str) -> tuple[bool, str] | None:
    r"""(chomp, delimiter as written) of a heredoc word, as the fullmatch of
    ``(\d*)<<(-?)\s*([^<]*)``; None for any other word."""
    rest = word.lstrip(_DIGITS)
    if not rest.startswith('<<'):
        return None
    rest = rest[2:]
    chomp = rest.startswith('-')
    rest = rest[1:].lstrip(_RE_SPACE) if chomp else rest.lstrip(_RE_SPACE)
    return None if '<' in rest else (chomp, rest)


def tag(comment: str) -> tuple[bool, str, str] | None:
    r"""A Divio tag (``# <PYTHON>``, ``# </PYTHON>``, ``# <STATIC active=no>``),
    as ``[ \t]*#[ \t]*<(/?)([A-Z][A-Z0-9_]*)((?:[ \t]+[^>]*)?)>`` at the
    start of ``comment``: (closing, name, attributes), or None."""
    rest = comment.lstrip(BLANK)
    if not rest.startswith('#'):
        return None
    rest = rest[1:].lstrip(BLANK)
    if not rest.startswith('<'):
        return None
    closing = rest.startswith('/', 1)
    rest = rest[2 if closing else 1:]
    if not rest or rest[0] not in _TAG_FIRST:
        return None
    i = 1
    while i < len(rest) and rest[i] in _TAG_REST:
        i += 1
    name, rest = rest[:i], rest[i:]
    if rest.startswith('>'):
        return closing, name, ''
    end = rest.find('>')
    if end < 1 or rest[0] not in BLANK:
        return None
    return closing, name, rest[:end]


def raw_words(s: str) -> list[str]:
    """Words split on unquoted blanks, quotes and escapes kept: BuildKit's
    lexer with raw quotes and raw escapes, which it uses to find heredoc
    words.  ``<<`` keeps the blanks after it (``<< EOF`` is one word); an
    unterminated quote makes the lexer fail, and then there are no words.
    ``$`` expansions are read as plain text."""
    words = []
    cur: list[str] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "'":
            j = s.find("'", i + 1)
            if j < 0:
                return []
            cur.append(s[i:j + 1])
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            while j < n and s[j] != '"':
                j += 2 if s[j] == '\\' else 1
            if j >= n:
                return []
            cur.append(s[i:j + 1])
            i = j + 1
            continue
        if c == '<' and s.startswith('<', i + 1):
            j = i + 2
            while j < n and s[j] in ' \t\r':
                j += 1
            cur.append(s[i:j])
            i = j
            continue
        if c in SPACE:
            if cur:
                words.append(''.join(cur))
                cur = []
        else:
            cur.append(s[i:i + 2] if c == '\\' else c)
            if c == '\\':
                i += 1
        i += 1
    if cur:
        words.append(''.join(cur))
    return words


def heredoc_names(line: str) -> list[tuple[str, bool]]:
    """(delimiter, chomp) of each heredoc word in an instruction's line."""
    found = []
    for word in raw_words(line):
        heredoc = heredoc_word(word)
        if heredoc and heredoc[1]:
            name = unquote(heredoc[1])
            if name:
                found.append((name, heredoc[0]))
    return found


def flags_end(args: str, escape: str) -> int:
    """Where an instruction's arguments start after its own ``--flags``
    (``RUN --mount=... [...]``), as BuildKit's ``extractBuilderFlags``: words
    while they start with ``--``; a ``--`` word ends them."""
    i, n = 0, len(args)
    while True:
        while i < n and args[i] in SPACE:
            i += 1
        if not args.startswith('--', i):
            return i
        start = i
        quote = ''
        while i < n and (quote or args[i] not in SPACE):
            c = args[i]
            if c == escape:
                i += 1
            elif quote and c == quote:
                quote = ''
            elif not quote and c in '\'"':
                quote = c
            i += 1
        if args[start:i] == '--':
            return i

