from __future__ import annotations

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.dockerfile import parse
from hooks.report import BadInput


def shape(text: str) -> list[tuple[str, int, int, str]]:
    """(keyword, first line, last line, arguments) of each instruction."""
    return [(i.keyword, i.line, i.end_line, i.args) for i in parse(text, 'Dockerfile').instructions]


@pytest.mark.parametrize(
    ('text', 'expected'),
    (
        pytest.param('', [], id='empty'),
        pytest.param('FROM x\nRUN a\n', [('FROM', 1, 1, 'x'), ('RUN', 2, 2, 'a')], id='plain'),
        pytest.param('FROM x\nRUN a', [('FROM', 1, 1, 'x'), ('RUN', 2, 2, 'a')], id='no final line break'),
        pytest.param('run  a b\n', [('RUN', 1, 1, 'a b')], id='keyword case'),
        pytest.param('  RUN a\n', [('RUN', 1, 1, 'a')], id='indented instruction'),
        pytest.param(
            'RUN a && \\\n    b\n', [('RUN', 1, 2, 'a &&     b')], id='continuation keeps indentation',
        ),
        pytest.param('RUN a \\  \n  b\n', [('RUN', 1, 2, 'a   b')], id='blanks after the escape'),
        pytest.param(
            'RUN a && \\\n    # pip-reqs compile && \\\n    b\n', [('RUN', 1, 3, 'a &&     b')],
            id='comment line inside a continuation',
        ),
        pytest.param(
            'RUN a && \\\n\n   \n    b\n', [('RUN', 1, 4, 'a &&     b')], id='blank lines inside a continuation',
        ),
        pytest.param('# RUN a\nRUN b\n', [('RUN', 2, 2, 'b')], id='comment line'),
        pytest.param('   # RUN a \\\nRUN b\n', [('RUN', 2, 2, 'b')], id='indented comment, escape ignored'),
        pytest.param('RUN a # not a comment\n', [('RUN', 1, 1, 'a # not a comment')], id='hash mid-line'),
        pytest.param('RUN a \\\r\n  b\r\n', [('RUN', 1, 2, 'a   b')], id='CRLF continuation'),
        pytest.param('RUN a\rb\n', [('RUN', 1, 1, 'a\rb')], id='lone CR is no line break'),
        pytest.param(
            '# escape=`\nRUN a `\n  b\nRUN c\\\n', [('RUN', 2, 3, 'a   b'), ('RUN', 4, 4, 'c\\')],
            id='backtick escape',
        ),
        pytest.param(
            '#ESCAPE = `\nRUN a `\n b\n', [('RUN', 2, 3, 'a  b')], id='directive spelling',
        ),
        pytest.param(
            '# syntax=docker/dockerfile:1\n# escape=`\nRUN a `\n b\n', [('RUN', 3, 4, 'a  b')],
            id='escape after syntax',
        ),
        pytest.param(
            '# a comment\n# escape=`\nRUN a \\\n b\n', [('RUN', 3, 4, 'a  b')],
            id='escape after a comment is a comment',
        ),
        pytest.param('\n# escape=`\nRUN a \\\n b\n', [('RUN', 3, 4, 'a  b')], id='escape after a blank line'),
        pytest.param(
            '# foo=bar\n# escape=`\nRUN a \\\n b\n', [('RUN', 3, 4, 'a  b')],
            id='escape after an unknown directive',
        ),
        pytest.param(
            'RUN <<EOF\npip-reqs compile\nEOF\nRUN b\n', [('RUN', 1, 3, '<<EOF'), ('RUN', 4, 4, 'b')],
            id='heredoc',
        ),
        pytest.param(
            'RUN <<EOF\nx\nEOF \nEOF\n', [('RUN', 1, 4, '<<EOF')], id='heredoc terminator is exact',
        ),
        pytest.param(
            'RUN <<-EOF\n\tx\n\t\tEOF\n', [('RUN', 1, 3, '<<-EOF')], id='heredoc chomp strips tabs',
        ),
        pytest.param(
            'RUN <<EOF\n  EOF\nEOF\n', [('RUN', 1, 3, '<<EOF')], id='heredoc without chomp keeps blanks',
        ),
        pytest.param(
            'RUN <<A cat && <<"B" cat\n1\nA\n2\nB\nRUN c\n',
            [('RUN', 1, 5, '<<A cat && <<"B" cat'), ('RUN', 6, 6, 'c')], id='two heredocs',
        ),
        pytest.param(
            'RUN echo "<<EOF" a<<b\nRUN c\n', [('RUN', 1, 1, 'echo "<<EOF" a<<b'), ('RUN', 2, 2, 'c')],
            id='quoted or glued << is no heredoc',
        ),
        pytest.param(
            'ENV A=<<EOF\nRUN c\n', [('ENV', 1, 1, 'A=<<EOF'), ('RUN', 2, 2, 'c')], id='ENV has no heredocs',
        ),
        pytest.param(
            'COPY <<EOF /app/x\nhi\nEOF\n', [('COPY', 1, 3, '<<EOF /app/x')], id='COPY heredoc',
        ),
        pytest.param(
            'RUN <<EOF\r\nx\r\nEOF\r\nRUN b\r\n', [('RUN', 1, 3, '<<EOF'), ('RUN', 4, 4, 'b')],
            id='CRLF heredoc',
        ),
        pytest.param(
            'RUN a \\\n  <<EOF\nx\nEOF\n', [('RUN', 1, 4, 'a   <<EOF')], id='heredoc after a continuation',
        ),
    ),
)
def test_instructions(text: str, expected: list[tuple[str, int, int, str]]) -> None:
    assert shape(text) == expected


