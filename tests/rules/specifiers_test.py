"""Release-only specifiers judged without packaging (hooks/rules/specifiers.py)."""
from __future__ import annotations

import pytest

from hooks.rules import specifiers

SPECIFIERS = (
    '>=3.9', '>3.11', '>3.11.0', '<3.12', '<=3.11', '<=3.11.2', '==3.11', '==3.11.4', '!=3.11', '!=3.11.*',
    '==3.10.*', '==3.*', '~=3.11', '~=3.11.4', '~=3.10,!=3.10.2', '>=3.8,<3.12,!=3.9.*', ' >= 3.9 , < 3.13 ',
    '==3', '>=3.11.99', '<3.11.1',
)


@pytest.mark.parametrize('spec', SPECIFIERS)
def test_simple_specifier_is_pep_440(spec: str) -> None:
    # packaging as the oracle, for the releases rule 8 asks about
    from packaging.specifiers import SpecifierSet

    clauses = specifiers.simple_specifier(spec)
    assert clauses is not None
    oracle = SpecifierSet(spec)
    for minor in range(7, 15):
        for micro in (0, 1, 2, 3, 4, 5, 50, 99):
            assert specifiers.holds(clauses, (3, minor, micro)) == oracle.contains(f'3.{minor}.{micro}'), (spec, minor, micro)


@pytest.mark.parametrize('spec', ('>=3.12.0rc1', '===3.11.4', '>=3.11+local', '>=3.x', '~=3', '>=3.11.*', '', '>=', '3.11', '>=3.11.'))
def test_other_specifiers_go_to_packaging(spec: str) -> None:
    assert specifiers.simple_specifier(spec) is None
