"""The lexing helpers against the expressions they implement."""
from __future__ import annotations

import re

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from hooks.dockerfile import syntax
from testing.lexemes import around
from testing.lexemes import LEXEMES
from testing.lexemes import lexing


@pytest.mark.parametrize(
    ('line', 'names'),
    (
        pytest.param('RUN <<EOF', [('EOF', False)], id='plain'),
        pytest.param('RUN <<-EOF', [('EOF', True)], id='chomp'),
        pytest.param('RUN << EOF', [('EOF', False)], id='blank after <<'),
        pytest.param('RUN <<\t\tEOF', [('EOF', False)], id='tabs after <<'),
        pytest.param('RUN <<- EOF', [], id='blank after <<-'),
        pytest.param('RUN << -EOF', [('-EOF', False)], id='the word starts with -'),
        pytest.param("RUN <<'EOF'", [('EOF', False)], id='single quotes'),
        pytest.param('RUN << "E F"', [('E F', False)], id='double quotes with a blank'),
        pytest.param('RUN 4<<EOF', [('EOF', False)], id='descriptor'),
        pytest.param('RUN <<EOF <<EOF2', [('EOF', False), ('EOF2', False)], id='two'),
        pytest.param("RUN '<<EOF'", [], id='single-quoted'),
        pytest.param('RUN "<<EOF"', [], id='double-quoted'),
        pytest.param('RUN \\<<EOF', [], id='escaped'),
        pytest.param('RUN <<', [], id='no word'),
        pytest.param('RUN <<  ', [], id='only blanks'),
        pytest.param('RUN <<EOF "a', [], id='unterminated double quote'),
        pytest.param('RUN <<EOF "a\\"', [], id='escaped closing quote'),
        pytest.param('RUN <<EOF "a\\\\"', [('EOF', False)], id='escaped escape before the closing quote'),
    ),
)
def test_heredoc_names(line: str, names: list[tuple[str, bool]]) -> None:
    assert syntax.heredoc_names(line) == names


# Go's unicode.IsSpace, and Go's \s ([\t\n\f\r ], not \v); we also take
# \x1c-\x1f for blanks, as Python's str.isspace does (tests/dockerfile/dockerfile_reader_test.py, DIFFERENCES)
GO_SPACE = '\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'
BLANKS = GO_SPACE + '\x1c\x1d\x1e\x1f'
S = r'[\t\n\f\r ]'
DIRECTIVE = '#[' + re.escape(BLANKS) + ']*([a-zA-Z][a-zA-Z0-9]*)' + S + '*=' + S + '*(.+?)' + S + r'*\Z'
HEREDOC = '([0-9]*)<<(-?)' + S + '*([^<]*)'
TAG = r'[ \t]*#[ \t]*<(/?)([A-Z][A-Z0-9_]*)((?:[ \t]+[^>]*)?)>'


def continuation_expression(escape: str) -> str:
    """BuildKit's lineContinuationRegex for ``escape``."""
    e = re.escape(escape)
    return f'([^{e}]){e}[ \\t]*\\Z|^{e}[ \\t]*\\Z'


def split_command(logical: str) -> tuple[str, str] | None:
    """BuildKit's splitCommand: (keyword, arguments) of a logical line."""
    line = logical.strip(BLANKS)
    if not line:
        return None
    parts = re.split(r'[\t\v\f\r ]+', line, maxsplit=1)
    return parts[0], parts[1].strip(BLANKS) if len(parts) > 1 else ''


@lexing
@given(around(DIRECTIVE[:-2]))
@example('#\u2028escape=`')
@example('# escape=\v`')
@example('# escape= \f')
def test_directive_is_its_expression(line: str) -> None:
    line = line.replace('\n', ' ')  # a line holds no line break
    m = re.match(DIRECTIVE, line)
    assert syntax.directive(line) == (None if m is None else m.groups())


@lexing
@given(st.one_of(LEXEMES, around(r'.*[\\`]{1,3}[ \t]*')), st.sampled_from(['\\', '`']))
@example('RUN echo done \\\\', '\\')
@example('\\', '\\')
@example('  \\ \t', '\\')
def test_continuation_is_its_expression(segment: str, escape: str) -> None:
    m = re.search(continuation_expression(escape), segment)
    expected = -1 if m is None else (m.start() + 1 if m.group(1) is not None else 0)
    assert syntax.continuation_at(segment, escape) == expected


@lexing
@given(around(r'[ \t\u00a0\f]*[A-Za-z\u00a0]+[ \t\v\f\r\u00a0\u2028]*.*'))
@example('RUN\u00a0 a')
@example('RUN\u00a0')
@example('RUN \u00a0a ')
@example('\v')
@example('\x1fRUN\x1c')
def test_keyword_is_its_expression(logical: str) -> None:
    found = syntax.keyword(logical)
    expected = split_command(logical)
    if expected is None:
        assert found is None
        return
    assert found is not None
    word, start = found
    assert (word, logical[start:].rstrip(BLANKS)) == expected
    assert start == len(logical) or logical[start] not in BLANKS


@lexing
@given(around(HEREDOC))
@example('<< EOF')
@example('<<- EOF')
@example('<< -EOF')
@example('\u0663<<EOF')
def test_heredoc_word_is_its_expression(word: str) -> None:
    m = re.fullmatch(HEREDOC, word)
    assert syntax.heredoc_word(word) == (None if m is None else (m.group(2) == '-', m.group(3)))


@lexing
@given(around(TAG))
@example('# <PYTHONx>')
@example('# <PYTHON=no>')
@example('#</A\t>')
@example('# <A >')
def test_tag_is_its_expression(comment: str) -> None:
    m = re.match(TAG, comment)
    assert syntax.tag(comment) == (None if m is None else (m.group(1) == '/', m.group(2), m.group(3)))


@pytest.mark.parametrize('text', ['# <PYTHON>', '#<PYTHON>', ' # </PYTHON>', '# <STATIC active=no>', '# <DOCKER_BUILD>  # Warning: auto-generated', '# escape=`', '#  syntax = docker/dockerfile:1  '])
def test_helpers_on_real_lines(text: str) -> None:
    assert syntax.tag(text) == (lambda m: None if m is None else (m.group(1) == '/', m.group(2), m.group(3)))(
        re.match(r'[ \t]*#[ \t]*<(/?)([A-Z][A-Z0-9_]*)((?:[ \t]+[^>]*)?)>', text))
    line = text.lstrip(' \t')
    m = re.match(DIRECTIVE, line)
    assert syntax.directive(line) == (None if m is None else m.groups())
