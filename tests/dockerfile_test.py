from __future__ import annotations

from typing import Any

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


# How BuildKit's parser (moby/buildkit frontend/dockerfile/parser: its
# testfiles/*/Dockerfile with their result files, parser_heredoc_test.go)
# reads small Dockerfiles: each instruction's keyword and arguments (the
# logical line after the keyword, trimmed; RUN/COPY flags included) and,
# for heredocs, (delimiter, body).  Our own cases for the same behaviours.
BUILDKIT = (
    # --- continuations
    pytest.param('FROM a\n\nRUN something \\', [('FROM', 'a'), ('RUN', 'something')], id='escape at the end of the file ends it'),
    pytest.param(
        'FROM a\nRUN x \\\n# c\n\n', [('FROM', 'a'), ('RUN', 'x')], id='escape then comments to the end of the file',
    ),
    pytest.param(
        'RUN echo a\\\n  b\\\n  c  \\\nd\n', [('RUN', 'echo a  b  c  d')], id='continuation lines keep their indentation',
    ),
    pytest.param('RUN echo a  \\  \nb\n', [('RUN', 'echo a  b')], id='blanks after the escape'),
    pytest.param(
        'RUN echo a \\\n# c\n\n   # c\n\nb\n', [('RUN', 'echo a b')], id='comment and blank lines inside a continuation',
    ),
    pytest.param(
        'ENV E a\\\n\\\nb\nENV F a\\\n \\\nb\nENV G a \\\n\\\nb\n', [('ENV', 'E ab'), ('ENV', 'F a b'), ('ENV', 'G a b')],
        id='a line of only the escape continues',
    ),
    pytest.param(
        'ENV C a\\\\b\\\\\nENV D d\n', [('ENV', 'C a\\\\b\\\\'), ('ENV', 'D d')], id='a doubled escape is no continuation',
    ),
    pytest.param(
        'FROM x\nRUN echo done \\\\\nRUN pip-reqs compile\n',
        [('FROM', 'x'), ('RUN', 'echo done \\\\'), ('RUN', 'pip-reqs compile')], id='echo done \\\\ ends the RUN',
    ),
    pytest.param(
        'RUN a \\\\\\\nRUN b\n', [('RUN', 'a \\\\\\'), ('RUN', 'b')], id='an escaped escape then an escape ends it too',
    ),
    pytest.param(
        'RUN apt-get \\update && \\\n  apt-get \\"install x\n', [('RUN', 'apt-get \\update &&   apt-get \\"install x')],
        id='escapes inside a line stay',
    ),
    pytest.param('RUN a\r\r\nRUN b \\\r\r\n c\n', [('RUN', 'a'), ('RUN', 'b  c')], id='carriage returns before the line break'),
    pytest.param(
        'RUN a \\\n\u00a0 # pip-reqs compile \\\n b\n', [('RUN', 'a  b')], id='unicode blanks before a comment',
    ),
    # --- parser directives
    pytest.param('#escape = `\n\nFROM i\nENV P `\n\\go', [('FROM', 'i'), ('ENV', 'P \\go')], id='escape directive'),
    pytest.param(
        '# c\n# escape = `\n\nENV P \\\n\\go', [('ENV', 'P \\go')], id='a directive after a comment is a comment',
    ),
    pytest.param(
        '# escape = `\n# c\nFROM i\nENV P `\n\\go\n', [('FROM', 'i'), ('ENV', 'P \\go')], id='comment right after the directive',
    ),
    pytest.param('# syntax = x\n# escape = `\n\nFROM `\n    i\n', [('FROM', 'i')], id='escape after syntax'),
    pytest.param(
        '# escape=`\nRUN a ``\nRUN b\n', [('RUN', 'a ``'), ('RUN', 'b')], id='a doubled backtick is no continuation',
    ),
    # --- keywords, flags, JSON
    pytest.param('COPY\t.\t/src\nADD\t\t.\t/\n', [('COPY', '.\t/src'), ('ADD', '.\t/')], id='tabs separate words'),
    pytest.param(
        'COPY --user=me --doit=true foo /tmp/\nCOPY --doit=true -- foo /tmp/\n',
        [('COPY', '--user=me --doit=true foo /tmp/'), ('COPY', '--doit=true -- foo /tmp/')], id='flags',
    ),
    pytest.param('RUN\u00a0a\n', [('RUN\u00a0A', '')], id='no-break space is no separator'),
    # --- heredocs
    pytest.param(
        'RUN <<EOF\necho a\nEOF\nRUN b\n', [('RUN', '<<EOF', (('EOF', 'echo a\n'),)), ('RUN', 'b')], id='heredoc',
    ),
    pytest.param(
        'RUN << EOF\npip-reqs compile\nEOF\n', [('RUN', '<< EOF', (('EOF', 'pip-reqs compile\n'),))],
        id='a blank between << and the word (dockerfile 1.16)',
    ),
    pytest.param(
        'RUN <<  EOF  > foo\nx\nEOF\n', [('RUN', '<<  EOF  > foo', (('EOF', 'x\n'),))], id='blanks around the word',
    ),
    pytest.param(
        'RUN << -EOF\nx\n-EOF\n', [('RUN', '<< -EOF', (('-EOF', 'x\n'),))], id='<< -EOF is delimited by -EOF',
    ),
    pytest.param(
        'RUN <<- EOF\nx\nEOF\n', [('RUN', '<<- EOF'), ('X', ''), ('EOF', '')],
        id='<<- EOF is no heredoc (the lexer splits <<- from EOF)',
    ),
    pytest.param(
        'RUN <<-EOF\n\tx\n\tEOF\n', [('RUN', '<<-EOF', (('EOF', '\tx\n'),))], id='<<- strips tabs from the terminator',
    ),
    pytest.param(
        'RUN 4<<EOF <<"A" <<\'B\' cat\n1\nEOF\n2\nA\n3\nB\n',
        [('RUN', '4<<EOF <<"A" <<\'B\' cat', (('EOF', '1\n'), ('A', '2\n'), ('B', '3\n')))],
        id='several heredocs, descriptor and quotes',
    ),
    pytest.param('RUN <<E"O"F\nx\nEOF\n', [('RUN', '<<E"O"F', (('EOF', 'x\n'),))], id='partly quoted word'),
    pytest.param(
        "RUN '<<EOF' \"<<A\" x<<B <<<C\nRUN d\n", [('RUN', "'<<EOF' \"<<A\" x<<B <<<C"), ('RUN', 'd')],
        id='quoted, glued or <<< is no heredoc',
    ),
    pytest.param(
        'RUN ["<<EOF"]\nEOF\n', [('RUN', '["<<EOF"]'), ('EOF', '')], id='the JSON form has no heredoc',
    ),
    pytest.param(
        "RUN <<EOF echo it's\nEOF\n", [('RUN', "<<EOF echo it's"), ('EOF', '')],
        id='an unterminated quote: no heredoc',
    ),
    pytest.param(
        'ONBUILD RUN <<EOF\nx\nEOF\n', [('ONBUILD', 'RUN <<EOF', (('EOF', 'x\n'),))], id='ONBUILD RUN heredoc',
    ),
    pytest.param('COPY <<A /a\n1\nA\n', [('COPY', '<<A /a', (('A', '1\n'),))], id='COPY heredoc'),
    pytest.param('ENV A=<<EOF\nEOF\n', [('ENV', 'A=<<EOF'), ('EOF', '')], id='ENV has no heredoc'),
    pytest.param(
        'RUN <<EOF\nx\nEOF\r\r\n', [('RUN', '<<EOF', (('EOF', 'x\n'),))], id='terminator with carriage returns',
    ),
)


