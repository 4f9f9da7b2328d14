"""Rule 4: a pin nothing needs any more -- its ``# via`` annotation names
only packages that are gone, or ``-r requirements.in`` for a line that is no
longer there; a pin without an annotation is not judged (README.md,
"requirements-fresh")."""
from __future__ import annotations

from hooks.finding import Finding
from hooks.readers import pinfile
from hooks.readers import pip_syntax

RULE = 4
METADATA_FILES = ('pyproject.toml', 'setup.cfg', 'setup.py')


def names_metadata(entry: str) -> bool:
    """Whether a ``# via`` entry names a project by its metadata file, as
    pip-compile and uv write the requirements of a pyproject.toml source:
    ``webapp (pyproject.toml)``, ``webapp (pyproject.toml:lint)``."""
    _, sep, rest = entry.partition(' (')
    if not sep or not rest.endswith(')'):
        return False
    path = rest[:-1].split(':', 1)[0]
    return path.rsplit('/', 1)[-1] in METADATA_FILES


def findings(pins: dict[str, pinfile.Pin], required: set[str], unnamed: set[str], txt_path: str) -> list[Finding]:
    """The pins that nothing ``required`` (the requirements' names) or
    pinned needs.  ``unnamed``: path pins whose distribution has no name we
    can read (setup.py): any of them may be the parent, so none is
    judged by a parent's name."""
    found = []
    for pin in (p for named in pins.values() for p in pinfile.all_pins(named)):
        judged = alive = False
        for entry in pin.via:
            if entry.startswith('-c'):
                continue
            judged = True
            if entry.startswith('-r') or names_metadata(entry):
                # '-r /workspace/requirements.in': the name of the file
                # varies (build containers, moved lines); still required
                # anywhere is needed.  'webapp (pyproject.toml)',
                # 'webapp (pyproject.toml:lint)' (uv: a dependency group)
                # name the project's own metadata the same way
                alive = pin.name in required
            else:
                parent = pip_syntax.normalize(entry.split('[', 1)[0].split(' (', 1)[0].strip())
                # a folder whose distribution has no name we can read
                # (setup.py) may be the parent: not judged
                alive = parent in required or parent in pins or bool(unnamed)
            if alive:
                break
        if judged and not alive:
            found.append(Finding(txt_path, pin.line, f'{pin.name} {pin.version or ""} is pinned, but nothing needs it any more (via {", ".join(pin.via)})'.replace('  ', ' '), RULE))
    return found
