"""Reading a Dockerfile the way BuildKit's parser does, with exact positions.

What counts (moby/buildkit ``frontend/dockerfile/parser``):

* parser directives (``# escape=``, ``# syntax=``, ``# check=``) are only
  read at the very top; the first other line (blank, comment, instruction)
  ends them.  ``escape`` is ``\\`` (default) or a backtick;
* a line whose first non-blank character is ``#`` is a comment, at the top
  level and inside a continuation alike; blank lines inside a continuation
  are skipped too ("blank" is Go's ``unicode.IsSpace``, and \\x1c-\\x1f);
* an instruction continues while its line ends with the escape character
  (trailing spaces allowed) that does not follow another escape: ``RUN echo
  \\\\`` ends there (BuildKit's line-continuation expression);
  continuation lines keep their indentation.  At the end of the file an
  instruction ends wherever it is, escape or not;
* ``RUN``, ``COPY`` and ``ADD`` (also after ``ONBUILD``) may carry heredocs
  (``<<EOF``, ``<<-EOF``, ``<<"EOF"``, ``<<'EOF'``, ``<< EOF``, ``4<<EOF``,
  several per instruction): their bodies follow the instruction, one after
  the other, each ended by a line equal to the delimiter (``<<-`` strips
  leading tabs first).  ``<<- EOF`` is no heredoc: BuildKit's lexer splits
  it into ``<<-`` and ``EOF``; and a line with an unterminated quote has
  none;
* lines end with ``\\n``; any ``\\r`` before it belongs to the line ending.

Each instruction keeps the span of its lines in the text (``start``/``end``)
and its first line number, so that a caller can report and edit exactly.
An unterminated heredoc is bad input at the instruction's first line.
Divio's tag comments (``# <PYTHON>`` ... ``# </PYTHON>``) are paired into
:class:`Section` s.
"""
from __future__ import annotations

from bisect import bisect_right

from hooks.record import Record
from hooks.report import BadInput
from hooks.shell import unquote

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

_BLANK = ' \t'
# Go's unicode.IsSpace, which BuildKit trims and splits with, and the
# information separators \x1c-\x1f, which Python's str.isspace adds (a
# deliberate difference: BuildKit refuses such a line as an unknown
# instruction); then what Go's regexp means by \s, and what BuildKit's
# reWhitespace splits a command on
_SPACE = '\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\x1c\x1d\x1e\x1f'
_RE_SPACE = '\t\n\f\r '
_COMMAND_SPACE = '\t\v\f\r '
_DIGITS = '0123456789'
_ASCII_LETTERS = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')
_ASCII_ALNUM = _ASCII_LETTERS | frozenset(_DIGITS)
_TAG_FIRST = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZ')
_TAG_REST = _TAG_FIRST | frozenset('0123456789_')
_KNOWN_DIRECTIVES = frozenset(('escape', 'syntax', 'check'))
_HEREDOC_KEYWORDS = frozenset(('RUN', 'COPY', 'ADD'))

# The lexing below is str methods, not regular expressions: importing re
# costs the check more than reading a 200-line Dockerfile.  Each helper
# states the expression it implements (in Go's terms: \s is [\t\n\f\r ],
# \d is [0-9]); tests/dockerfile_test.py holds them to it.


def directive(line: str) -> tuple[str, str] | None:
    r"""A parser directive line (blanks before the '#' removed), as ``#``,
    blanks (unicode.IsSpace), then ``([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$``:
    (name, value), or None."""
    if not line.startswith('#'):
        return None
    rest = line[1:].lstrip(_SPACE)
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
    body = segment.rstrip(_BLANK)
    if not body.endswith(escape):
        return -1
    at = len(body) - 1
    return -1 if at > 0 and body[at - 1] == escape else at


def keyword(logical: str) -> tuple[str, int] | None:
    r"""An instruction's keyword and where its arguments start, as BuildKit's
    ``splitCommand``: the line trimmed (unicode.IsSpace), split once on
    ``[\t\v\f\r ]+``, the arguments trimmed again (None for blanks only)."""
    body = logical.lstrip(_SPACE)
    if not body:
        return None
    i = 0
    n = len(body)
    while i < n and body[i] not in _COMMAND_SPACE:
        i += 1
    rest = body[i:].lstrip(_SPACE)
    word = body[:i] if rest else body[:i].rstrip(_SPACE)
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
    rest = comment.lstrip(_BLANK)
    if not rest.startswith('#'):
        return None
    rest = rest[1:].lstrip(_BLANK)
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
    if end < 1 or rest[0] not in _BLANK:
        return None
    return closing, name, rest[:end]


