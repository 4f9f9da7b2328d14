"""Reading a shell command line (a RUN's script): its simple commands, their
words with exact positions, and which word is the program (README.md,
"dockerfile-requirements": ``sh -c '…'``, heredocs, comments).

Enough of POSIX sh for a Dockerfile: quotes, backslash escapes, ``$(...)``,
line continuations, comments, control operators, redirections and heredoc
words.  Nothing is expanded; a word's value has its quotes removed and its
escapes applied (:func:`unquote`).

The check of an agreeing Dockerfile reads every RUN with this module: it
imports nothing (no ``re``, no ``typing``), and its values are plain classes
with ``__slots__`` (a ``NamedTuple`` or a dataclass would import ``typing``
or ``dataclasses``, which cost that check more than its reading).
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence


class Word:
    """One word: value, its quotes removed and its escapes applied; start,
    end: its offsets in the text read."""
    __slots__ = ('end', 'start', 'value')

    def __init__(self, value: str, start: int, end: int) -> None:
        self.value = value
        self.start = start
        self.end = end


class Command:
    """A simple command: words (assignments and redirections aside);
    heredocs, the delimiter words of its ``<<`` redirections; start, end: its
    span in the text; before, after: the operator before and after it
    ('&&', ';', '|', '(' ...), or None."""
    __slots__ = ('after', 'before', 'end', 'heredocs', 'start', 'words')

    def __init__(
            self, words: tuple[Word, ...], heredocs: tuple[Word, ...], start: int, end: int,
            before: Word | None, after: Word | None,
    ) -> None:
        self.words = words
        self.heredocs = heredocs
        self.start = start
        self.end = end
        self.before = before
        self.after = after


# control operators and redirection operators, longest first
_OPERATORS = ('&&', '||', ';;', '|&', ';', '|', '&', '(', ')', '\n')
_OPERATOR_START = frozenset(';|&()\n')
_REDIRECTIONS = ('<<<', '<<-', '<<', '>>', '<>', '<&', '>&', '>|', '<', '>')
_WORD_END = frozenset(' \t\r\n;&|()<>')
_NAME_FIRST = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_')
_NAME_REST = _NAME_FIRST | frozenset('0123456789')
_RESERVED = frozenset(('if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time'))
_WRAPPERS = frozenset(('exec', 'command', 'nohup', 'sudo', 'nice'))
# env's options whose value is the next word (GNU coreutils)
_ENV_VALUE_OPTIONS = frozenset(('-u', '--unset', '-C', '--chdir', '-S', '--split-string'))


def unquote(word: str) -> str:
    """A shell word's value: quotes removed, backslash escapes applied."""
    out: list[str] = []
    quote = ''
    i, n = 0, len(word)
    while i < n:
        c = word[i]
        if quote == "'":
            if c == "'":
                quote = ''
            else:
                out.append(c)
        elif c == '$' and word.startswith('$(', i):  # kept as written
            j = _word_at(word, i + 2, '(')
            out.append(word[i:j])
            i = j
            continue
        elif c == '\\' and i + 1 < n and (not quote or word[i + 1] in '"\\$`'):
            i += 1
            out.append(word[i])
        elif c in '\'"' and (not quote or c == quote):
            quote = '' if quote else c
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def _word_at(s: str, i: int, inside: str = '') -> int:
    """The end of the shell word starting at ``s[i]``; with ``inside='('``,
    the end of the ``$( ... )`` whose text starts at ``s[i]``."""
    n = len(s)
    # what is open, innermost last: a quote (' " `) or '(' for a $( ... );
    # quotes inside $( ... ) are its own, so ")" in them does not close it
    stack: list[str] = [inside] if inside else []
    while i < n:
        c = s[i]
        top = stack[-1] if stack else ''
        if top == "'":
            if c == "'":
                stack.pop()
        elif c == '\\':
            i += 1
        elif top in ('"', '`') and c == top:  # the closing " or `
            stack.pop()
        elif c == '$' and s.startswith('$(', i):
            stack.append('(')
            i += 1
        elif top == '(' and c == ')':
            stack.pop()
            if inside and not stack:
                return i + 1
        elif top in ('', '(') and c in '\'"`':
            stack.append(c)
        elif not stack and c in _WORD_END:
            break
        i += 1
    return min(i, n)


