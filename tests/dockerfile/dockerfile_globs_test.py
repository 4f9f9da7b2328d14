from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hooks.dockerfile.globs import path_match
from testing.lexemes import lexing

# Go's path/filepath.Match, which BuildKit expands COPY/ADD sources with
# (these answers are Go's own)
MATCHES = (
    ('requirements.*', 'requirements.txt', True),
    ('req*.t?t', 'requirements.txt', True),
    ('*', 'requirements.txt', True),
    ('*', 'a/b', False),
    ('a*/b', 'abc/b', True),
    ('a*/b', 'a/c/b', False),
    ('a*b*c', 'axbxbxc', True),
    ('a*b*c', 'axbxbxcx', False),
    ('a?c', 'a/c', False),
    ('a?c', 'a\u00e9c', True),
    ('[rR]eq', 'Req', True),
    ('[a-c]x', 'bx', True),
    ('[^a-c]x', 'bx', False),
    ('[^a-c]x', 'dx', True),
    ('[!a]', '!', True),
    ('[!a]', 'b', False),
    ('[\\]a]', ']', True),
    ('[\\-]', '-', True),
    ('[x\\-]', '-', True),
    ('a\\*b', 'a*b', True),
    ('a\\*b', 'axb', False),
    ('[*]', '*', True),
    ('[', 'a', False),
    ('[]a]', ']', False),
    ('[-]', '-', False),
    ('[x-]', 'x', False),
    ('[a-b-c]', 'a', False),
    ('a\\', 'a', False),
    ('*x[', 'xx', False),
    ('', '', True),
    ('*', '', True),
)


@pytest.mark.parametrize(('pattern', 'name', 'expected'), MATCHES)
def test_path_match_is_go_filepath_match(pattern: str, name: str, expected: bool) -> None:
    assert path_match(pattern, name) == expected


def _glob_part() -> st.SearchStrategy[tuple[str, str]]:
    """A well-formed piece of a Go pattern and the Python expression it
    means."""
    chars = st.sampled_from('ab.r/-^]!*?[\\\u00e9')
    literal = chars.map(lambda c: ('\\' + c if c in '*?[\\' else c, re.escape(c)))
    ranges = st.lists(st.tuples(st.sampled_from('abr-]^\\'), st.sampled_from('abrz')), min_size=1, max_size=3)

    def klass(negated: bool, pairs: list[tuple[str, str]]) -> tuple[str, str]:
        go = ''.join('\\' + lo + '-' + hi for lo, hi in pairs)
        py = ''.join(re.escape(lo) + '-' + re.escape(hi) for lo, hi in pairs if lo <= hi)
        if not py:
            return ('[' + ('^' if negated else '') + go + ']', '.' if negated else '(?!)')
        return ('[' + ('^' if negated else '') + go + ']', ('[^' if negated else '[') + py + ']')

    return st.one_of(
        literal,
        st.just(('*', '[^/]*')),
        st.just(('?', '[^/]')),
        st.builds(klass, st.booleans(), ranges),
    )


@lexing
@given(st.lists(_glob_part(), max_size=6), st.lists(st.sampled_from('ab.r/-]!*?[\\\u00e9z'), max_size=7).map(''.join))
def test_path_match_is_its_expression(parts: list[tuple[str, str]], name: str) -> None:
    pattern = ''.join(go for go, _ in parts)
    expression = ''.join(py for _, py in parts)
    assert path_match(pattern, name) == (re.fullmatch(expression, name, re.S) is not None)
