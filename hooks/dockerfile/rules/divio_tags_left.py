"""requirements.txt exists and nothing compiles (or will not, after
``--fix``), but Divio's ``# <PYTHON>`` tags remain: the Control Panel owns
the tagged section and can put the compile step back at deployment.  A
warning (``--strict`` makes it an error), with the edits that drop the tag
lines; the tags also go when ``--fix`` drops the compile steps (README.md,
"dockerfile-requirements").
"""
from __future__ import annotations

from hooks.dockerfile.edits import Edit
from hooks.dockerfile.edits import removal
from hooks.dockerfile.findings import Finding
from hooks.dockerfile.findings import FIX
from hooks.dockerfile.findings import Result

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.dockerfile.events import Event
    from hooks.dockerfile.instructions import Dockerfile
    from hooks.dockerfile.instructions import Section


def judge(df: Dockerfile, evs: list[Event], sections: list[Section], path: str, strict: bool) -> Result:
    """The tagged sections that hold the Python steps (``# <PYTHON>``, and a
    ``# <DOCKER_BUILD>`` with a requirements step in it), for a project
    whose requirements.txt exists."""
    warnings: list[Finding] = []
    edits: list[Edit] = []
    compiles = [e for e in evs if e.kind == 'compile']
    if not all(removal(df, ev) is not None for ev in compiles):
        return Result([], warnings, edits)  # a compile stays: its finding says so
    for s in sections:
        if s.name == 'PYTHON' or (
            s.name == 'DOCKER_BUILD' and any(s.contains(df.line_of(e.offset)) for e in evs)
        ):
            tag = f'# <{s.name}>'
            if not compiles:
                warnings.append(Finding(
                    path, s.open.line,
                    f'warning: nothing compiles requirements, but the Divio `{tag}` tags '
                    f'remain (lines {s.open.line} and {s.close.line}): the Control Panel owns '
                    f'the tagged section and rewrites it at deployment, which can put the '
                    f'compile step back',
                    'error' if strict else 'warning',
                    FIX,  # removes the two tag lines
                ))
            edits.append(Edit(s.open.start, s.open.end, '', s.open.line, f'removed the `{tag}` tag'))
            edits.append(Edit(s.close.start, s.close.end, '', s.close.line, f'removed the `# </{s.name}>` tag'))
    return Result([], warnings, edits)
