"""The Dockerfile's rules about requirements (DESIGN.md, "The Dockerfile"):
what its RUN, COPY and FROM steps do with requirements, the findings, and
the byte edits of ``dockerfile-requirements --fix``.

* requirements.txt exists and a RUN compiles requirements (``pip-reqs
  compile``, ``pip-compile``, ``uv pip compile``): the build throws the pins
  away.  A finding at that line.
* requirements.txt does not exist and the build needs it (``pip-reqs
  resolve`` with no compile before it, ``COPY requirements.txt``, ``pip
  install -r requirements.txt``): the build breaks.  A finding.
* requirements.txt exists, nothing compiles, but Divio's ``# <PYTHON>`` tags
  remain: a warning (``--strict`` makes it a finding).

The edits drop ``pip-reqs compile && \\`` (or a whole ``RUN pip-reqs
compile``) and the tags around the Python section, or put ``pip-reqs
compile && \\`` back before ``pip-reqs resolve``.  Every other byte stays.
"""
from __future__ import annotations

import posixpath

from hooks.dockerfile import Dockerfile
from hooks.dockerfile import Instruction
from hooks.dockerfile import parse
from hooks.dockerfile import Section
from hooks.record import Record
from hooks.report import decode
from hooks.report import located
from hooks.shell import argv
from hooks.shell import commands
from hooks.shell import Word

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

TXT = 'requirements.txt'
BOM = b'\xef\xbb\xbf'
FIX = 'dockerfile-requirements --fix'

# ------------------------------------------------------------------- events

_SHELLS = frozenset(('sh', 'bash', 'dash', 'ash', 'zsh', 'ksh'))
_VERSION_CHARS = frozenset('0123456789.')


def _versioned(name: str, program: str) -> bool:
    """``program`` with an optional version: ``pip``, ``pip3``, ``python3.11``
    (the fullmatch of ``program[0-9.]*``)."""
    return name.startswith(program) and all(c in _VERSION_CHARS for c in name[len(program):])


# Something a RUN/COPY does with requirements.  kind: 'compile', 'resolve'
# (pip-reqs resolve), 'reads', 'copy', 'glob' (a COPY source pattern that
# matches requirements.txt), 'provide' (COPY --from another stage), 'from'
# (a new build stage); label: what to call it in a message;
# offset: its source offset (for the line); inst: the Instruction; where:
# where it sits, (top-level commands of a shell-form RUN: list[Command],
# index) when the command can be edited, else None
class Event(Record):
    __slots__ = ('kind', 'label', 'offset', 'inst', 'where')

    def __init__(self, kind: Any, label: Any, offset: Any, inst: Any, where: Any) -> None:
        self.kind = kind
        self.label = label
        self.offset = offset
        self.inst = inst
        self.where = where


def _basename(value: str) -> str:
    return posixpath.basename(value.rstrip('/'))


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
                hi = lo
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


def _option_values(args: list[str], short: str, long: str) -> list[int]:
    """Indexes of the values of ``-x V``, ``-xV``, ``--long V``, ``--long=V``."""
    found = []
    k = 0
    while k < len(args):
        a = args[k]
        if a in (short, long) and k + 1 < len(args):
            found.append(k + 1)
            k += 1
        elif a.startswith(long + '='):
            found.append(k)
        elif a.startswith(short) and not a.startswith('--') and len(a) > len(short):
            found.append(k)
        k += 1
    return found


def _option_value(arg: str, short: str, long: str) -> str:
    if arg.startswith(long + '='):
        return arg[len(long) + 1:]
    if arg.startswith(short) and not arg.startswith('--') and len(arg) > len(short):
        return arg[len(short):]
    return arg


def _writes_other_file(args: list[str]) -> bool:
    """True when a compile's output is some other file than requirements.txt
    (``-o dev.txt``, or ``pip-compile dev.in`` without -o)."""
    outs = _option_values(args, '-o', '--output-file')
    if outs:
        return all(_basename(_option_value(args[k], '-o', '--output-file')) != TXT for k in outs)
    sources = [a for a in args if a.endswith('.in')]
    return bool(sources) and not any(_basename(a) == 'requirements.in' for a in sources)


