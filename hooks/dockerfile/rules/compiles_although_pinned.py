"""requirements.txt exists and a RUN compiles requirements (``pip-reqs
compile``, ``pip-compile``, ``uv pip compile``, ``python -m piptools
compile``): the build throws the pins away.  A finding at that line, with
the edit that drops a ``pip-reqs compile`` step (README.md,
"dockerfile-requirements").
"""
from __future__ import annotations

from hooks.dockerfile.edits import removal
from hooks.dockerfile.findings import Finding
from hooks.dockerfile.findings import FIX
from hooks.dockerfile.findings import Result
from hooks.dockerfile.programs import TXT

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.dockerfile.edits import Edit
    from hooks.dockerfile.events import Event
    from hooks.dockerfile.instructions import Dockerfile
    from hooks.dockerfile.instructions import Section


def _innermost(sections: list[Section], line: int) -> Section | None:
    inside = [s for s in sections if s.contains(line)]
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


def judge(df: Dockerfile, evs: list[Event], sections: list[Section], path: str, txt: str) -> Result:
    """A finding at each compile step, for a project whose requirements.txt
    (``txt``) exists."""
    findings: list[Finding] = []
    edits: list[Edit] = []
    copied = _copied_before(evs)
    for ev in evs:
        if ev.kind != 'compile':
            continue
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
        # --fix's edit, else what to do by hand: a hint, since no command does it
        how = hint = None
        if edit is not None:
            edits.append(edit)
            how = FIX
        elif ev.label == 'pip-reqs compile' or ev.offset in copied:
            hint = f'remove `{ev.label}` from this RUN by hand (--fix cannot edit it safely)'
        else:
            hint = f'remove `{ev.label}` from this RUN by hand (--fix cannot edit it safely), and COPY {TXT} into the image instead'
        findings.append(Finding(path, line, msg, 'error', how, hint=hint))
    return Result(findings, [], edits)
