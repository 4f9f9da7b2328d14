"""Never silent (README.md, "requirements-fresh"): a compiled file that
cannot be judged -- its header's inputs are nowhere, its dependencies are
computed (setup.py, ``dynamic``) and no fingerprint vouches, a lock whose
producer is unknown -- is a finding (exit 1), not a notice: pre-commit
shows nothing of a passing hook.  ``--unchecked PATH`` (repeatable, kept in
.pre-commit-config.yaml) accepts one deliberately."""
from __future__ import annotations

import os

from hooks.report import BadInput
from hooks.report import FINDING
from hooks.report import OK
from hooks.snapshot import inside

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.finding import Finding
    from hooks.report import Report


def paths(given: list[str] | None, root: str) -> set[str]:
    """The repo-relative paths ``--unchecked`` names (relative to the
    current folder)."""
    found = set()
    for path in given or ():
        rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, '/')
        try:
            found.add(inside(rel))
        except BadInput:
            raise BadInput(path, 0, '--unchecked: is outside the repository') from None
    return found


def report(report: Report, found: Finding, output: str, unchecked: set[str]) -> int:
    """Report ``found`` (a file that cannot be judged) as a finding with the
    argument that accepts it; nothing when ``unchecked`` holds its output
    or its path.  The exit code it asks for."""
    if output in unchecked or found.path in unchecked:
        return OK
    report.add(found)
    from hooks.fix_line import quote
    report.hint(f"accept it deliberately: add --unchecked {quote(output)} to the hook's args in .pre-commit-config.yaml")
    return FINDING