@pytest.mark.parametrize(
    ('text', 'line', 'message'),
    (
        pytest.param('FROM x\nRUN a \\\n', 2, 'unterminated continuation', id='continuation at EOF'),
        pytest.param(
            'FROM x\nRUN a \\\n# c\n\n', 2, 'unterminated continuation', id='continuation into comments',
        ),
        pytest.param('FROM x\nRUN <<EOF\nx\n', 2, 'unterminated heredoc', id='heredoc'),
        pytest.param(
            'RUN <<A <<B\nx\nA\ny\n', 1, "no line 'B'", id='second heredoc',
        ),
        pytest.param('RUN <<EOF\n\tEOF\n', 1, 'unterminated heredoc', id='tabs need <<-'),
        pytest.param('# escape=x\nRUN a\n', 1, 'invalid escape', id='bad escape'),
        pytest.param('# escape=`\n# escape=\\\n', 2, 'only one escape', id='escape twice'),
    ),
)
def test_bad_input(text: str, line: int, message: str) -> None:
    with pytest.raises(BadInput) as e:
        parse(text, 'sub/Dockerfile')
    assert e.value.path == 'sub/Dockerfile'
    assert e.value.line == line
    assert message in e.value.message


def test_spans_cover_the_instruction_lines() -> None:
    text = 'FROM x\r\n# c\r\nRUN a \\\r\n  # c\r\n  b\r\n\r\nRUN <<EOF\nx\nEOF\nCMD y'
    df = parse(text, 'Dockerfile')
    spans = [text[i.start:i.end] for i in df.instructions]
    assert spans == ['FROM x\r\n', 'RUN a \\\r\n  # c\r\n  b\r\n', 'RUN <<EOF\nx\nEOF\n', 'CMD y']
    assert [c.text for c in df.comments] == ['# c']
    assert df.line_of(text.index('b\r\n')) == 5
    assert df.newline(text.index('b\r\n')) == '\r\n'
    assert df.newline(text.index('x\nEOF')) == '\n'


def test_source_offsets_map_arguments_back() -> None:
    text = 'RUN a && \\\n    # x\n    pip-reqs compile && \\\n  b\n'
    inst = parse(text, 'Dockerfile').instructions[0]
    i = inst.text.index('pip-reqs')
    assert text[inst.source_offset(i):].startswith('pip-reqs compile && \\\n  b')
    j = inst.text.index('b', i)
    assert text[inst.source_offset(j)] == 'b'
    assert text[inst.source_offset(inst.args_start)] == 'a'


def test_heredoc_bodies() -> None:
    text = 'RUN <<-A bash && <<"B" cat\n\tpip-reqs compile\n\tA\nline\nB\n'
    (inst,) = parse(text, 'Dockerfile').instructions
    a, b = inst.heredocs
    assert (a.name, a.chomp, a.line, text[a.start:a.end]) == ('A', True, 2, '\tpip-reqs compile\n')
    assert (b.name, b.chomp, b.line, text[b.start:b.end]) == ('B', False, 4, 'line\n')


@pytest.mark.parametrize(
    ('args', 'expected'),
    (
        ('["pip-reqs", "compile"]', ['pip-reqs', 'compile']),
        ('  ["a"]  ', ['a']),
        ('[1]', None),
        ('["a", ', None),
        ('[a]', None),
        ('pip-reqs compile', None),
    ),
)
def test_exec_form(args: str, expected: list[str] | None) -> None:
    (inst,) = parse(f'RUN {args}\n', 'Dockerfile').instructions
    assert inst.exec_form() == expected


@pytest.mark.parametrize(
    ('tags', 'expected'),
    (
        pytest.param('# <PYTHON>\n# </PYTHON>\n', [('PYTHON', '', 1, 2)], id='plain'),
        pytest.param('#<PYTHON>\n#</PYTHON>\n', [('PYTHON', '', 1, 2)], id='no space'),
        pytest.param(
            '# <DOCKER_BUILD>  # Warning: text inside the DOCKER_BUILD tags is auto-generated.\n'
            '# </DOCKER_BUILD>\n',
            [('DOCKER_BUILD', '', 1, 2)], id='warning after the tag',
        ),
        pytest.param('# <STATIC active=no>\n# </STATIC>\n', [('STATIC', 'active=no', 1, 2)], id='attributes'),
        pytest.param(
            '# <DOCKER_BUILD>\n# <PYTHON>\n# </PYTHON>\n# </DOCKER_BUILD>\n',
            [('DOCKER_BUILD', '', 1, 4), ('PYTHON', '', 2, 3)], id='nested',
        ),
        pytest.param('# <PYTHON>\n', [], id='never closed'),
        pytest.param('# </PYTHON>\n# <PYTHON>\n', [], id='closed before opened'),
        pytest.param('# Everything in sections like <TAG> is generated\n# </TAG>\n', [], id='prose'),
        pytest.param('# <python>\n# </python>\n', [], id='lower case is not a Divio tag'),
        pytest.param('RUN a \\\n# <PYTHON>\n b\n# </PYTHON>\n', [], id='a tag inside a continuation'),
    ),
)
def test_sections(tags: str, expected: list[tuple[str, str, int, int]]) -> None:
    df = parse(tags, 'Dockerfile')
    assert [(s.name, s.attrs, s.open.line, s.close.line) for s in df.sections()] == expected