# name: str; chomp: bool (<<- : leading tabs are stripped); start: offset of
# the body's first character; end: offset of the terminator line (the body
# ends there); line: line number of the body's first line
class Heredoc(Record):
    __slots__ = ('name', 'chomp', 'start', 'end', 'line')

    def __init__(self, name: Any, chomp: Any, start: Any, end: Any, line: Any) -> None:
        self.name = name
        self.chomp = chomp
        self.start = start
        self.end = end
        self.line = line


class Instruction(Record):
    """One instruction.

    keyword: str, upper case (RUN, COPY, FROM, ...); line: its first line
    number (1-based); end_line: its last line number (the terminator line of
    a heredoc included); start: offset of its first line's first character;
    end: offset just after its last line break (or the end of the text);
    text: the logical line (escapes, line breaks, comment lines dropped);
    args_start: where the arguments begin in ``text``; pieces:
    tuple[tuple[int, int], ...], (offset in text, offset in source);
    heredocs: tuple[Heredoc, ...].
    """
    __slots__ = ('keyword', 'line', 'end_line', 'start', 'end', 'text', 'args_start', 'pieces', 'heredocs')

    def __init__(self, keyword: Any, line: Any, end_line: Any, start: Any, end: Any, text: Any, args_start: Any, pieces: Any, heredocs: Any) -> None:
        self.keyword = keyword
        self.line = line
        self.end_line = end_line
        self.start = start
        self.end = end
        self.text = text
        self.args_start = args_start
        self.pieces = pieces
        self.heredocs = heredocs

    @property
    def args(self) -> str:
        return self.text[self.args_start:]

    def source_offset(self, i: int) -> int:
        """The source offset of ``text[i]``."""
        k = bisect_right(self.pieces, (i, float('inf'))) - 1
        t, s = self.pieces[k]
        return s + i - t

    def exec_form(self, escape: str = '\\') -> list[str] | None:
        """The JSON exec form's arguments (after the instruction's own
        ``--flags``), or None for the shell form."""
        args = self.args
        if args.startswith('--'):
            args = args[flags_end(args, escape):]
        args = args.strip()
        if not args.startswith('['):
            return None
        import json
        try:
            value = json.loads(args)
        except ValueError:
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return None


# line: int; start: offset of the line; end: offset after its line break;
# text: str, without the line break
class Comment(Record):
    __slots__ = ('line', 'start', 'end', 'text')

    def __init__(self, line: Any, start: Any, end: Any, text: Any) -> None:
        self.line = line
        self.start = start
        self.end = end
        self.text = text


class Section(Record):
    """A pair of Divio tags, ``# <NAME attrs>`` ... ``# </NAME>``: name: str;
    attrs: str (e.g. 'active=no'); open, close: the two tag Comments."""
    __slots__ = ('name', 'attrs', 'open', 'close')

    def __init__(self, name: Any, attrs: Any, open: Any, close: Any) -> None:
        self.name = name
        self.attrs = attrs
        self.open = open
        self.close = close

    def contains(self, line: int) -> bool:
        return self.open.line < line < self.close.line


class Dockerfile(Record):
    """A parsed Dockerfile: text: str; escape: the escape character;
    instructions: tuple[Instruction, ...]; comments: tuple[Comment, ...],
    the top-level comment lines; line_starts: tuple[int, ...], the offset of
    each line."""
    __slots__ = ('text', 'escape', 'instructions', 'comments', 'line_starts')

    def __init__(self, text: Any, escape: Any, instructions: Any, comments: Any, line_starts: Any) -> None:
        self.text = text
        self.escape = escape
        self.instructions = instructions
        self.comments = comments
        self.line_starts = line_starts

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def line_start(self, offset: int) -> int:
        return self.line_starts[self.line_of(offset) - 1]

    def line_end(self, offset: int) -> int:
        """Offset after the line break of the line holding ``offset``."""
        k = self.line_of(offset)
        return self.line_starts[k] if k < len(self.line_starts) else len(self.text)

    def newline(self, offset: int) -> str:
        """The line break of the line holding ``offset`` ('\\n' at the end)."""
        end = self.line_end(offset)
        return '\r\n' if self.text[end - 2:end] == '\r\n' else '\n'

    def sections(self) -> list[Section]:
        """Paired Divio tags, outermost first; unpaired tags are ignored."""
        found = []
        stack: list[tuple[str, str, Comment]] = []
        for c in self.comments:
            found_tag = tag(c.text)
            if found_tag is None:
                continue
            closing, name, attrs = found_tag
            attrs = attrs.strip()
            if not closing:
                stack.append((name, attrs, c))
                continue
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == name:
                    _, attrs, opened = stack[k]
                    del stack[k:]
                    found.append(Section(name, attrs, opened, c))
                    break
        found.sort(key=lambda s: (s.open.line, -s.close.line))
        return found


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
        if c in _SPACE:
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
        while i < n and args[i] in _SPACE:
            i += 1
        if not args.startswith('--', i):
            return i
        start = i
        quote = ''
        while i < n and (quote or args[i] not in _SPACE):
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


