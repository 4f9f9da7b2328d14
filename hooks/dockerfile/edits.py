"""The byte edits of ``dockerfile-requirements --fix`` (README.md,
"dockerfile-requirements"): drop a ``pip-reqs compile`` step (``pip-reqs
compile && \\`` or a whole ``RUN pip-reqs compile``), drop a tag line, or put
``pip-reqs compile && \\`` back before ``pip-reqs resolve``.  Every other
byte stays: an edit that cannot be made safely is not made.
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.dockerfile.events import Event
    from hooks.dockerfile.instructions import Dockerfile


class Edit:
    """Replace ``text[start:end]`` with ``text``; line: where, for the
    message; message: what it did ('removed `...`')."""
    __slots__ = ('end', 'line', 'message', 'start', 'text')

    def __init__(self, start: int, end: int, text: str, line: int, message: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.line = line
        self.message = message


def _code_only(df: Dockerfile, start: int, end: int) -> bool:
    """No blank or comment line begins inside [start, end)."""
    for k in range(df.line_of(start), df.line_of(max(start, end - 1))):
        ls = df.line_starts[k]
        nxt = df.line_end(ls)
        line = df.text[ls:nxt].strip()
        if not line or line.startswith('#'):
            return False
    return True


def _said(text: str) -> str:
    return ' '.join(text.split())


def removal(df: Dockerfile, ev: Event) -> Edit | None:
    """The edit that drops a ``pip-reqs compile`` step, or None when it
    cannot be made safely (heredoc, ``sh -c``, exec form, pipes...)."""
    import re  # only for a compile step found: the check of an agreeing Dockerfile needs none

    if ev.where is None or ev.label != 'pip-reqs compile':
        return None
    cmds, i = ev.where
    inst, c, text = ev.inst, cmds[i], df.text
    line = df.line_of(ev.offset)

    def src(p: int) -> int:
        return inst.source_offset(inst.args_start + p)

    def src_end(p: int) -> int:
        return inst.source_offset(inst.args_start + p - 1) + 1

    if len(cmds) == 1:
        return Edit(inst.start, inst.end, '', inst.line, f'removed `{_said(text[inst.start:inst.end])}`')
    if c.before is not None and c.before.value not in ('&&', ';'):
        return None
    a = ev.offset  # the command word (RUN's flags stay)
    if c.after is not None and c.after.value in ('&&', ';') and i + 1 < len(cmds):
        op_end = src_end(c.after.end)
        n = src(cmds[i + 1].start)
        ls = df.line_start(a)
        le = df.line_end(op_end - 1)
        cont = re.compile(r'[ \t]*' + re.escape(df.escape) + r'[ \t]*\r?\n')
        if not text[ls:a].strip(' \t') and cont.fullmatch(text, op_end, le) and _code_only(df, ls, le):
            start, end = ls, le  # the step has its own line(s): drop them
        elif _code_only(df, a, n) and re.fullmatch(
            r'[ \t]*(?:' + re.escape(df.escape) + r'[ \t]*\r?\n[ \t]*)?', text[op_end:n],
        ):
            start, end = a, n  # `RUN pip-reqs compile && \` + next line: join them
        else:
            start, end = a, op_end
            while end < len(text) and text[end] in ' \t':
                end += 1
        return Edit(start, end, '', line, f'removed `{_said(text[start:end])}`')
    if c.after is None and c.before is not None:
        p = src_end(cmds[i - 1].end)
        e = src_end(c.end)
        if _code_only(df, p, e):
            return Edit(p, e, '', line, f'removed `{_said(text[p:e])}`')
    return None


def restoring(df: Dockerfile, ev: Event) -> Edit | None:
    """The edit that puts ``pip-reqs compile && \\`` back before this
    ``pip-reqs resolve``, with the same indentation."""
    if ev.where is None:
        return None
    cmds, i = ev.where
    r = cmds[i]
    if r.before is not None and r.before.value not in ('&&', ';'):
        return None
    inst, text = ev.inst, df.text
    a = ev.offset
    ls = df.line_start(a)
    nl = df.newline(a)
    step = f'pip-reqs compile && {df.escape}'
    line = df.line_of(a)
    if not text[ls:a].strip(' \t'):
        return Edit(ls, ls, text[ls:a] + step + nl, line, f'put `{step}` back before `pip-reqs resolve`')
    indent = '    '
    for k in range(line, inst.end_line):  # the instruction's next code line
        s = df.line_starts[k]
        body = text[s:df.line_end(s)]
        if body.strip() and not body.strip().startswith('#'):
            indent = body[:len(body) - len(body.lstrip(' \t'))]
            break
    return Edit(a, a, step + nl + indent, line, f'put `{step}` back before `pip-reqs resolve`')


def apply(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """``text`` with the edits that do not overlap an earlier one."""
    done: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if done and e.start < done[-1].end:
            continue
        done.append(e)
    for e in reversed(done):
        text = text[:e.start] + e.text + text[e.end:]
    return text, done
