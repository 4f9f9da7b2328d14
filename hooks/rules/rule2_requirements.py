"""Rule 2: each of your own requirements is pinned, and its pin satisfies
its specifier; a constraint (``-c``) is met where a pin exists (README.md,
"requirements-fresh")."""
from __future__ import annotations

from hooks.finding import Finding
from hooks.readers import requirements
from hooks.rules.pin_match import judge
from hooks.rules.pin_match import Pins

RULE = 2


def findings(r: requirements.Req, pinned: Pins) -> list[Finding]:
    """Rule 2 on one requirement of your own (not an addon)."""
    return judge(r, 'requirement', RULE, pinned)


def constraint_findings(inputs: list[requirements.InputFile], layers: frozenset[str], root_name: str, pinned: Pins) -> list[Finding]:
    """Rule 2 on the constraints of the ``-c`` inputs that are no compiled
    outputs (``layers``: rule 6 judges those): each with a specifier
    constrains the pin of its name, if there is one."""
    found: list[Finding] = []
    files = [f._replace(kind='-r') for f in inputs if f.kind == '-c' and f.path not in layers]
    for r in requirements.requirements(files, root_name):
        if r.req is not None and not r.req.url and r.req.specifier:
            found += judge(r, 'constraint', RULE, pinned, constraint=True)
    return found
