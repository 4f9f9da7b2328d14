from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks import fingerprint
from hooks.compiled import Compiled
from hooks.readers import pip_syntax
from hooks.readers import requirements
from hooks.report import BadInput
from hooks.report import decode
from hooks.snapshot import Snapshot
from testing.project import write

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
        lines = pip_syntax.logical_lines(text, 'r.in')
        requirements.requirements([requirements.InputFile('r.in', 'in', lines)])
    except BadInput as e:
        assert str(e).startswith('r.in:')


@many
@given(st.lists(st.sampled_from(['django>=4', 'Zope.Interface', 'requests  # x', '', '# c', 'a==1']), max_size=8), st.randoms())
def test_digest_ignores_order_comments_spelling(lines: list[str], rnd) -> None:  # type: ignore[no-untyped-def]
    project = Compiled('requirements.txt', ['requirements.in'])

    def digest(text: str) -> dict[str, str]:
        f = requirements.InputFile('requirements.in', 'in', pip_syntax.logical_lines(text, 'requirements.in'))
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
    files = requirements.read_inputs(Snapshot(str(tmp_path)), 'requirements.in')
    assert [(f.path, f.kind) for f in files] == [('requirements.in', 'in'), ('a.in', '-r'), ('common.in', '-r'), ('b.in', '-r')]


# --- pip's rules (issue 11): what a project's requirement files read as.
# files: {path: text or bytes}; the rows of pip_oracle_test.py compare the
# same kinds of lines against pip itself.
HASH = 'sha256:' + 'ab' * 32
PKG = {'pkg/pyproject.toml': ''}
WHEEL = 'dist/Foo_Bar-1.0-py3-none-any.whl'


def read_project(root: Path, files: dict[str, str | bytes]) -> list[tuple[object, ...]]:
    for name, content in files.items():
        write(root / name, content)
    inputs = requirements.read_inputs(Snapshot(str(root)), 'requirements.in')
    return [
        (r.path, r.name, r.version, sorted(r.extras), str(r.marker) if r.marker is not None else None, r.editable)
        for r in requirements.requirements(inputs, 'repo', constraints=True)
    ]


READ_AS_PIP = (
    pytest.param({'requirements.in': '${AP_NAME}==1.0\nhttps://h/${AP_NOT_SET}/x.zip#egg=x\n'},
                 [('requirements.in', 'django', '1.0', [], None, False), ('requirements.in', 'x', None, [], None, False)], id='${VAR} expanded, unset stays'),
    pytest.param({'requirements.in': '-r ${AP_DIR}/base.in\n', 'reqs/base.in': 'flask\n'},
                 [('reqs/base.in', 'flask', None, [], None, False)], id='${VAR} in an include'),
    pytest.param({'requirements.in': '# -*- coding: latin-1 -*-\n# caf\xe9\ndjango\n'.encode('latin-1')},
                 [('requirements.in', 'django', None, [], None, False)], id='PEP 263 coding line'),
    pytest.param({'requirements.in': 'django==4.2\n'.encode('utf-16')},
                 [('requirements.in', 'django', '4.2', [], None, False)], id='UTF-16 with a BOM'),
    pytest.param({'requirements.in': 'django==4.2\n'.encode('utf-32')},
                 [('requirements.in', 'django', '4.2', [], None, False)], id='UTF-32 with a BOM'),
    pytest.param({'requirements.in': 'https://h/x-1.0.zip ; python_version >= "3"\n'},
                 [('requirements.in', 'x', '1.0', [], 'python_version >= "3"', False)], id='marker after a URL'),
    pytest.param({'requirements.in': 'https://h/x.zip;python_version>"3"\n'},
                 [('requirements.in', 'https://h/x.zip;python_version>"3"', None, [], None, False)], id='a URL needs "; " before its marker'),
    pytest.param({'requirements.in': f'./{WHEEL} ; sys_platform == "linux"\n', WHEEL: b'PK'},
                 [('requirements.in', 'foo-bar', '1.0', [], 'sys_platform == "linux"', False)], id='wheel path'),
    pytest.param({'requirements.in': 'https://h/Foo_Bar-2.0-1-py3-none-any.whl#egg=other\n'},
                 [('requirements.in', 'foo-bar', '2.0', [], None, False)], id='wheel URL named by the wheel'),
    pytest.param({'requirements.in': '-e .[ex1,Ex2]\n', 'pyproject.toml': ''},
                 [('requirements.in', 'repo', None, ['ex1', 'ex2'], None, True)], id='editable extras'),
    pytest.param({**PKG, 'requirements.in': './pkg[ex1] ; python_version >= "3"\n'},
                 [('requirements.in', 'pkg', None, ['ex1'], 'python_version >= "3"', False)], id='path extras and marker'),
    pytest.param({'requirements.in': "-r 'base.in'\n-c \"c.txt\"\n", 'base.in': 'django\n', 'c.txt': 'django==4.2\n'},
                 [('base.in', 'django', None, [], None, False), ('c.txt', 'django', '4.2', [], None, False)], id='quoted values'),
    pytest.param({'requirements.in': '-r\tbase.in\n', 'base.in': 'django\n'},
                 [('base.in', 'django', None, [], None, False)], id='tab between option and value'),
    pytest.param({'requirements.in': '--requirem base.in\n--constr=c.txt\n', 'base.in': 'django\n', 'c.txt': 'six==1\n'},
                 [('base.in', 'django', None, [], None, False), ('c.txt', 'six', '1', [], None, False)], id='abbreviated long options'),
    pytest.param({'requirements.in': '-r base.in -r other.in\n-r base.in ignored.in\n', 'base.in': 'django\n'},
                 [('base.in', 'django', None, [], None, False)], id='several items on one option line: the first'),
    pytest.param({'requirements.in': f'django==4.2 \\\n# broken\n    --hash={HASH}\n'},
                 [('requirements.in', 'django', '4.2', [], None, False)], id='--hash alone on a line is ignored'),
    pytest.param({'requirements.in': 'django -i https://h/simple --pre\n'},
                 [('requirements.in', 'django', None, [], None, False)], id='pip options after a requirement'),
    pytest.param({**PKG, 'requirements.in': '-e ./pkg --config-settings=k=v -C a=b\n'},
                 [('requirements.in', 'pkg', None, [], None, True)], id='options after -e are no part of it'),
    pytest.param({**PKG, 'requirements.in': '-r sub/base.in\n', 'sub/base.in': '-e ./pkg\n'},
                 [('sub/base.in', 'pkg', None, [], None, True)], id='a path in an include is taken from the project folder'),
    pytest.param({'requirements.in': '-e /app/addons-dev/my-addon\n'},
                 [('requirements.in', 'my-addon', None, [], None, True)], id='container path kept'),
    pytest.param({'requirements.in': '-e ../sibling\n'},
                 [('requirements.in', 'sibling', None, [], None, True)], id='a path leaving the repository is not looked for'),
)


