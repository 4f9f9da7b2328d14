from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.dockerfile.reader import parse
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


def test_heredoc_bodies() -> None:
    text = 'RUN <<-A bash && <<"B" cat\n\tpip-reqs compile\n\tA\nline\nB\n'
    (inst,) = parse(text, 'Dockerfile').instructions
    a, b = inst.heredocs
    assert (a.name, a.chomp, a.line, text[a.start:a.end]) == ('A', True, 2, '\tpip-reqs compile\n')
    assert (b.name, b.chomp, b.line, text[b.start:b.end]) == ('B', False, 4, 'line\n')


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
