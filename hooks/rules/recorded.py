"""What a compiled file's header says that the rules need (README.md,
"requirements-fresh"): the Python its pins were resolved for (read as rule
8 reads it, hooks.rules.rule8_python), whether its pins keep extras
(``--no-strip-extras``), whether it was compiled with
``--generate-hashes``, and uv's ``--universal`` (:func:`universal`)."""
from __future__ import annotations

from hooks.compiled import Compiled
from hooks.readers import header
from hooks.rules import rule8_python


def compiled_for(project: Compiled, text: str, path: str) -> tuple[str | None, bool, bool]:
    """(the Python the pins were resolved for, or None -- uv's
    ``--universal`` Python is a lower bound, its pins carry markers;
    whether pins record extras; whether it was compiled with
    ``--generate-hashes``)."""
    found = rule8_python.compiled_for(project, text, path)
    python = None if found is None or found[2] else found[0]
    recorded = project.recorded
    if recorded is None:  # also Divio's ``pip-compile --output-file=- -``
        recorded = header.read(text, path, stdin=True)
    if recorded is None:
        return python, False, False
    options = project.options
    return python, '--no-strip-extras' in options, bool(recorded.generate_hashes or '--generate-hashes' in options)


def universal(project: Compiled, text: str, path: str) -> tuple[bool, str | None]:
    """(compiled with uv's ``--universal``, the lowest Python it resolved
    for or None): such a file pins every environment's packages, each under
    its marker."""
    found = rule8_python.compiled_for(project, text, path)
    if found is not None:
        return found[2], found[0] if found[2] else None
    return project.has('--universal'), None