@pytest.mark.parametrize(('files', 'expected'), READ_AS_PIP)
def test_read_as_pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes], expected: list[tuple[object, ...]]) -> None:
    monkeypatch.setenv('AP_NAME', 'django')
    monkeypatch.setenv('AP_DIR', 'reqs')
    monkeypatch.delenv('AP_NOT_SET', raising=False)
    assert read_project(tmp_path, files) == expected


REFUSED_AS_PIP = (
    pytest.param({'requirements.in': 'pkg==1.0 --unknown\n'}, 'requirements.in:1: unknown option: --unknown', id='unknown option after a requirement'),
    pytest.param({'requirements.in': 'pkg==1.0 --hash=nohashname\n'},
                 'requirements.in:1: --hash=nohashname: a hash is ALGORITHM:HEX, the algorithm one of sha256, sha384, sha512', id='--hash without an algorithm'),
    pytest.param({'requirements.in': 'pkg==1.0 --hash=md5:ab\n'},
                 'requirements.in:1: --hash=md5:ab: a hash is ALGORITHM:HEX, the algorithm one of sha256, sha384, sha512', id='--hash md5'),
    pytest.param({'requirements.in': '--use-feature=\n'}, 'requirements.in:1: --use-feature needs a value', id='--use-feature='),
    pytest.param({'requirements.in': '--pre=yes\n'}, 'requirements.in:1: --pre takes no value', id='flag with a value'),
    pytest.param({'requirements.in': '--re base.in\n'}, 'requirements.in:1: ambiguous option: --re (--requirement, --require-hashes?)', id='ambiguous abbreviation'),
    pytest.param({'requirements.in': "-r 'base.in\n"}, 'requirements.in:1: cannot split the options: No closing quotation', id='unclosed quote'),
    pytest.param({**PKG, 'requirements.in': '-e ./pkg -C kv\n'}, 'requirements.in:1: -C kv: expected KEY=VALUE', id='config settings without ='),
    pytest.param({'requirements.in': '-c c.txt\n', 'c.txt': '-e git+https://h/r.git#egg=r\n'},
                 'c.txt:1: editable requirements are not allowed as constraints', id='editable constraint'),
    pytest.param({'requirements.in': '-c c.txt\n', 'c.txt': 'django[argon2]==4.2\n'}, 'c.txt:1: constraints cannot have extras', id='constraint with extras'),
    pytest.param({'requirements.in': '-c c.txt\n', 'c.txt': 'https://h/x.zip\n'}, 'c.txt:1: unnamed requirements are not allowed as constraints', id='unnamed constraint'),
    pytest.param({'requirements.in': 'django\n./missing\n'},
                 'requirements.in:2: ./missing: missing has no setup.py or pyproject.toml (paths are taken from the project folder, as pip takes them from where it runs)', id='missing path'),
    pytest.param({'requirements.in': '-e ./src/lib\n', 'src/lib/README': ''},
                 'requirements.in:1: ./src/lib: src/lib has no setup.py or pyproject.toml '
                 '(paths are taken from the project folder, as pip takes them from where it runs)', id='folder that is no project'),
    pytest.param({'requirements.in': '-r sub/base.in\n', 'sub/base.in': '-e ./pkg\n', 'sub/pkg/pyproject.toml': ''},
                 'sub/base.in:1: ./pkg: pkg has no setup.py or pyproject.toml (paths are taken from the project folder, as pip takes them from where it runs)', id='path relative to the include only'),
    pytest.param({'requirements.in': f'./{WHEEL}\n'},
                 f'requirements.in:1: ./{WHEEL}: {WHEEL} is not there (paths are taken from the project folder, as pip takes them from where it runs)', id='missing wheel'),
    pytest.param({'requirements.in': '-e ./${AP_NOT_SET}\n'},
                 'requirements.in:1: ./${AP_NOT_SET}: ${AP_NOT_SET} has no setup.py or pyproject.toml (an environment variable is not set) '
                 '(paths are taken from the project folder, as pip takes them from where it runs)', id='unset variable in a path'),
    pytest.param({'requirements.in': './dist/x.tar.gz\n'},
                 'requirements.in:1: ./dist/x.tar.gz: dist/x.tar.gz is not there (paths are taken from the project folder, as pip takes them from where it runs)', id='missing archive'),
    pytest.param({'requirements.in': 'https://h/x.whl\n'}, 'requirements.in:1: https://h/x.whl: not a wheel file name (name-version-python-abi-platform.whl)', id='bad wheel name'),
    pytest.param({'requirements.in': 'https://h/a.zip#egg=a b\n'}, 'requirements.in:1: https://h/a.zip#egg=a b: invalid #egg= fragment (a name, or name==version)', id='bad egg fragment'),
    pytest.param({'requirements.in': '-e https://h/x.zip\n'},
                 'requirements.in:1: -e https://h/x.zip: not a valid editable requirement (a path or a VCS URL such as git+https://...)', id='editable URL that is no VCS'),
    pytest.param({**PKG, 'requirements.in': 'django -e ./pkg\n'}, 'requirements.in:1: a requirement and -e on one line', id='requirement and -e'),
    pytest.param({'requirements.in': 'django ; python_version >>> "3"\n'},
                 'requirements.in:1: invalid marker: \'python_version >>> "3"\': Expected a marker variable or quoted string', id='bad marker'),
)


