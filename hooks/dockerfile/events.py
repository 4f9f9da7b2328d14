"""What a Dockerfile's FROM, RUN, COPY and ADD instructions do with
requirements, in file order (README.md, "dockerfile-requirements"): the
events the rules judge.  A RUN's shell form is read as shell commands
(heredoc scripts and ``sh -c '...'`` too), its exec form as one command; a
COPY or ADD source that is requirements.txt, or a pattern that matches it,
copies it.
"""
from __future__ import annotations

from hooks.dockerfile.globs import has_wildcards
from hooks.dockerfile.globs import path_match
from hooks.dockerfile.programs import basename
from hooks.dockerfile.programs import classify
from hooks.dockerfile.programs import SHELLS
from hooks.dockerfile.programs import TXT
from hooks.dockerfile.shell import argv
from hooks.dockerfile.shell import Command
from hooks.dockerfile.shell import commands
from hooks.dockerfile.shell import Word

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.dockerfile.instructions import Dockerfile
    from hooks.dockerfile.instructions import Instruction


class Event:
    """Something a RUN/COPY does with requirements.

    kind: 'compile', 'resolve' (pip-reqs resolve), 'reads', 'copy', 'glob'
    (a COPY source pattern that matches requirements.txt), 'provide' (COPY
    --from another stage), 'from' (a new build stage); label: what to call
    it in a message; offset: its source offset (for the line); inst: the
    Instruction; where: where it sits, (top-level commands of a shell-form
    RUN, index) when the command can be edited, else None.
    """
    __slots__ = ('inst', 'kind', 'label', 'offset', 'where')

    def __init__(
            self, kind: str, label: str, offset: int, inst: Instruction,
            where: tuple[list[Command], int] | None,
    ) -> None:
        self.kind = kind
        self.label = label
        self.offset = offset
        self.inst = inst
        self.where = where


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
                basename(words[0].value) in SHELLS
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
            names = [w.value for w in raw_args(inst) if not w.value.startswith('--')]
            found.append(Event('from', ' '.join(names).lower(), inst.start, inst, None))
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
                name = basename(w.value)
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
