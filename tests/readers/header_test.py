"""hooks.readers.header: the command a compiled file's header records.  Header texts are as pip-tools and
uv wrote them (their source history and public files); the compiler tests
run the real pip-compile and ``uv pip compile`` offline."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.readers import header as h
from hooks.readers import recorded_paths
from hooks.report import BadInput
from testing.headers import compiled
from testing.headers import pcm
from testing.headers import pip_tools
from testing.headers import uv
from testing.project import REPO

BIN = Path(sys.executable).parent
PY = f'{sys.version_info[0]}.{sys.version_info[1]}'


OLD = 'To update, run:'  # pip-tools < 6.11

# (text, tool, line, sources, output, options, extras, all_extras, groups, hashes, python)
HEADERS = [
    pytest.param(
        pip_tools('pip-compile --output-file requirements.txt requirements.in', None, OLD),
        'pip-compile', 5, ['requirements.in'], 'requirements.txt', [], [], False, [], False, None,
        id='pip-tools-3.6-verbatim'),
    pytest.param(
        pip_tools('pip-compile -o requirements/dev.txt -U --generate-hashes requirements/dev.in', None, OLD),
        'pip-compile', 5, ['requirements/dev.in'], 'requirements/dev.txt', ['--generate-hashes'], [], False, [], True, None,
        id='pip-tools-3.6-short-options'),
    pytest.param(
        pip_tools('pip-compile --output-file=requirements.txt requirements.in', None, OLD),
        'pip-compile', 5, ['requirements.in'], 'requirements.txt', [], [], False, [], False, None,
        id='pip-tools-4-5'),
    pytest.param(
        pip_tools('pip-compile --output-file=requirements.txt', None, OLD),
        'pip-compile', 5, [], 'requirements.txt', [], [], False, [], False, None,
        id='pip-tools-5-no-source'),
    pytest.param(
        pip_tools('pip-compile', None, OLD),
        'pip-compile', 5, [], None, [], [], False, [], False, None,
        id='pip-tools-5-defaults'),
    pytest.param(
        pip_tools('pip-compile --output-file=requirements/linting.txt --resolver=backtracking requirements/linting.in', 'python 3.10', OLD),
        'pip-compile', 5, ['requirements/linting.in'], 'requirements/linting.txt', ['--resolver=backtracking'], [], False, [], False, '3.10',
        id='pip-tools-6.2-lowercase-python'),
    pytest.param(
        pip_tools('pip-compile --generate-hashes --output-file=app.requirements.txt --resolver=backtracking', 'Python 3.10'),
        'pip-compile', 5, [], 'app.requirements.txt', ['--generate-hashes', '--resolver=backtracking'], [], False, [], True, '3.10',
        id='pip-tools-6.11'),
    pytest.param(
        pip_tools('pip-compile --constraint=constraints.txt --no-emit-index-url --output-file=requirements.txt --pre requirements.in', 'Python 3.8'),
        'pip-compile', 5, ['requirements.in'], 'requirements.txt',
        ['--constraint=constraints.txt', '--no-emit-index-url', '--pre'], [], False, [], False, '3.8',
        id='pip-tools-7-constraint'),
    pytest.param(
        pip_tools('pip-compile --all-extras --allow-unsafe --output-file=requirements/dev.txt --strip-extras pyproject.toml requirements/dev.in', 'Python 3.12'),
        'pip-compile', 5, ['pyproject.toml', 'requirements/dev.in'], 'requirements/dev.txt',
        ['--all-extras', '--allow-unsafe', '--strip-extras'], [], True, [], False, '3.12',
        id='pip-tools-7-all-extras'),
    pytest.param(
        pip_tools("pip-compile --extra=dev --extra=test --output-file='my reqs.txt' --pip-args='--no-cache-dir --retries 3' pyproject.toml"),
        'pip-compile', 5, ['pyproject.toml'], 'my reqs.txt',
        ['--extra=dev', '--extra=test', '--pip-args=--no-cache-dir --retries 3'], ['dev', 'test'], False, [], False, '3.11',
        id='pip-tools-7-quoted'),
    pytest.param(
        pip_tools("pip-compile --output-file='requirements\\dev.txt' 'requirements\\dev.in'"),
        'pip-compile', 5, ['requirements\\dev.in'], 'requirements\\dev.txt', [], [], False, [], False, '3.11',
        id='pip-tools-windows'),
    pytest.param(
        pip_tools('python -m piptools compile --extra=dev -o requirements.txt'),
        'pip-compile', 5, [], 'requirements.txt', ['--extra=dev'], ['dev'], False, [], False, '3.11',
        id='custom-python-m-piptools'),
    pytest.param(
        pip_tools('pip-compile --output-file /workspace/requirements.txt /workspace/requirements.in'),
        'pip-compile', 5, ['/workspace/requirements.in'], '/workspace/requirements.txt', [], [], False, [], False, '3.11',
        id='container-paths'),
    pytest.param(
        '# aldryn-pins: v1 output=0123456789abcdef options=0123456789abcdef\n'
        + pip_tools('pip-compile --output-file=requirements.txt requirements.in'),
        'pip-compile', 6, ['requirements.in'], 'requirements.txt', [], [], False, [], False, '3.11',
        id='after-fingerprint'),
    pytest.param(
        pip_tools('pip-compile requirements.in').replace('\n', '\r\n'),
        'pip-compile', 5, ['requirements.in'], None, [], [], False, [], False, '3.11',
        id='crlf'),
    pytest.param(
        uv('uv pip compile requirements.in -o requirements.txt'),
        'uv', 2, ['requirements.in'], 'requirements.txt', [], [], False, [], False, None,
        id='uv'),
    pytest.param(
        '\ufeff' + uv('uv pip compile requirements.in -o requirements.txt'),
        'uv', 2, ['requirements.in'], 'requirements.txt', [], [], False, [], False, None,
        id='uv-bom'),
    pytest.param(
        uv('uv pip compile --universal --generate-hashes --python-version 3.11 requirements/base.in --output-file requirements/base.txt'),
        'uv', 2, ['requirements/base.in'], 'requirements/base.txt',
        ['--universal', '--generate-hashes', '--python-version=3.11'], [], False, [], True, '3.11',
        id='uv-universal'),
    pytest.param(
        uv('uv pip compile pyproject.toml --extra dev,test --group lint -o requirements-dev.txt -p 3.12'),
        'uv', 2, ['pyproject.toml'], 'requirements-dev.txt',
        ['--extra=dev,test', '--group=lint', '--python=3.12'], ['dev', 'test'], False, ['lint'], False, '3.12',
        id='uv-pyproject'),
    pytest.param(
        uv('uv --no-cache pip compile --all-extras pyproject.toml --output-file=requirements.txt -C key=value'),
        'uv', 2, ['pyproject.toml'], 'requirements.txt',
        ['--no-cache', '--all-extras', '--config-setting=key=value'], [], True, [], False, None,
        id='uv-global-option'),
    pytest.param(
        uv('uv pip compile requirements.in'),
        'uv', 2, ['requirements.in'], None, [], [], False, [], False, None,
        id='uv-stdout'),
    pytest.param(
        pcm(), 'pip-compile-multi', 3, [], None, [], [], False, [], False, None,
        id='pip-compile-multi'),
    pytest.param(
        '# SHA1:0ec664e87e8dccff0900d55d3a102599a0d0d382\n' + pip_tools('pip-compile-multi', None, OLD).replace(
            'by pip-compile\n', 'by pip-compile-multi\n'),
        'pip-compile-multi', 6, [], None, [], [], False, [], False, None,
        id='pip-compile-multi-older-header'),
    pytest.param(
        uv('uv export --format requirements-txt --no-dev --extra tz --group docs --no-binary -o requirements.txt'),
        'uv export', 2, [], 'requirements.txt',
        ['--format=requirements-txt', '--no-dev', '--extra=tz', '--group=docs', '--no-binary'], ['tz'], False, ['docs'], False, None,
        id='uv-export'),
    pytest.param(
        uv('uv --offline export --all-extras --no-hashes --package api'),
        'uv export', 2, [], None, ['--offline', '--all-extras', '--no-hashes', '--package=api'], [], True, [], False, None,
        id='uv-export-global-option-stdout'),
]


@pytest.mark.parametrize(
    ('text', 'tool', 'line', 'sources', 'output', 'options', 'extras', 'all_extras', 'groups', 'hashes', 'python'),
    HEADERS,
)
def test_read(
        text: str, tool: str, line: int, sources: list[str], output: str | None, options: list[str],
        extras: list[str], all_extras: bool, groups: list[str], hashes: bool, python: str | None,
) -> None:
    r = h.read(text, 'requirements.txt')
    assert r is not None
    got = (r.tool, r.line, r.sources, r.output, r.options, r.extras, r.all_extras, r.groups, r.generate_hashes, r.python, r.custom)
    assert got == (tool, line, sources, output, options, extras, all_extras, groups, hashes, python, False)
    assert r.argv[0] in ('pip-compile', 'python', 'uv', 'pip-compile-multi')


@pytest.mark.parametrize('text', [
    pytest.param('django==4.2.1\n', id='no-header'),
    pytest.param('', id='empty'),
    pytest.param(pip_tools('make upgrade'), id='custom-compile-command'),
    pytest.param(pip_tools("docker compose run --rm web 'pip-compile'", None, OLD), id='custom-docker'),
    pytest.param(pip_tools('tox -e "pip-compile'), id='custom-with-bad-quote'),
    pytest.param(uv('make upgrade'), id='uv-custom-compile-command'),
    pytest.param(uv('uv run pip-compile'), id='uv-other-subcommand'),
    pytest.param(uv('uv lock'), id='uv-lock'),
    pytest.param(pip_tools('pip-compile --output-file=- -', 'Python 3.8'), id='divio-wheels-proxy-stdin'),
    pytest.param('#\n# just comments\n#\n', id='comments'),
    pytest.param('django==4.2.1\n' + pip_tools('pip-compile requirements.in'), id='header-not-at-top'),
    pytest.param(pip_tools('').replace('#    \n', '#\n'), id='mark-without-command'),
])
def test_no_recorded_command(text: str) -> None:
    assert h.read(text, 'requirements.txt') is None


@pytest.mark.parametrize(('command', 'message'), [
    ("pip-compile --output-file='a b.txt requirements.in", 'No closing quotation'),
    ('python -m piptools compile "requirements.in', 'No closing quotation'),
    ('pip-compile requirements.in \\', 'No escaped character'),
])
def test_unreadable_pip_compile_command_is_bad_input(command: str, message: str) -> None:
    with pytest.raises(BadInput) as e:
        h.read(pip_tools(command), 'requirements/dev.txt')
    assert str(e.value) == f'requirements/dev.txt:5: cannot read the pip-compile command of the header: {message}'


# --- the real compilers --------------------------------------------------------

# (args, output file, sources, output, options besides the offline ones)
PIP_COMPILE_CASES = [
    pytest.param([], 'requirements.txt', [], None, [], id='defaults'),
    pytest.param(['-o', 'out.txt', 'requirements.in'], 'out.txt', ['requirements.in'], 'out.txt', [], id='-o'),
    pytest.param(['--output-file', 'out.txt', 'requirements.in'], 'out.txt', ['requirements.in'], 'out.txt', [], id='--output-file-space'),
    pytest.param(['--output-file=out.txt', 'requirements.in'], 'out.txt', ['requirements.in'], 'out.txt', [], id='--output-file='),
    pytest.param(['-o', 'my reqs.txt'], 'my reqs.txt', [], 'my reqs.txt', [], id='quoted-output'),
    pytest.param(['sub/dev.in'], 'sub/dev.txt', ['sub/dev.in'], None, [], id='default-output'),
    pytest.param(['-o', 'all.txt', 'requirements.in', 'sub/dev.in'], 'all.txt', ['requirements.in', 'sub/dev.in'], 'all.txt', [], id='two-sources'),
    pytest.param(['--generate-hashes'], 'requirements.txt', [], None, ['--generate-hashes'], id='--generate-hashes'),
    pytest.param(['--extra', 'tz', '--extra=sql', 'pyproject.toml'], 'requirements.txt', ['pyproject.toml'], None,
                 ['--extra=sql', '--extra=tz'], id='--extra'),
    pytest.param(['--all-extras', '-o', 'all.txt', 'pyproject.toml'], 'all.txt', ['pyproject.toml'], 'all.txt', ['--all-extras'], id='--all-extras'),
    pytest.param(['--strip-extras'], 'requirements.txt', [], None, ['--strip-extras'], id='--strip-extras'),
    pytest.param(['--no-strip-extras'], 'requirements.txt', [], None, ['--no-strip-extras'], id='--no-strip-extras'),
    pytest.param(['--allow-unsafe'], 'requirements.txt', [], None, ['--allow-unsafe'], id='--allow-unsafe'),
    pytest.param(['--annotation-style=line'], 'requirements.txt', [], None, ['--annotation-style=line'], id='--annotation-style'),
    pytest.param(['--no-annotate'], 'requirements.txt', [], None, ['--no-annotate'], id='--no-annotate'),
    # defaults, and one-off options: pip-compile leaves them out of the header
    pytest.param(['--emit-index-url', '--emit-find-links', '--annotate'], 'requirements.txt', [], None, [], id='defaults-dropped'),
    pytest.param(['--no-emit-index-url', '--no-emit-find-links'], 'requirements.txt', [], None,
                 ['--no-emit-find-links', '--no-emit-index-url'], id='--no-emit'),
    pytest.param(['-U', '--upgrade-package', 'django', '-v', '--rebuild', '--cache-dir', 'c'], 'requirements.txt', [], None, [], id='one-offs-dropped'),
]


@pytest.mark.parametrize(('args', 'file', 'sources', 'output', 'options'), PIP_COMPILE_CASES)
def test_real_pip_compile(
        workdir: tuple[Path, str], args: list[str], file: str, sources: list[str], output: str | None, options: list[str],
) -> None:
    d, index = workdir
    offline = [f'--find-links={index}', '--no-index']
    r = compiled(d, [str(BIN / 'pip-compile'), '-q', '--no-index', '--find-links', index, *args], file)
    assert (r.tool, r.line, r.argv[0], r.sources, r.output) == ('pip-compile', 5, 'pip-compile', sources, output)
    assert r.options == sorted(options + offline)  # pip-compile sorts them
    assert (r.python, r.generate_hashes, r.all_extras) == (PY, '--generate-hashes' in args, '--all-extras' in args)
    assert r.extras == sorted(o.partition('=')[2] for o in options if o.startswith('--extra='))


def test_real_python_m_piptools_is_recorded_as_pip_compile(workdir: tuple[Path, str]) -> None:
    d, index = workdir
    r = compiled(d, [sys.executable, '-m', 'piptools', 'compile', '-q', '--no-index', '-f', index, '-o', 'sub/dev.txt', 'sub/dev.in'], 'sub/dev.txt')
    assert r.argv == ['pip-compile', f'--find-links={index}', '--no-index', '--output-file=sub/dev.txt', 'sub/dev.in']


def test_real_custom_compile_command(workdir: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    d, index = workdir
    monkeypatch.setenv('CUSTOM_COMPILE_COMMAND', 'make upgrade')
    subprocess.run([BIN / 'pip-compile', '-q', '--no-index', '-f', index], cwd=d, check=True, capture_output=True)
    text = (d / 'requirements.txt').read_text()
    assert '#    make upgrade\n' in text
    assert h.read(text, 'requirements.txt') is None
    monkeypatch.setenv('UV_CUSTOM_COMPILE_COMMAND', 'make upgrade')
    subprocess.run([BIN / 'uv', 'pip', 'compile', '-q', 'requirements.in', '-o', 'uv.txt', '--no-index', '-f', index],
                   cwd=d, check=True, capture_output=True)
    text = (d / 'uv.txt').read_text()
    assert '#    make upgrade\n' in text
    assert h.read(text, 'uv.txt') is None


# (args, output file, sources, output, options besides --no-index, python)
UV_CASES = [
    pytest.param(['requirements.in', '-o', 'requirements.txt'], 'requirements.txt', ['requirements.in'], 'requirements.txt', [], None, id='-o'),
    pytest.param(['requirements.in', '--output-file', 'out.txt'], 'out.txt', ['requirements.in'], 'out.txt', [], None, id='--output-file-space'),
    pytest.param(['--output-file=out.txt', 'requirements.in'], 'out.txt', ['requirements.in'], 'out.txt', [], None, id='--output-file='),
    pytest.param(['-o', 'sub/dev.txt', 'sub/dev.in', 'requirements.in'], 'sub/dev.txt', ['sub/dev.in', 'requirements.in'], 'sub/dev.txt', [], None,
                 id='two-sources'),
    pytest.param(['requirements.in', '-o', 'r.txt', '--generate-hashes'], 'r.txt', ['requirements.in'], 'r.txt', ['--generate-hashes'], None,
                 id='--generate-hashes'),
    pytest.param(['requirements.in', '-o', 'r.txt', '--universal', '--python-version', '3.11'], 'r.txt', ['requirements.in'], 'r.txt',
                 ['--universal', '--python-version=3.11'], '3.11', id='--universal'),
    pytest.param(['requirements.in', '-o', 'r.txt', '-p', PY], 'r.txt', ['requirements.in'], 'r.txt', [f'--python={PY}'], PY, id='-p'),
    pytest.param(['pyproject.toml', '-o', 'r.txt', '--extra', 'tz', '--extra=sql'], 'r.txt', ['pyproject.toml'], 'r.txt',
                 ['--extra=tz', '--extra=sql'], None, id='--extra'),
    pytest.param(['pyproject.toml', '-o', 'r.txt', '--all-extras'], 'r.txt', ['pyproject.toml'], 'r.txt', ['--all-extras'], None, id='--all-extras'),
    pytest.param(['pyproject.toml', '-o', 'r.txt', '--group', 'dev', '--group', 'pyproject.toml:dev'], 'r.txt', ['pyproject.toml'], 'r.txt',
                 ['--group=dev', '--group=pyproject.toml:dev'], None, id='--group'),
    pytest.param(['requirements.in', '-o', 'r.txt', '--strip-extras', '--no-strip-extras', '--allow-unsafe'], 'r.txt', ['requirements.in'], 'r.txt',
                 ['--strip-extras', '--no-strip-extras', '--allow-unsafe'], None, id='strip-extras-and-pip-tools-flags'),
    pytest.param(['requirements.in', '-o', 'r.txt', '--annotation-style', 'line', '--no-annotate'], 'r.txt', ['requirements.in'], 'r.txt',
                 ['--annotation-style=line', '--no-annotate'], None, id='annotations'),
    pytest.param(['requirements.in', '-o', 'r.txt', '--emit-index-url'], 'r.txt', ['requirements.in'], 'r.txt', ['--emit-index-url'], None,
                 id='--emit-index-url'),
    # uv drops index URLs (without --emit-index-url), find-links (without
    # --emit-find-links), -U, -P, -q, -v and --no-progress
    pytest.param(['requirements.in', '-o', 'r.txt', '-U', '-P', 'django', '-q', '--no-progress', '--index-url', 'https://example.invalid/simple',
                  '--extra-index-url=https://example.invalid/x'], 'r.txt', ['requirements.in'], 'r.txt', [], None, id='dropped'),
]


@pytest.mark.parametrize(('args', 'file', 'sources', 'output', 'options', 'python'), UV_CASES)
def test_real_uv_pip_compile(
        workdir: tuple[Path, str], args: list[str], file: str, sources: list[str], output: str | None,
        options: list[str], python: str | None,
) -> None:
    d, index = workdir
    r = compiled(d, [str(BIN / 'uv'), 'pip', 'compile', '-q', *args, '--no-index', '--find-links', index], file)
    assert (r.tool, r.line, r.argv[:3], r.sources, r.output) == ('uv', 2, ['uv', 'pip', 'compile'], sources, output)
    assert r.options == [*options, '--no-index']
    assert (r.python, r.generate_hashes, r.all_extras) == (python, '--generate-hashes' in args, '--all-extras' in args)
    assert r.groups == [o.partition('=')[2] for o in options if o.startswith('--group=')]


@pytest.mark.parametrize('data', [
    pytest.param(uv('uv pip compile ' + ' '.join(f'requirements/input-{n:04}.in' for n in range(400))).encode(), id='longer-than-4-kb'),
    pytest.param(uv('uv pip compile requirements.in').encode('utf-16'), id='utf-16'),
    pytest.param(uv('uv pip compile requirements.in').encode('utf-16-be').join((b'\xfe\xff', b'')), id='utf-16-be'),
    pytest.param(b'\xef\xbb\xbf' + uv('uv -n pip compile requirements.in').encode(), id='utf-8-bom-global-option'),
])
def test_found_in_any_header_length_and_encoding(data: bytes) -> None:
    assert h.may_record(data)
    r = h.read(h.head_text(data), 'requirements.txt')
    assert r is not None and r.tool == 'uv' and r.sources[0].startswith('requirements')


@pytest.mark.parametrize(('data', 'after', 'expected'), [
    pytest.param(b'lock-version = "1.0"\ncreated-by = "pip"\n', 0, '', id='no-header'),
    pytest.param(b'lock-version = "1.0"\ncreated-by = "pip"\n', 4096, 'lock-version = "1.0"\ncreated-by = "pip"\n', id='no-header-and-below'),
    pytest.param(b'# a\n#  b\nx = 1\ny = 2\n', 10, '# a\n#  b\nx = 1\n', id='cut-after-a-whole-line'),
    pytest.param(b'# a\nx = 1', 4096, '# a\nx = 1', id='to-the-end'),
])
def test_head_text_and_the_lines_below(data: bytes, after: int, expected: str) -> None:
    """A pylock.toml names its producer (``created-by``) below the header:
    discovery reads the header and the first bytes after it."""
    assert h.head_text(data, after) == expected


def test_real_uv_emit_find_links_keeps_them(workdir: tuple[Path, str]) -> None:
    d, index = workdir
    r = compiled(d, [str(BIN / 'uv'), 'pip', 'compile', '-q', 'requirements.in', '-o', 'r.txt', '--no-index', '-f', index, '--emit-find-links'], 'r.txt')
    assert r.options == ['--no-index', f'--find-links={index}', '--emit-find-links']


def test_real_uv_to_standard_output(workdir: tuple[Path, str]) -> None:
    d, index = workdir
    r = compiled(d, [str(BIN / 'uv'), 'pip', 'compile', '--no-progress', 'requirements.in', '--no-index', '-f', index], 'requirements.txt', stdout=True)
    assert (r.sources, r.output, r.options) == (['requirements.in'], None, ['--no-index'])
    assert recorded_paths.locate(r, 'requirements.txt', lambda p: (d / p).is_file()) == ('', ['requirements.in'], 'requirements.txt')


# --- which options take a value: checked against the tools themselves ---------

@pytest.mark.filterwarnings('ignore::DeprecationWarning')  # pip's pkg_resources import
def test_pip_compile_value_options_match_its_cli() -> None:
    import click
    from piptools.scripts.compile import cli

    params = [p for p in cli.params if isinstance(p, click.Option)]
    valued = {p.opts[-1] for p in params if getattr(p, 'is_flag', True) is False and not getattr(p, 'count', False)}
    shorts = {o: p.opts[-1] for p in params for o in p.opts if not o.startswith('--')}
    assert valued <= h.PIP_COMPILE_VALUED
    flags = {o for p in params for o in (*p.opts, *p.secondary_opts) if o.startswith('--')} - valued
    assert not flags & h.PIP_COMPILE_VALUED
    assert shorts == h.PIP_COMPILE_SHORT


@pytest.mark.parametrize(('subcommand', 'known'), [
    (['pip', 'compile'], h.UV_VALUED),
    (['export'], h.UV_EXPORT_VALUED),
])
def test_uv_value_options_match_its_help(subcommand: list[str], known: frozenset[str]) -> None:
    helps = [
        subprocess.run([BIN / 'uv', *cmd, '--help'], capture_output=True, text=True, check=True).stdout
        for cmd in (subcommand, [])
    ]
    valued, flags, shorts = set(), set(), {}
    for text in helps:
        for line in text.splitlines():
            words = line.strip().replace(',', '').replace('...', '').split()
            if not words or not words[0].startswith('-'):
                continue
            short = words[0] if not words[0].startswith('--') else None
            long = words[1] if short else words[0]
            if not long.startswith('--'):
                continue
            takes_value = len(words) > (2 if short else 1) and words[2 if short else 1].startswith('<')
            (valued if takes_value else flags).add(long)
            if short:
                shorts[short] = long
    assert valued <= known
    assert not flags & known
    assert shorts.items() <= h.UV_SHORT.items()


# --- cheap to import ----------------------------------------------------------------

_IMPORTS = """\
import sys
before = set(sys.modules)
from hooks.readers.header import read
texts = {texts!r}
recorded = [read(t, 'requirements.txt') for t in texts]
heavy = ('re', 'packaging', 'json', 'shlex', 'tomllib', 'tomli', 'typing', 'collections')
print(all(recorded), sorted(m for m in set(sys.modules) - before if m.split('.')[0] in heavy))
"""


def test_reading_a_header_imports_nothing_heavy() -> None:
    texts = [
        pip_tools('pip-compile --generate-hashes --output-file=requirements/dev.txt requirements/dev.in'),
        uv('uv pip compile requirements.in -o requirements.txt'),
    ]
    code = _IMPORTS.format(texts=texts)
    out = subprocess.run([sys.executable, '-c', code], cwd=REPO, capture_output=True, text=True, check=True,
                         env={**os.environ, 'PYTHONPATH': str(REPO)}).stdout.strip()
    assert out == 'True []'




@pytest.mark.parametrize(('path', 'argv'), [
    pytest.param('requirements/dev.txt', ['pip-compile-multi', '--no-upgrade'], id='its-default-folder'),
    pytest.param('docs/requirements/dev.txt', ['pip-compile-multi', '--no-upgrade'], id='below-a-folder'),
    pytest.param('reqs/dev.txt', ['pip-compile-multi', '--no-upgrade', '--directory', 'reqs'], id='another-folder'),
    pytest.param('dev.txt', ['pip-compile-multi', '--no-upgrade', '--directory', '.'], id='the-root'),
])
def test_pip_compile_multi_is_recompiled_without_upgrading(path: str, argv: list[str]) -> None:
    r = h.read(pcm(), path)
    assert r is not None and r.argv == argv