@pytest.mark.parametrize(('files', 'message'), REFUSED_AS_PIP)
def test_refused_as_pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str | bytes], message: str) -> None:
    monkeypatch.delenv('AP_NOT_SET', raising=False)
    with pytest.raises(BadInput) as e:
        read_project(tmp_path, files)
    assert str(e.value) == message


DECODED = (
    pytest.param(b'\xef\xbb\xbfa\n', 'a\n', id='UTF-8 BOM'),
    pytest.param('a\n'.encode('utf-16-le'), None, id='UTF-16 without BOM: NUL bytes'),
    pytest.param(b'\xff\xfe' + 'é\n'.encode('utf-16-le'), 'é\n', id='UTF-16-LE BOM'),
    pytest.param(b'\xfe\xff' + 'é\n'.encode('utf-16-be'), 'é\n', id='UTF-16-BE BOM'),
    pytest.param(b'\xff\xfe\x00\x00' + 'é\n'.encode('utf-32-le'), 'é\n', id='UTF-32-LE BOM'),
    pytest.param(b'\x00\x00\xfe\xff' + 'é\n'.encode('utf-32-be'), 'é\n', id='UTF-32-BE BOM'),
    pytest.param(b'#!x\n# vim: set fileencoding=latin-1 :\n\xe9\n', '#!x\n# vim: set fileencoding=latin-1 :\né\n', id='coding line 2'),
    pytest.param(b'x\ny\n# coding: latin-1\n\xe9\n', None, id='coding line 3 is too late'),
    pytest.param(b' # coding: latin-1\n\xe9\n', None, id='coding line must start with #'),
)


@pytest.mark.parametrize(('data', 'text'), DECODED)
def test_decode_as_pip(data: bytes, text: str | None) -> None:
    if text is None:
        with pytest.raises(BadInput):
            decode(data, 'r.in')
    else:
        assert decode(data, 'r.in') == text