def classify(words: list[Word]) -> list[tuple[str, str, Word]]:
    """(kind, label, word) of what one command does with requirements;
    ``kind`` 'shell' means: the word's value is a script to read."""
    if not words:
        return []
    name = _basename(words[0].value)
    values = [w.value for w in words[1:]]
    positional = [v for v in values if not v.startswith('-')]
    found: list[tuple[str, str, Word]] = []
    if name == 'pip-reqs' and positional[:1] == ['compile']:
        found.append(('compile', 'pip-reqs compile', words[0]))
    elif name == 'pip-reqs' and positional[:1] == ['resolve']:
        found.append(('resolve', 'pip-reqs resolve', words[0]))
    elif name == 'pip-compile':
        if not _writes_other_file(values):
            found.append(('compile', 'pip-compile', words[0]))
    elif name == 'uv' and positional[:2] == ['pip', 'compile']:
        if not _option_values(values, '-o', '--output-file') or not _writes_other_file(values):
            found.append(('compile', 'uv pip compile', words[0]))
    elif _versioned(name, 'python') and '-m' in values:
        k = values.index('-m')
        module = values[k + 1] if k + 1 < len(values) else ''
        rest = words[k + 3:]  # values[k] is words[k + 1]
        if module == 'piptools' and rest and rest[0].value == 'compile':
            if not _writes_other_file([w.value for w in rest[1:]]):
                found.append(('compile', 'python -m piptools compile', words[0]))
        elif module == 'pip' and rest:
            found.extend(classify([Word('pip', words[0].start, words[0].end), *rest]))
    elif (_versioned(name, 'pip') and positional[:1] in (['install'], ['wheel'], ['download'])) or (
        name == 'uv' and positional[:2] in (['pip', 'install'], ['pip', 'sync'])
    ):
        args = [w.value for w in words]
        what = ' '.join([name, *positional[:2 if name == 'uv' else 1]])
        for opt in (('-r', '--requirement'), ('-c', '--constraint')):
            for k in _option_values(args, *opt):
                if _basename(_option_value(args[k], *opt)) == TXT:
                    found.append(('reads', f'{what} {opt[0]} requirements.txt', words[k]))
        if name == 'uv' and positional[1] == 'sync':
            for w in words[3:]:
                if _basename(w.value) == TXT:
                    found.append(('reads', 'uv pip sync requirements.txt', w))
    elif name == 'pip-sync':
        files = [w for w in words[1:] if not w.value.startswith('-')]
        if not files:
            found.append(('reads', 'pip-sync', words[0]))
        found.extend(('reads', 'pip-sync requirements.txt', w) for w in files if _basename(w.value) == TXT)
    elif name in _SHELLS:
        for k, w in enumerate(words[1:-1], 1):
            if w.value.startswith('-') and not w.value.startswith('--') and 'c' in w.value:
                found.append(('shell', '', words[k + 1]))
                break
    return found


def _script_events(
    text: str, script: str, base: int, inst: Instruction, found: list[Event], top: bool,
) -> None:
    """Events of a shell script.  ``top``: the RUN's own shell form, whose
    offsets map through the instruction's pieces (and whose commands can be
    edited); otherwise a heredoc body starting at source offset ``base``."""
    cmds = commands(script)
    docs = list(inst.heredocs)  # the bodies BuildKit found, in order

    def at(i: int) -> int:
        return inst.source_offset(inst.args_start + i) if top else base + i

    for index, cmd in enumerate(cmds):
        words = argv(cmd.words)
        for kind, label, word in classify(words):
            if kind == 'shell':
                _nested_events(word.value, at(word.start), inst, found)
            else:
                found.append(Event(kind, label, at(word.start), inst, (cmds, index) if top else None))
        if not top:
            continue
        # `RUN <<EOF` (the heredoc is the script) or `RUN bash <<EOF`;
        # `RUN cat <<EOF > file` only writes a file
        for doc_word in cmd.heredocs:
            if not docs or docs[0].name != doc_word.value:
                continue  # a heredoc for the shell only (`cat<<EOF`, `<<- EOF`)
            doc = docs.pop(0)
            if not words or (
                _basename(words[0].value) in _SHELLS
                and all(w.value.startswith('-') for w in words[1:])
            ):
                _script_events(text, text[doc.start:doc.end], doc.start, inst, found, False)


def _nested_events(script: str, offset: int, inst: Instruction, found: list[Event]) -> None:
    """Events inside ``sh -c '...'`` or an exec form: reported at the word,
    never edited."""
    for cmd in commands(script):
        for kind, label, _ in classify(argv(cmd.words)):
            if kind != 'shell':
                found.append(Event(kind, label, offset, inst, None))


def raw_args(inst: Instruction) -> list[Word]:
    """An instruction's argument words (FROM, COPY: no shell, just words)."""
    return [w for c in commands(inst.args) for w in c.words]


