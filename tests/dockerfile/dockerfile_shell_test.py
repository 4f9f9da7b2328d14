from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.dockerfile.shell import argv
from hooks.dockerfile.shell import commands
from hooks.dockerfile.shell import unquote


def split(s: str) -> list[tuple[list[str], str | None, str | None]]:
    """(word values, operator before, operator after) of each command."""
    return [
        ([w.value for w in c.words], c.before and c.before.value, c.after and c.after.value)
        for c in commands(s)
    ]


@pytest.mark.parametrize(
    ('text', 'expected'),
    (
        pytest.param('', [], id='empty'),
        pytest.param('a b', [(['a', 'b'], None, None)], id='one command'),
        pytest.param(
            'a && b; c | d',
            [(['a'], None, '&&'), (['b'], '&&', ';'), (['c'], ';', '|'), (['d'], '|', None)],
            id='operators',
        ),
        pytest.param('(a) || b &', [(['a'], '(', ')'), (['b'], '||', '&')], id='subshell and background'),
        pytest.param(
            'echo "a && b" \'c; d\' `e | f` && g',
            [(['echo', 'a && b', 'c; d', '`e | f`'], None, '&&'), (['g'], '&&', None)],
            id='quoted operators stay in the word',
        ),
        pytest.param('echo $(a && b) && c', [(['echo', '$(a && b)'], None, '&&'), (['c'], '&&', None)], id='command substitution'),
        pytest.param('a # b && c\nd', [(['a'], None, '\n'), (['d'], '\n', None)], id='comment to the end of the line'),
        pytest.param('a \\\n  b', [(['a', 'b'], None, None)], id='line continuation'),
        pytest.param('x 2>&1 >/dev/null y', [(['x', 'y'], None, None)], id='redirections are not words'),
        pytest.param('a\\ b "c\\"d"', [(['a b', 'c"d'], None, None)], id='escapes applied'),
    ),
)
def test_commands(text: str, expected: list[tuple[list[str], str | None, str | None]]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    ('text', 'heredocs'),
    (
        pytest.param('cat <<EOF > /f', [['EOF']], id='heredoc'),
        pytest.param('bash <<-"E" && cat <<\'F\'', [['E'], ['F']], id='chomp and quoted delimiters'),
        pytest.param('cat <<<"x" && bash <<EOF', [[], ['EOF']], id='a here-string is not a heredoc'),
        pytest.param('cat 0<<A 1<<B', [['A', 'B']], id='several, with descriptors'),
    ),
)
def test_heredoc_words(text: str, heredocs: list[list[str]]) -> None:
    assert [[w.value for w in c.heredocs] for c in commands(text)] == heredocs


def test_positions() -> None:
    s = 'RUN_ARGS=1 pip-reqs  compile && \\\n    pip-reqs resolve'
    (first, second) = commands(s)
    assert [s[w.start:w.end] for w in first.words] == ['RUN_ARGS=1', 'pip-reqs', 'compile']
    assert s[first.start:first.end] == 'RUN_ARGS=1 pip-reqs  compile'
    assert s[first.after.start:first.after.end] == '&&'
    assert s[second.start:second.end] == 'pip-reqs resolve'
    assert second.before == first.after


@pytest.mark.parametrize(
    ('text', 'expected'),
    (
        pytest.param('pip-compile -v', ['pip-compile', '-v'], id='plain'),
        pytest.param('A=1 B=2 pip-compile', ['pip-compile'], id='assignments'),
        pytest.param('--mount=type=cache,target=/root pip-compile', ['pip-compile'], id="RUN's flags"),
        pytest.param('env -i A=1 sudo nice pip-compile', ['pip-compile'], id='wrappers'),
        pytest.param('if pip-compile', ['pip-compile'], id='reserved word'),
        pytest.param('exec', [], id='nothing left'),
    ),
)
def test_argv(text: str, expected: list[str]) -> None:
    assert [w.value for w in argv(commands(text)[0].words)] == expected


def test_argv_env_option_with_value() -> None:
    assert [w.value for w in argv(commands('env -u X pip-compile')[0].words)] == ['pip-compile']


def test_quoted_paren_in_command_substitution() -> None:
    assert split('echo $(g ")" h) && i') == [(['echo', '$(g ")" h)'], None, '&&'), (['i'], '&&', None)]


@pytest.mark.parametrize(
    ('word', 'value'),
    (
        ('a"b c"\'d e\'', 'ab cd e'),
        ('\\ f', ' f'),
        ('"\\x\\$"', '\\x$'),
        ("'\\n'", '\\n'),
        ('"a\'b"', "a'b"),
    ),
)
def test_unquote(word: str, value: str) -> None:
    assert unquote(word) == value


TEXT = st.lists(st.sampled_from(list('ab =-$()`"\'\\#;&|<>\n\t\r0') + ['<<', '&&', '$(']), max_size=40).map(''.join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_words_are_their_source(s: str) -> None:
    """Every word's value is its source span unquoted, and words and
    commands come in order without overlapping: the edits rely on it."""
    last = 0
    for c in commands(s):
        assert last <= c.start <= c.end <= len(s)
        spans = sorted([*c.words, *c.heredocs], key=lambda w: w.start)
        for w in spans:
            assert c.start <= w.start <= w.end <= c.end
            assert w.value == unquote(s[w.start:w.end])
        for a, b in zip(spans, spans[1:], strict=False):
            assert a.end <= b.start
        last = c.end


# --- the lexing helpers against the expressions they implement ---------------

import re  # noqa: E402

from hooks.dockerfile import shell  # noqa: E402

SHELL_TEXT = st.text(st.sampled_from(['&', '|', ';', '(', ')', '\n', '<', '>', '-', '0', '2', '\u0663', 'a', '_', '=', ' ', 'Z']), max_size=8)
OPERATOR = r'&&|\|\||;;|\|&|[;|&()\n]'
REDIRECTION = r'(?:\d+|&)?(?:<<<|<<-|<<|>>|<>|<&|>&|>\||<|>)'
ASSIGNMENT = r'[A-Za-z_][A-Za-z0-9_]*='
NEAR = st.one_of(
    SHELL_TEXT,
    st.tuples(st.from_regex(f'(?:{OPERATOR}|{REDIRECTION}|{ASSIGNMENT})', fullmatch=True), SHELL_TEXT).map(''.join),
    st.tuples(SHELL_TEXT, st.from_regex(f'(?:{OPERATOR}|{REDIRECTION})', fullmatch=True), SHELL_TEXT).map(''.join),
)


@settings(max_examples=500, deadline=None)
@given(NEAR, st.integers(0, 8))
def test_operator_and_redirection_are_their_expressions(s: str, i: int) -> None:
    m = re.compile(OPERATOR).match(s, i)
    assert shell.operator_end(s, i) == (-1 if m is None else m.end())
    m = re.compile(REDIRECTION).match(s, i)
    assert shell.redirection_end(s, i) == (-1 if m is None else m.end())


@settings(max_examples=500, deadline=None)
@given(NEAR)
def test_assignment_is_its_expression(word: str) -> None:
    assert shell.is_assignment(word) == (re.match(ASSIGNMENT, word) is not None)
