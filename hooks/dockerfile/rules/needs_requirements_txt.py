"""requirements.txt does not exist and the build needs it (``pip-reqs
resolve`` or ``pip install -r requirements.txt`` with no compile before it
in the same build stage, ``COPY requirements.txt``): the build breaks.  A
finding, with the edit that puts ``pip-reqs compile && \\`` back before the
stage's first ``pip-reqs resolve`` (README.md, "dockerfile-requirements").
"""
from __future__ import annotations

from hooks.dockerfile.edits import restoring
from hooks.dockerfile.findings import Finding
from hooks.dockerfile.findings import FIX
from hooks.dockerfile.findings import Result
from hooks.fix_line import quote

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.dockerfile.edits import Edit
    from hooks.dockerfile.events import Event
    from hooks.dockerfile.instructions import Dockerfile


def judge(df: Dockerfile, evs: list[Event], path: str, txt: str, txt_state: str) -> Result:
    """A finding at each step that needs requirements.txt (``txt``), which
    ``txt_state`` ('does not exist', 'is not staged ...')."""
    findings: list[Finding] = []
    edits: list[Edit] = []
    # a build stage has the file once a compile (or COPY --from) made it;
    # a stage built FROM an earlier stage inherits it
    has: dict[str, bool] = {}
    stage_has = restored = False
    stage = ''
    for ev in evs:
        pin = how = hint = None
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
            hint = f'pin it first (requirements-compile --create, then git add {txt}), or remove it from this {ev.inst.keyword}'
        elif ev.kind in ('resolve', 'reads') and not stage_has:
            msg = f'`{ev.label}` reads {txt}, which {txt_state} and nothing compiles before this line: the build breaks'
            edit = restoring(df, ev) if ev.kind == 'resolve' and not restored else None
            if edit is not None:
                edits.append(edit)
                restored = True  # one compile step per stage
                how = FIX  # puts `pip-reqs compile && \` back
                pin = f'requirements-compile --create && git add {quote(txt)}'
            else:
                hint = f'pin it first (requirements-compile --create, then git add {txt}), or compile requirements before this line'
        else:
            continue
        findings.append(Finding(path, line, msg, 'error', how, pin, hint))
    return Result(findings, [], edits)
