from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from hooks.dockerfile.programs import versioned
from testing.lexemes import around
from testing.lexemes import LEXEMES
from testing.lexemes import lexing


@lexing
@given(st.one_of(LEXEMES, around(r'p(ip|ython)[0-9.]*')), st.sampled_from(['pip', 'python']))
def test_versioned_program_is_its_expression(name: str, program: str) -> None:
    assert versioned(name, program) == (re.fullmatch(program + r'[0-9.]*', name) is not None)
