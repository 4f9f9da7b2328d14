"""Hypothesis strategies for the lexing helpers' tests: strings near an
expression, for checking a str-method lexer against the regular expression
it implements (tests/dockerfile/)."""
from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st

LEXEMES = st.lists(st.sampled_from([
    ' ', '\t', '\r', '\f', '\u00a0', '\u2028', '#', '<', '>', '/', '=', '-', '\\', '`',
    'a', 'Z', 'PYTHON', 'escape', 'x', '_', '0', '7', '\u0663', '.', 'pip', 'python', 'EOF',
]), max_size=10).map(''.join)
lexing = settings(max_examples=500, deadline=None)


def around(pattern: str) -> st.SearchStrategy[str]:
    """Strings near ``pattern``: random ones, matches, matches with a tail,
    and matches with one character dropped (the near misses)."""
    match = st.from_regex(pattern, fullmatch=True)
    return st.one_of(
        LEXEMES, match,
        st.tuples(match, LEXEMES).map(''.join),
        st.tuples(match, st.integers(0, 12)).map(lambda t: t[0][:t[1]] + t[0][t[1] + 1:]),
    )

