"""Version specifiers made of releases alone (``>=3.9,<3.13``,
``~=3.11``, ``==3.10.*``), judged with str methods: what requires-python
almost always is, read on the fast path without importing packaging
(README.md, "requirements-fresh", rule 8)."""
from __future__ import annotations

_OPERATORS = ('===', '~=', '==', '!=', '<=', '>=', '<', '>')
_DIGITS = frozenset('0123456789')


def simple_specifier(spec: str) -> list[tuple[str, tuple[int, ...], bool]] | None:
    """The clauses (operator, release, ``.*``) of a specifier made only of
    releases (``>=3.9,<3.13``, ``~=3.11``, ``==3.10.*``): what
    requires-python almost always is, judged without importing packaging.
    None for anything else (pre-releases, local versions, ``===``, an
    invalid specifier): packaging decides those."""
    clauses = []
    for clause in spec.split(','):
        clause = clause.strip()
        op = next((o for o in _OPERATORS if clause.startswith(o)), '')
        if not op or op == '===':
            return None
        version = clause[len(op):].strip()
        star = version.endswith('.*')
        if star:
            if op not in ('==', '!='):
                return None
            version = version[:-2]
        parts = version.split('.')
        if not all(part and _DIGITS.issuperset(part) for part in parts) or (op == '~=' and len(parts) < 2):
            return None
        clauses.append((op, tuple(int(part) for part in parts), star))
    return clauses


def holds(clauses: list[tuple[str, tuple[int, ...], bool]], version: tuple[int, ...]) -> bool:
    """Whether the final release ``version`` satisfies every clause, as
    PEP 440 compares releases (zero-padded)."""
    for op, release, star in clauses:
        if star:
            padded = (version + (0,) * len(release))[:len(release)]
            if (padded == release) != (op == '=='):
                return False
            continue
        n = max(len(release), len(version))
        v = version + (0,) * (n - len(version))
        r = release + (0,) * (n - len(release))
        if op == '~=':
            ok = v >= r and version[:len(release) - 1] == release[:-1]
        else:
            ok = {'==': v == r, '!=': v != r, '<=': v <= r, '>=': v >= r, '<': v < r, '>': v > r}[op]
        if not ok:
            return False
    return True
