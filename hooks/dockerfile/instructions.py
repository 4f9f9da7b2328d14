"""A parsed Dockerfile: its instructions and comment lines with exact
positions, heredoc bodies, and Divio's tagged sections (README.md,
"dockerfile-requirements").  :func:`hooks.dockerfile.reader.parse` makes
them.

Every check of a Dockerfile builds these: they are plain classes with
``__slots__``, as hooks/dockerfile/shell.py says why.
"""
from __future__ import annotations

from bisect import bisect_right

from hooks.dockerfile.syntax import flags_end
from hooks.dockerfile.syntax import tag


class Heredoc:
    """A heredoc of an instruction: name, its delimiter; chomp: ``<<-``
    (leading tabs are stripped); start: offset of the body's first
    character; end: offset of the terminator line (the body ends there);
    line: line number of the body's first line."""
    __slots__ = ('chomp', 'end', 'line', 'name', 'start')

    def __init__(self, name: str, chomp: bool, start: int, end: int, line: int) -> None:
        self.name = name
        self.chomp = chomp
        self.start = start
        self.end = end
        self.line = line


class Instruction:
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
    __slots__ = ('args_start', 'end', 'end_line', 'heredocs', 'keyword', 'line', 'pieces', 'start', 'text')

    def __init__(
            self, keyword: str, line: int, end_line: int, start: int, end: int, text: str,
            args_start: int, pieces: tuple[tuple[int, int], ...], heredocs: tuple[Heredoc, ...],
    ) -> None:
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
        import json  # only for a JSON form: the check of a shell form needs none
        try:
            value = json.loads(args)
        except (ValueError, RecursionError):  # nested deep: no list of strings either
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return None


class Comment:
    """A comment line: line, its number; start: offset of the line; end:
    offset after its line break; text, without the line break."""
    __slots__ = ('end', 'line', 'start', 'text')

    def __init__(self, line: int, start: int, end: int, text: str) -> None:
        self.line = line
        self.start = start
        self.end = end
        self.text = text


class Section:
    """A pair of Divio tags, ``# <NAME attrs>`` ... ``# </NAME>``: name: str;
    attrs: str (e.g. 'active=no'); open, close: the two tag Comments."""
    __slots__ = ('attrs', 'close', 'name', 'open')

    def __init__(self, name: str, attrs: str, open: Comment, close: Comment) -> None:
        self.name = name
        self.attrs = attrs
        self.open = open
        self.close = close

    def contains(self, line: int) -> bool:
        return self.open.line < line < self.close.line



class Dockerfile:
    """A parsed Dockerfile: text: str; escape: the escape character;
    instructions: tuple[Instruction, ...]; comments: tuple[Comment, ...],
    the top-level comment lines; line_starts: tuple[int, ...], the offset of
    each line."""
    __slots__ = ('comments', 'escape', 'instructions', 'line_starts', 'text')

    def __init__(
            self, text: str, escape: str, instructions: tuple[Instruction, ...],
            comments: tuple[Comment, ...], line_starts: tuple[int, ...],
    ) -> None:
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
