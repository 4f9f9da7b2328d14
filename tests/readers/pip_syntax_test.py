"""hooks.readers.pip_syntax: pip's requirement-file syntax (logical lines,
comments, the INSTALLED_ADDONS block, includes)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.readers import pip_syntax
from hooks.report import BadInput

many = settings(max_examples=300, deadline=None)


LINES = (
    pytest.param('django\n', [(1, 'django', '')], id='plain'),
    pytest.param('django  # why\n', [(1, 'django', ' why')], id='inline comment'),
    pytest.param('https://x/a.tar.gz#egg=a==1\n', [(1, 'https://x/a.tar.gz#egg=a==1', '')], id='fragment is not a comment'),
    pytest.param('django \\\n  >=4 \\\n  --hash=sha256:ab\nx\n', [(1, 'django   >=4   --hash=sha256:ab', ''), (4, 'x', '')], id='continuation'),
    pytest.param('django \\\n# a comment ends it\nx\n', [(1, 'django', ' a comment ends it'), (3, 'x', '')], id='comment ends continuation'),
    pytest.param('django \\', [(1, 'django', '')], id='continuation at end of file'),
    pytest.param('a\r\nb\r\n', [(1, 'a', ''), (2, 'b', '')], id='CRLF'),
    pytest.param('a\rb\n', [(1, 'a', ''), (2, 'b', '')], id='lone CR is a line break (as pip)'),
)


@pytest.mark.parametrize(('text', 'expected'), LINES)
def test_logical_lines(text: str, expected: list[tuple[int, str, str]]) -> None:
    got = [(line.lineno, line.text, line.comment) for line in pip_syntax.logical_lines(text, 'r.in') if line.text]
    assert got == expected


ADDON_BLOCKS = (
    '# <INSTALLED_ADDONS>  # Warning: text inside the INSTALLED_ADDONS tags is auto-generated. Manual changes will be overwritten.\na\n# </INSTALLED_ADDONS>\nb\n',
    '#<INSTALLED_ADDONS>\na\n#</INSTALLED_ADDONS>\nb\n',
    '  # <installed_addons>\na\n  # </installed_addons>\nb\n',
)


@pytest.mark.parametrize('text', ADDON_BLOCKS)
def test_addon_block_variants(text: str) -> None:
    lines = [line for line in pip_syntax.logical_lines(text, 'r.in') if line.text]
    assert [(line.text, line.addon) for line in lines] == [('a', True), ('b', False)]


JOINED = (
    pytest.param('a\nb\n', [(0, 1, 'a', False), (1, 2, 'b', False)], id='plain'),
    pytest.param('a \\\n  b\nc\n', [(0, 2, 'a   b', False), (2, 3, 'c', False)], id='continuation'),
    pytest.param('a \\\n# c\n', [(0, 2, 'a  # c', False)], id='a comment line ends it'),
    pytest.param('# c \\\nb\n', [(0, 1, '# c \\', False), (1, 2, 'b', False)], id='no continuation in a comment'),
    pytest.param('a \\\nb \\', [(0, 2, 'a b ', True)], id='open at the end'),
)


@pytest.mark.parametrize(('text', 'expected'), JOINED)
def test_joined_lines(text: str, expected: list[tuple[int, int, str, bool]]) -> None:
    assert list(pip_syntax.joined_lines(text)) == expected


@pytest.mark.parametrize(('text', 'expected'), (
    ('-r base.in', ('-r', 'base.in')),
    ('--requirement=base.in', ('-r', 'base.in')),
    ('-cconstraints.txt', ('-c', 'constraints.txt')),
    ('--constraint constraints.txt', ('-c', 'constraints.txt')),
    ('django', None),
    ('-e .', None),
))
def test_include(text: str, expected: tuple[str, str] | None) -> None:
    assert pip_syntax.include(pip_syntax.Line('r.in', 1, text, '', False)) == expected


# pip's own rule (pip._internal.req.req_file.COMMENT_RE), the oracle for
# pip_syntax.comment_start and the comment split of logical_lines
PIP_COMMENT_RE = re.compile(r'(^|\s+)#.*$')


@many
@given(st.text(st.sampled_from(['#', ' ', '\t', '\u00a0', '\u3000', 'a', '=', '/', '\\']), max_size=12))
def test_comment_start_is_pips_rule(raw: str) -> None:
    m = PIP_COMMENT_RE.search(raw)
    start = pip_syntax.comment_start(raw)
    if m is None:
        assert start == -1
    else:
        assert raw[:m.start()].strip() == raw[:start].strip()
        assert raw[start] == '#' and (start == 0 or raw[start - 1].isspace())
        assert m.end() == len(raw) and raw[m.start():start].strip() == ''
    lines = pip_syntax.logical_lines(raw, 'r.in')
    if lines and m is not None and not raw.endswith('\\'):
        assert lines[-1].text == raw[:m.start()].strip()
    is_comment = PIP_COMMENT_RE.match(raw) is not None
    if raw.strip() and not raw.endswith('\\') and lines:
        assert (lines[0].text == '') == (is_comment or not raw.strip())


@many
@given(st.lists(st.text(st.sampled_from(list('abc019 .-=<>#\\')), max_size=30), max_size=8))
def test_line_endings_do_not_matter(lines: list[str]) -> None:
    def read(newline: str) -> list[tuple[int, str, str, bool]]:
        try:
            return [tuple(line[1:]) for line in pip_syntax.logical_lines(newline.join(lines), 'r.in')]
        except BadInput as e:
            return [(e.line, e.message, '', False)]
    assert read('\n') == read('\r\n')