LINES = st.sampled_from([
    'FROM x', 'RUN a', 'RUN a \\', '  b \\', '# c', '', '   ', 'RUN <<EOF', 'RUN <<-EOF cat', 'EOF',
    '\tEOF', 'COPY <<A <<B /x', 'A', 'B', '# <PYTHON>', '# </PYTHON>', 'RUN ["a", "b"]',
])


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=14), st.sampled_from(['\n', '\r\n']))
def test_any_text_parses_or_is_bad_input(lines: list[str], nl: str) -> None:
    text = nl.join(lines)
    try:
        df = parse(text, 'Dockerfile')
    except BadInput as e:
        assert 1 <= e.line <= len(lines)
        return
    covered: set[int] = set()
    last_end = 0
    for inst in df.instructions:
        assert last_end <= inst.start < inst.end <= len(text)
        assert df.line_of(inst.start) == inst.line
        assert text[inst.start:inst.end].count('\n') in (inst.end_line - inst.line, inst.end_line - inst.line + 1)
        covered.update(range(inst.line, inst.end_line + 1))
        last_end = inst.end
    for k, line in enumerate(lines, 1):
        if line.strip() and not line.strip().startswith('#'):
            assert k in covered  # every code line belongs to an instruction


# --- the lexing helpers against the expressions they implement ---------------

import re  # noqa: E402

from hooks import dockerfile  # noqa: E402
from hooks.dockerfile_rules import _versioned  # noqa: E402

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


DIRECTIVE = r'#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$'
KEYWORD = r'\s*(\S+)\s*'
HEREDOC = r'(\d*)<<(-?)([^<]*)'
TAG = r'[ \t]*#[ \t]*<(/?)([A-Z][A-Z0-9_]*)((?:[ \t]+[^>]*)?)>'


@lexing
@given(around(DIRECTIVE[:-1]))
def test_directive_is_its_expression(line: str) -> None:
    m = re.match(DIRECTIVE, line)
    assert dockerfile.directive(line) == (None if m is None else m.groups())


@lexing
@given(st.one_of(LEXEMES, around(r'.*[\\`][ \t]*')), st.sampled_from(['\\', '`']))
def test_continuation_is_its_expression(segment: str, escape: str) -> None:
    m = re.search(re.escape(escape) + r'[ \t]*$', segment)
    assert dockerfile.continuation_at(segment, escape) == (-1 if m is None else m.start())


@lexing
@given(around(KEYWORD + r'.*'))
def test_keyword_is_its_expression(logical: str) -> None:
    m = re.match(KEYWORD, logical)
    assert dockerfile.keyword(logical) == (None if m is None else (m.group(1), m.end()))


@lexing
@given(around(HEREDOC))
def test_heredoc_word_is_its_expression(word: str) -> None:
    m = re.fullmatch(HEREDOC, word)
    assert dockerfile.heredoc_word(word) == (None if m is None else (m.group(2) == '-', m.group(3)))


@lexing
@given(around(TAG))
@example('# <PYTHONx>')
@example('# <PYTHON=no>')
@example('#</A\t>')
@example('# <A >')
def test_tag_is_its_expression(comment: str) -> None:
    m = re.match(TAG, comment)
    assert dockerfile.tag(comment) == (None if m is None else (m.group(1) == '/', m.group(2), m.group(3)))


@pytest.mark.parametrize('text', ['# <PYTHON>', '#<PYTHON>', ' # </PYTHON>', '# <STATIC active=no>', '# <DOCKER_BUILD>  # Warning: auto-generated', '# escape=`', '#  syntax = docker/dockerfile:1  '])
def test_helpers_on_real_lines(text: str) -> None:
    assert dockerfile.tag(text) == (lambda m: None if m is None else (m.group(1) == '/', m.group(2), m.group(3)))(
        re.match(r'[ \t]*#[ \t]*<(/?)([A-Z][A-Z0-9_]*)((?:[ \t]+[^>]*)?)>', text))
    line = text.lstrip(' \t')
    m = re.match(r'#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$', line)
    assert dockerfile.directive(line) == (None if m is None else m.groups())


@lexing
@given(st.one_of(LEXEMES, around(r'p(ip|ython)[0-9.]*')), st.sampled_from(['pip', 'python']))
def test_versioned_program_is_its_expression(name: str, program: str) -> None:
    assert _versioned(name, program) == (re.fullmatch(program + r'[0-9.]*', name) is not None)
