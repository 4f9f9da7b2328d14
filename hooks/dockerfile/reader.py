"""Reading a Dockerfile the way BuildKit's parser does, with exact positions
(README.md, "dockerfile-requirements").

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
:class:`~hooks.dockerfile.instructions.Section` s
(hooks/dockerfile/instructions.py holds what is read; hooks/dockerfile/syntax.py
how its lines are lexed).
"""
from __future__ import annotations

from hooks.dockerfile.instructions import Comment
from hooks.dockerfile.instructions import Dockerfile
from hooks.dockerfile.instructions import Heredoc
from hooks.dockerfile.instructions import Instruction
from hooks.dockerfile.syntax import continuation_at
from hooks.dockerfile.syntax import directive
from hooks.dockerfile.syntax import heredoc_names
from hooks.dockerfile.syntax import keyword
from hooks.dockerfile.syntax import SPACE
from hooks.report import BadInput

_KNOWN_DIRECTIVES = frozenset(('escape', 'syntax', 'check'))
_HEREDOC_KEYWORDS = frozenset(('RUN', 'COPY', 'ADD'))


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
        found = directive(text[s:e].lstrip(SPACE))
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
        stripped = line.lstrip(SPACE)
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
                st = text[s:e].lstrip(SPACE)
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