# (str methods, not regular expressions: see hooks/dockerfile/syntax.py)

def operator_end(s: str, i: int) -> int:
    r"""The end of the control operator at ``i`` (``&&|\|\||;;|\|&|[;|&()\n]``),
    or -1."""
    if i < len(s) and s[i] in _OPERATOR_START:
        for op in _OPERATORS:
            if s.startswith(op, i):
                return i + len(op)
    return -1


def redirection_end(s: str, i: int) -> int:
    r"""The end of the redirection operator at ``i``, with its file
    descriptor (``(?:\d+|&)?(?:<<<|<<-|<<|>>|<>|<&|>&|>\||<|>)``), or -1."""
    j = i
    while j < len(s) and s[j].isdecimal():
        j += 1
    if j == i and s.startswith('&', i):
        j += 1
    for op in _REDIRECTIONS:
        if s.startswith(op, j):
            return j + len(op)
    return -1


def is_assignment(word: str) -> bool:
    """``NAME=value`` (``[A-Za-z_][A-Za-z0-9_]*=`` at the start)."""
    eq = word.find('=')
    return eq > 0 and word[0] in _NAME_FIRST and all(c in _NAME_REST for c in word[1:eq])


def commands(s: str) -> list[Command]:
    """Split shell text into simple commands (comments dropped)."""
    result: list[Command] = []
    words: list[Word] = []
    docs: list[Word] = []
    start = -1
    end = 0
    before: Word | None = None
    i, n = 0, len(s)

    def close(after: Word | None) -> None:
        nonlocal words, docs, start, before
        if start >= 0:
            result.append(Command(tuple(words), tuple(docs), start, end, before, after))
        words, docs, start = [], [], -1
        before = after

    while i < n:
        c = s[i]
        if c in ' \t\r':
            i += 1
            continue
        if c == '\\' and s.startswith('\n', i + 1):  # line continuation
            i += 2
            continue
        if c == '#':  # a comment, to the end of the line
            j = s.find('\n', i)
            i = n if j == -1 else j
            continue
        r = redirection_end(s, i)
        if r >= 0:
            j = r
            while j < n and s[j] in ' \t':
                j += 1
            k = _word_at(s, j)
            target = Word(unquote(s[j:k]), j, k)
            if s[i:r].lstrip('0123456789&') in ('<<', '<<-'):  # not <<< (a here-string)
                docs.append(target)
            if start < 0:
                start = i
            end = k
            i = max(k, i + 1)
            continue
        o = operator_end(s, i)
        if o >= 0:
            close(Word(s[i:o], i, o))
            i = o
            continue
        j = _word_at(s, i)
        j = max(j, i + 1)
        words.append(Word(unquote(s[i:j]), i, j))
        if start < 0:
            start = i
        end = j
        i = j
    close(None)
    return result


def argv(words: Sequence[Word]) -> list[Word]:
    """The command's words without leading assignments, reserved words,
    wrappers (``env``, ``sudo``...) and RUN's own flags (``--mount=...``)."""
    k = 0
    in_env = False  # after `env`: its options, some with a value (-u NAME)
    while k < len(words):
        v = words[k].value
        if in_env and v.startswith('-'):
            k += 2 if v in _ENV_VALUE_OPTIONS else 1
        elif is_assignment(v) or v in _RESERVED or v in _WRAPPERS or v.startswith('--'):
            k += 1
        elif v == 'env':
            in_env = True
            k += 1
        else:
            break
    return list(words[k:])