def parse(text: str, path: str) -> Dockerfile:
    """Read ``text`` (decoded, BOM removed) into instructions and comments.
    Raises BadInput for an unterminated heredoc and for a bad ``escape``
    directive."""
    starts = [0]
    find = text.find
    pos = find('\n')
    while pos != -1:
        starts.append(pos + 1)
        pos = find('\n', pos + 1)
    if starts[-1] == len(text) and len(starts) > 1:
        starts.pop()  # the text ends with a line break: no empty last line
    n = len(starts) if text else 0

    def bounds(k: int) -> tuple[int, int, int]:
        """(start, end of content, start of next line) of line k."""
        s = starts[k]
        nxt = starts[k + 1] if k + 1 < n else len(text)
        e = nxt - 1 if nxt > s and text[nxt - 1] == '\n' else nxt
        while e > s and text[e - 1] == '\r':
            e -= 1
        return s, e, nxt

    # parser directives, at the very top only
    escape = '\\'
    seen: set[str] = set()
    k = 0
    while k < n:
        s, e, _ = bounds(k)
        found = directive(text[s:e].lstrip(_SPACE))
        if found is None or found[0].lower() not in _KNOWN_DIRECTIVES:
            break
        name = found[0].lower()
        if name in seen:
            raise BadInput(path, k + 1, f'only one {name} parser directive can be used')
        seen.add(name)
        if name == 'escape':
            escape = found[1]
            if escape not in ('\\', '`'):
                raise BadInput(path, k + 1, f'invalid escape {escape!r}: the escape directive takes \\ or `')
        k += 1

    instructions = []
    comments = []
    k = 0
    while k < n:
        s, e, nxt = bounds(k)
        line = text[s:e]
        stripped = line.lstrip(_SPACE)
        if not stripped:
            k += 1
            continue
        if stripped[0] == '#':
            comments.append(Comment(k + 1, s, nxt, line))
            k += 1
            continue
        first = last = k
        end = nxt
        parts: list[str] = []
        pieces: list[tuple[int, int]] = []
        size = 0
        seg, seg_at = stripped, e - len(stripped)
        while True:
            at = continuation_at(seg, escape)
            piece = seg if at < 0 else seg[:at]
            pieces.append((size, seg_at))
            parts.append(piece)
            size += len(piece)
            if at < 0:
                break
            k += 1
            while k < n:  # blank and comment lines inside a continuation
                s, e, nxt = bounds(k)
                st = text[s:e].lstrip(_SPACE)
                if st and st[0] != '#':
                    break
                k += 1
            else:
                break  # the end of the file ends the instruction (BuildKit)
            seg, seg_at = text[s:e], s
            last, end = k, nxt
        logical = ''.join(parts)
        k = last
        found_keyword = keyword(logical)
        if found_keyword is None:  # white space only (\f, \v, a lone \r): a blank line
            k += 1
            continue
        word, args_start = found_keyword
        word = word.upper()
        docs = []
        if '<<' in logical and _can_have_heredocs(word, logical[args_start:]):
            for name, chomp in heredoc_names(logical[args_start:]):
                body_at, body_line = end, last + 2
                k += 1
                while k < n:
                    s, e, nxt = bounds(k)
                    candidate = text[s:e]
                    if chomp:
                        candidate = candidate.lstrip('\t')
                    if candidate == name:
                        break
                    k += 1
                else:
                    raise BadInput(
                        path, first + 1,
                        f'unterminated heredoc: no line {name!r} ends the heredoc started here',
                    )
                docs.append(Heredoc(name, chomp, body_at, s, body_line))
                end = nxt
                last = k
        instructions.append(Instruction(
            word, first + 1, last + 1, starts[first], end, logical,
            args_start, tuple(pieces), tuple(docs),
        ))
        k = last + 1
    return Dockerfile(text, escape, tuple(instructions), tuple(comments), tuple(starts[:n] or [0]))


def _can_have_heredocs(word: str, args: str) -> bool:
    """RUN, COPY and ADD, also as ``ONBUILD RUN ...`` (BuildKit's
    ``canContainHeredoc``; a JSON form holds no heredoc word anyway)."""
    if word == 'ONBUILD':
        found = keyword(args)
        return found is not None and found[0].upper() in _HEREDOC_KEYWORDS
    return word in _HEREDOC_KEYWORDS