def events(df: Dockerfile) -> list[Event]:
    """What the Dockerfile's RUN, COPY and ADD instructions do with
    requirements, in file order."""
    found: list[Event] = []
    for inst in df.instructions:
        if inst.keyword == 'FROM':
            words = [w.value for w in raw_args(inst) if not w.value.startswith('--')]
            found.append(Event('from', ' '.join(words).lower(), inst.start, inst, None))
        elif inst.keyword == 'RUN':
            exec_args = inst.exec_form(df.escape)
            if exec_args is None:
                _script_events(df.text, inst.args, 0, inst, found, True)
                continue
            at = inst.source_offset(inst.args_start)
            for kind, label, word in classify(argv([Word(v, 0, 0) for v in exec_args])):
                if kind == 'shell':
                    _nested_events(word.value, at, inst, found)
                else:
                    found.append(Event(kind, label, at, inst, None))
        elif inst.keyword in ('COPY', 'ADD'):
            exec_args = inst.exec_form(df.escape)
            if exec_args is not None:
                at = inst.source_offset(inst.args_start)
                words = [Word(v, at, at) for v in exec_args]
            else:
                words = [
                    Word(w.value, inst.source_offset(inst.args_start + w.start), 0)
                    for c in commands(inst.args) for w in c.words
                ]
            # --from: another stage or image, not the build context
            other = any(w.value.startswith('--from') for w in words)
            paths = [w for w in words if not w.value.startswith('--')]
            for w in paths[:-1]:
                name = _basename(w.value)
                if name == TXT:
                    kind = 'provide' if other else 'copy'
                    found.append(Event(kind, f'{inst.keyword} requirements.txt', w.start, inst, None))
                elif has_wildcards(name) and path_match(name, TXT):
                    # `COPY requirements.* /app/`: copies requirements.txt
                    # when there is one, else whatever else matches
                    kind = 'provide' if other else 'glob'
                    found.append(Event(kind, f'{inst.keyword} {w.value}', w.start, inst, None))
    found.sort(key=lambda e: e.offset)
    return found


# -------------------------------------------------------------------- edits


# Replace text[start:end] with ``text``; line: where, for the message;
# message: what it did ('removed `...`')
class Edit(Record):
    __slots__ = ('start', 'end', 'text', 'line', 'message')

    def __init__(self, start: Any, end: Any, text: Any, line: Any, message: Any) -> None:
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
    import re  # only for a Dockerfile to fix: the check itself needs none

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


# -------------------------------------------------------------------- rules


# What check() says of one Dockerfile: findings, warnings: list[str];
# edits: list[Edit], what --fix would do
class Result(Record):
    __slots__ = ('findings', 'warnings', 'edits')

    def __init__(self, findings: Any, warnings: Any, edits: Any) -> None:
        self.findings = findings
        self.warnings = warnings
        self.edits = edits


def _innermost(sections: list[Section], line: int, names: Sequence[str] | None = None) -> Section | None:
    inside = [s for s in sections if s.contains(line) and (names is None or s.name in names)]
    return inside[-1] if inside else None


def _copied_before(evs: list[Event]) -> set[int]:
    """The offsets of the compiles whose build stage already has
    requirements.txt copied in (``COPY requirements.txt``, a pattern that
    matches it, ``COPY --from``); a stage built FROM an earlier stage
    inherits what that one has."""
    has: dict[str, bool] = {}
    copied = False
    stage = ''
    found = set()
    for ev in evs:
        if ev.kind == 'from':
            words = ev.label.split()
            copied = has.get(words[0] if words else '', False)
            stage = words[2] if len(words) == 3 and words[1] == 'as' else ''
        elif ev.kind in ('copy', 'glob', 'provide'):
            copied = True
        elif ev.kind == 'compile' and copied:
            found.add(ev.offset)
        if stage:
            has[stage] = copied
    return found


