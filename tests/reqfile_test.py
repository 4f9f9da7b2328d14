from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks import fingerprint
from hooks import reqfile
from hooks.project import Project
from hooks.report import BadInput
from hooks.report import decode
from hooks.snapshot import Snapshot
from testing.project import write

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
    got = [(line.lineno, line.text, line.comment) for line in reqfile.logical_lines(text, 'r.in') if line.text]
    assert got == expected


ADDON_BLOCKS = (
    '# <INSTALLED_ADDONS>  # Warning: text inside the INSTALLED_ADDONS tags is auto-generated. Manual changes will be overwritten.\na\n# </INSTALLED_ADDONS>\nb\n',
    '#<INSTALLED_ADDONS>\na\n#</INSTALLED_ADDONS>\nb\n',
    '  # <installed_addons>\na\n  # </installed_addons>\nb\n',
)


@pytest.mark.parametrize('text', ADDON_BLOCKS)
def test_addon_block_variants(text: str) -> None:
    lines = [line for line in reqfile.logical_lines(text, 'r.in') if line.text]
    assert [(line.text, line.addon) for line in lines] == [('a', True), ('b', False)]


PINS = (
    pytest.param('Django==4.2.7\n', ('django', '4.2.7', ()), id='pin'),
    pytest.param('django[argon2]==4.2.7 ; python_version >= "3.8"\n', ('django', '4.2.7', ()), id='extras and marker'),
    pytest.param('django==4.2.7 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via -r requirements.in\n', ('django', '4.2.7', ('-r requirements.in',)), id='hashes'),
    pytest.param('django==4.2.7             # via aldryn-django, django-cms\n', ('django', '4.2.7', ('aldryn-django', 'django-cms')), id='inline via'),
    pytest.param('django==4.2.7\n    # via\n    #   -r /workspace/requirements.in\n    #   django-cms\n', ('django', '4.2.7', ('-r /workspace/requirements.in', 'django-cms')), id='via block'),
    pytest.param('aldryn-sso @ https://h/aldryn-sso-1.6.1.tar.gz\n', ('aldryn-sso', '1.6.1', ()), id='name @ url, version from archive'),
    pytest.param('https://h/x.tar.gz#egg=aldryn-sso==1.6.1\n', ('aldryn-sso', '1.6.1', ()), id='url with egg'),
    pytest.param('-e /app/addons-dev/my-addon\n', ('my-addon', None, ()), id='editable path'),
)


@pytest.mark.parametrize(('text', 'expected'), PINS)
def test_read_pins(text: str, expected: tuple[str, str | None, tuple[str, ...]]) -> None:
    (pin,) = reqfile.read_pins(text, 'requirements.txt').values()
    assert (pin.name, pin.version, pin.via) == expected


def test_unsafe_footer_is_a_pin_without_a_version_not_a_via() -> None:
    text = 'six==1.16.0\n    # via\n    #   a\n# The following packages are considered to be unsafe in a requirements file:\n# setuptools\n'
    pins = reqfile.read_pins(text, 'requirements.txt')
    assert list(pins) == ['six', 'setuptools'] and pins['six'].via == ('a',)
    assert (pins['setuptools'].version, pins['setuptools'].unsafe, pins['setuptools'].line) == (None, True, 5)


# Properties: any input gives a result or a clean BadInput, never another exception.
many = settings(max_examples=300, deadline=None)

req_text = st.text(st.sampled_from(list('abcXYZ019 .-_=<>!~;@[]()#\\\'"/:\r\n\t,*&') + ['\ufeff', '€', '\x00']), max_size=200)


@many
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_bad_input(data: bytes) -> None:
    try:
        text = decode(data, 'r.in')
    except BadInput as e:
        assert str(e).startswith('r.in:')
    else:
        assert isinstance(text, str)


@many
@given(req_text)
def test_any_text_reads_or_bad_input(text: str) -> None:
    try:
        lines = reqfile.logical_lines(text, 'r.in')
        reqfile.requirements([reqfile.InputFile('r.in', 'in', lines)])
    except BadInput as e:
        assert str(e).startswith('r.in:')


@many
@given(req_text)
def test_any_text_reads_as_pins_or_bad_input(text: str) -> None:
    try:
        reqfile.read_pins(text, 'requirements.txt')
    except BadInput as e:
        assert str(e).startswith('requirements.txt:')


# pip's own rule (pip._internal.req.req_file.COMMENT_RE), the oracle for
# reqfile.comment_start and the comment split of logical_lines
PIP_COMMENT_RE = re.compile(r'(^|\s+)#.*$')


@many
@given(st.text(st.sampled_from(['#', ' ', '\t', '\u00a0', '\u3000', 'a', '=', '/', '\\']), max_size=12))
def test_comment_start_is_pips_rule(raw: str) -> None:
    m = PIP_COMMENT_RE.search(raw)
    start = reqfile.comment_start(raw)
    if m is None:
        assert start == -1
    else:
        assert raw[:m.start()].strip() == raw[:start].strip()
        assert raw[start] == '#' and (start == 0 or raw[start - 1].isspace())
        assert m.end() == len(raw) and raw[m.start():start].strip() == ''
    lines = reqfile.logical_lines(raw, 'r.in')
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
            return [tuple(line[1:]) for line in reqfile.logical_lines(newline.join(lines), 'r.in')]
        except BadInput as e:
            return [(e.line, e.message, '', False)]
    assert read('\n') == read('\r\n')


@many
@given(st.lists(st.sampled_from(['django>=4', 'Zope.Interface', 'requests  # x', '', '# c', 'a==1']), max_size=8), st.randoms())
def test_digest_ignores_order_comments_spelling(lines: list[str], rnd) -> None:  # type: ignore[no-untyped-def]
    project = Project('')

    def digest(text: str) -> dict[str, str]:
        f = reqfile.InputFile('requirements.in', 'in', reqfile.logical_lines(text, 'requirements.in'))
        return fingerprint.digests(project, [f], [])

    shuffled = list(lines)
    rnd.shuffle(shuffled)
    respelled = [line.replace('Zope.Interface', 'zope_interface') for line in shuffled] + ['# another comment']
    assert digest('\n'.join(lines)) == digest('\r\n'.join(respelled))


def test_include_read_once_even_when_included_twice(tmp_path: Path) -> None:
    write(tmp_path / 'requirements.in', '-r a.in\n-r b.in\n')
    write(tmp_path / 'a.in', '-r common.in\n')
    write(tmp_path / 'b.in', '-r common.in\n')
    write(tmp_path / 'common.in', 'django\n')
    files = reqfile.read_inputs(Snapshot(str(tmp_path)), 'requirements.in')
    assert [(f.path, f.kind) for f in files] == [('requirements.in', 'in'), ('a.in', '-r'), ('common.in', '-r'), ('b.in', '-r')]