def buildkit_shape(text: str) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for i in parse(text, 'Dockerfile').instructions:
        docs = tuple((d.name, text[d.start:d.end]) for d in i.heredocs)
        found.append((i.keyword, i.args.strip(), docs) if docs else (i.keyword, i.args.strip()))
    return found


@pytest.mark.parametrize(('text', 'expected'), BUILDKIT)
def test_reads_as_buildkit_does(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert buildkit_shape(text) == expected


# Where we read differently from BuildKit, on purpose: (text, what BuildKit
# reads, what we read); the test ids say why.
DIFFERENCES = (
    pytest.param(
        'RUN a \\\n# c\n', 'RUN lines 1-2', 'RUN line 1',
        id='an escape at the end of the file: our span stops at the last code line, so an edit never takes the comments',
    ),
    pytest.param(
        'RUN <<EOF echo ${x\nEOF\n', 'RUN, EOF (the lexer fails on ${ and finds no heredoc)', 'RUN lines 1-2',
        id='$ expansions are plain text: a broken ${ in a heredoc line fails the build anyway',
    ),
    pytest.param('# c\n', 'error: file with no instructions', '', id='an empty Dockerfile is not ours to refuse'),
    pytest.param(
        'RUN [1]\n', 'error: arrays must be comprised of strings only', 'RUN line 1',
        id='a JSON form of non-strings is read as the shell form: the build fails anyway',
    ),
    pytest.param('\\\n', 'one empty instruction', '', id='an empty instruction is a blank line'),
    pytest.param(
        '\x1f\nRUN a \\\n\x1c# c\n b\n', '\\x1f (unknown), RUN lines 2-3 (a \\x1c# c), B', 'RUN lines 2-4',
        id='information separators are blanks, as for Python: BuildKit refuses them as instructions',
    ),
)


@pytest.mark.parametrize(('text', 'buildkit', 'ours'), DIFFERENCES)
def test_deliberate_differences(text: str, buildkit: str, ours: str) -> None:
    spans = [
        f'{i.keyword} line {i.line}' if i.line == i.end_line else f'{i.keyword} lines {i.line}-{i.end_line}'
        for i in parse(text, 'Dockerfile').instructions
    ]
    assert ', '.join(spans) == ours


@pytest.mark.parametrize(
    ('args', 'expected'),
    (
        pytest.param('--doit [ "a", "b" ]', ['a', 'b'], id='after a flag'),
        pytest.param('--doit=true -- [ "a", "b" ]', ['a', 'b'], id='after --'),
        pytest.param('--mount="type=cache,target=/a b" ["x"]', ['x'], id='quoted flag'),
        pytest.param('--mount=type=cache,target=/a\\ b ["x"]', ['x'], id='escaped blank in a flag'),
        pytest.param('-- --x ["a"]', None, id='after -- nothing is a flag'),
        pytest.param('--doit', None, id='only a flag'),
        pytest.param('--doit ["a", 1]', None, id='not strings'),
    ),
)
def test_exec_form_after_flags(args: str, expected: list[str] | None) -> None:
    (inst,) = parse(f'CMD {args}\n', 'Dockerfile').instructions
    assert inst.exec_form() == expected


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
    assert dockerfile.heredoc_names(line) == names


@pytest.mark.parametrize(
    ('text', 'line', 'message'),
    (
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
    'RUN a \\\\', 'RUN << EOF', 'RUN <<- EOF', '\\', 'ONBUILD RUN <<EOF', "RUN <<EOF it's",
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
        if line.strip() not in ('', '\\') and not line.strip().startswith('#'):
            assert k in covered  # every code line belongs to an instruction


# --- the lexing helpers against the expressions they implement ---------------

import re  # noqa: E402

from hooks import dockerfile  # noqa: E402
from hooks.dockerfile_rules import _versioned  # noqa: E402
from hooks.dockerfile_rules import path_match  # noqa: E402

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


# Go's unicode.IsSpace, and Go's \s ([\t\n\f\r ], not \v); we also take
# \x1c-\x1f for blanks, as Python's str.isspace does (DIFFERENCES)
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
    assert dockerfile.directive(line) == (None if m is None else m.groups())


@lexing
@given(st.one_of(LEXEMES, around(r'.*[\\`]{1,3}[ \t]*')), st.sampled_from(['\\', '`']))
@example('RUN echo done \\\\', '\\')
@example('\\', '\\')
@example('  \\ \t', '\\')
def test_continuation_is_its_expression(segment: str, escape: str) -> None:
    m = re.search(continuation_expression(escape), segment)
    expected = -1 if m is None else (m.start() + 1 if m.group(1) is not None else 0)
    assert dockerfile.continuation_at(segment, escape) == expected


@lexing
@given(around(r'[ \t\u00a0\f]*[A-Za-z\u00a0]+[ \t\v\f\r\u00a0\u2028]*.*'))
@example('RUN\u00a0 a')
@example('RUN\u00a0')
@example('RUN \u00a0a ')
@example('\v')
@example('\x1fRUN\x1c')
def test_keyword_is_its_expression(logical: str) -> None:
    found = dockerfile.keyword(logical)
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
    m = re.match(DIRECTIVE, line)
    assert dockerfile.directive(line) == (None if m is None else m.groups())


@lexing
@given(st.one_of(LEXEMES, around(r'p(ip|ython)[0-9.]*')), st.sampled_from(['pip', 'python']))
def test_versioned_program_is_its_expression(name: str, program: str) -> None:
    assert _versioned(name, program) == (re.fullmatch(program + r'[0-9.]*', name) is not None)


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