def check(df: Dockerfile, path: str, txt: str, txt_state: str | None) -> Result:
    """The rules on one parsed Dockerfile.  ``txt_state`` is None when
    requirements.txt exists, else why it does not ('does not exist')."""
    evs = events(df)
    sections = df.sections()
    findings: list[str] = []
    warnings: list[str] = []
    edits: list[Edit] = []
    if txt_state is None:
        compiles = [e for e in evs if e.kind == 'compile']
        copied = _copied_before(evs)
        for ev in compiles:
            line = df.line_of(ev.offset)
            msg = (
                f'`{ev.label}` recompiles the requirements during the build, '
                f'so the build throws the pinned {txt} away'
            )
            section = _innermost(sections, line)
            if section is not None:
                msg += (
                    f'; it sits in the Divio `# <{section.name}>` section, which the Control Panel '
                    f'also rewrites at deployment, and local builds ignore the pins until it is removed'
                )
            edit = removal(df, ev)
            if edit is not None:
                edits.append(edit)
                how = FIX
            elif ev.label == 'pip-reqs compile' or ev.offset in copied:
                how = f'remove `{ev.label}` from this RUN by hand'
            else:
                how = f'remove `{ev.label}` from this RUN by hand, and COPY {TXT} into the image instead'
            findings.append(f'{located(path, line, msg)}\n  fix: {how}')
        if all(removal(df, ev) is not None for ev in compiles):
            # nothing compiles (or will not, after --fix): the tags go too
            for s in sections:
                if s.name == 'PYTHON' or (
                    s.name == 'DOCKER_BUILD' and any(s.contains(df.line_of(e.offset)) for e in evs)
                ):
                    tag = f'# <{s.name}>'
                    if not compiles:
                        warnings.append(
                            located(
                                path, s.open.line,
                                f'warning: nothing compiles requirements, but the Divio `{tag}` tags '
                                f'remain (lines {s.open.line} and {s.close.line}): the Control Panel owns '
                                f'the tagged section and rewrites it at deployment, which can put the '
                                f'compile step back',
                            ) + f'\n  fix: {FIX} (removes the two tag lines), or delete them by hand',
                        )
                    edits.append(Edit(s.open.start, s.open.end, '', s.open.line, f'removed the `{tag}` tag'))
                    edits.append(Edit(s.close.start, s.close.end, '', s.close.line, f'removed the `# </{s.name}>` tag'))
        return Result(findings, warnings, edits)

    # a build stage has the file once a compile (or COPY --from) made it;
    # a stage built FROM an earlier stage inherits it
    has: dict[str, bool] = {}
    stage_has = restored = False
    stage = ''
    for ev in evs:
        line = df.line_of(ev.offset)
        if ev.kind == 'from':
            words = ev.label.split()
            base = words[0] if words else ''
            stage_has = restored = has.get(base, False)
            if len(words) == 3 and words[1] == 'as':
                has[words[2]] = stage_has
                stage = words[2]
            else:
                stage = ''
            continue
        if ev.kind in ('compile', 'provide'):
            stage_has = True
            if stage:
                has[stage] = True
            continue
        if ev.kind == 'copy':
            msg = f'`{ev.label}` copies {txt}, which {txt_state}: the build breaks'
            how = f'pin: requirements-compile --create, then git add {txt}; or remove it from this {ev.inst.keyword}'
        elif ev.kind in ('resolve', 'reads') and not stage_has:
            msg = f'`{ev.label}` reads {txt}, which {txt_state} and nothing compiles before this line: the build breaks'
            edit = restoring(df, ev) if ev.kind == 'resolve' and not restored else None
            if edit is not None:
                edits.append(edit)
                restored = True  # one compile step per stage
                how = f'{FIX} (puts `pip-reqs compile && {df.escape}` back), or pin: requirements-compile --create, then git add {txt}'
            else:
                how = f'pin: requirements-compile --create, then git add {txt}; or compile requirements before this line'
        else:
            continue
        findings.append(f'{located(path, line, msg)}\n  fix: {how}')
    return Result(findings, warnings, edits)


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


# ----------------------------------------------------------------- one file


# What check_file() says of one Dockerfile's bytes.  path: str; data: the
# snapshot's bytes; new: bytes | None, what --fix would write; lines:
# list[str], findings and warnings to print (after --fix); unfixed: the same
# before --fix, printed when nothing is written; fixed: list[str], what --fix
# changed; failed: bool, a finding (or a warning under --strict)
class Checked(Record):
    __slots__ = ('path', 'data', 'new', 'lines', 'unfixed', 'fixed', 'failed')

    def __init__(self, path: Any, data: Any, new: Any, lines: Any, unfixed: Any, fixed: Any, failed: Any) -> None:
        self.path = path
        self.data = data
        self.new = new
        self.lines = lines
        self.unfixed = unfixed
        self.fixed = fixed
        self.failed = failed


def check_file(data: bytes, path: str, txt: str, txt_state: str | None, fix: bool, strict: bool) -> Checked:
    """Judge one Dockerfile's bytes; with ``fix``, apply the edits until
    none is left (at most 8 rounds).  Raises BadInput."""
    text = decode(data, path)
    fixed: list[str] = []
    new = text
    unfixed: list[str] | None = None
    for _ in range(8):
        result = check(parse(new, path), path, txt, txt_state)
        if unfixed is None:
            unfixed = result.findings + result.warnings
        if not fix or not result.edits:
            break
        new, done = apply(new, result.edits)
        fixed.extend(located(path, e.line, 'fixed: ' + e.message) for e in done)
    new_bytes = None
    if new != text:
        new_bytes = (BOM if data.startswith(BOM) else b'') + new.encode('utf-8')
    failed = bool(result.findings) or (strict and bool(result.warnings))
    return Checked(path, data, new_bytes, result.findings + result.warnings, unfixed or [], fixed, failed)
