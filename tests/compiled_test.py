"""Compiled files (README.md, "Layouts"): every layout pip-tools and
uv users keep, built in a real git repository and compiled for real
(offline, against the suite's wheel index); found, checked, reported, and
recompiled -- exactly the stale outputs, constrained ones first, with the
options their headers record."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import dockerfile_requirements
from hooks import requirements_compile
from hooks import requirements_fresh
from hooks.compiled import Compiled
from hooks.compiled import constrained_first
from hooks.readers import header
from testing.project import commit_all
from testing.project import write
from testing.wheels import go_offline
from testing.wheels import make_index
from testing.wheels import program

INDEX = {
    'django': [('4.2.7', ['asgiref>=3.6', 'sqlparse>=0.3.1']), ('5.0.2', ['asgiref>=3.7', 'sqlparse>=0.3.1'])],
    'asgiref': ['3.7.2'],
    'sqlparse': ['0.4.4'],
    'rich': [('13.7.0', ['pygments>=2.13'])],
    'pygments': ['2.17.2'],
    'pytest': [('8.0.0', ['iniconfig', 'pluggy>=1.3'])],
    'iniconfig': ['2.0.0'],
    'pluggy': ['1.4.0'],
    'requests': [('2.31.0', ['idna<4,>=2.5'])],
    'idna': ['3.6'],
}


@pytest.fixture
def index(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A wheelhouse kept in the repository (untracked): the --find-links
    the headers record is replayed, as it is inside the repository."""
    go_offline(monkeypatch, tmp_path / 'cache')
    with open(repo / '.git' / 'info' / 'exclude', 'a') as f:
        f.write('/wheels/\n')
    return make_index(repo, INDEX)


def pip_compile(repo: Path, index: str, *args: str, cwd: str = '') -> None:
    """What the user ran: pip-compile offline, from ``cwd``."""
    subprocess.run(
        [program('pip-compile'), '-q', '--no-index', '--find-links', index, '--no-emit-find-links', *args],
        cwd=repo / cwd, check=True, capture_output=True,
    )


def uv_compile(repo: Path, index: str, *args: str, cwd: str = '') -> None:
    subprocess.run(
        [program('uv'), 'pip', 'compile', '-q', '--no-index', '--find-links', index, *args],
        cwd=repo / cwd, check=True, capture_output=True,
    )


def fresh(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    rc = requirements_fresh.main(list(args))
    return rc, capsys.readouterr().out.splitlines()


def compile_(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    rc = requirements_compile.main(list(args))
    return rc, capsys.readouterr().out.splitlines()


def pin(path: Path, name: str) -> str | None:
    for line in path.read_text().splitlines():
        if line.startswith(f'{name}=='):
            return line.split('==', 1)[1].split()[0]
    return None


@pytest.fixture
def layered(repo: Path, index: str) -> Path:
    """The most common pip-tools layout: requirements/base.in and
    requirements/dev.in (with -c base.txt), compiled from the root."""
    write(repo / 'requirements/base.in', 'django<5\n')
    write(repo / 'requirements/dev.in', '-c base.txt\ndjango\npytest\n')
    pip_compile(repo, index, 'requirements/base.in')
    pip_compile(repo, index, 'requirements/dev.in')
    commit_all(repo)
    return repo


def test_layers_fresh_after_the_real_compile(layered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert fresh(capsys) == (0, [])
    assert pin(layered / 'requirements/dev.txt', 'django') == '4.2.7'


def test_layers_stale_base_is_found_and_named(layered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(layered / 'requirements/base.in', 'django>=5.0\nrich\n')
    rc, out = fresh(capsys)
    assert rc == 1
    line = next(n for n, s in enumerate((layered / 'requirements/base.txt').read_text().splitlines(), 1) if s.startswith('django=='))
    assert f'requirements/base.in:1: requirement django>=5.0 is pinned at 4.2.7 in requirements/base.txt:{line}, which does not satisfy it' in out
    assert 'requirements/base.in:2: requirement rich is not pinned in requirements/base.txt' in out
    fixes = [line for line in out if line.startswith('  fix: ')]
    assert fixes[0].startswith('  fix: pip-compile ')
    # the command the header records, as the user ran it
    assert fixes[0].endswith(' --no-index requirements/base.in')
    assert out[out.index(fixes[0]) + 1] == '   or: requirements-compile requirements/base.txt'


def test_layers_recompile_base_then_dev(layered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dev_before = (layered / 'requirements/dev.txt').read_bytes()
    write(layered / 'requirements/base.in', 'django>=5.0\nrich\n')
    rc, out = compile_(capsys)
    assert rc == 1
    started = [line for line in out if ': stale, recompiling' in line]
    assert started == [
        'requirements/base.txt: stale, recompiling with pip-compile:',
        'requirements/dev.txt: stale, recompiling with pip-compile:',
    ]
    assert pin(layered / 'requirements/base.txt', 'django') == '5.0.2'
    assert pin(layered / 'requirements/base.txt', 'rich') == '13.7.0'
    # dev constrains with base: compiled after it, at base's versions
    assert pin(layered / 'requirements/dev.txt', 'django') == '5.0.2'
    assert (layered / 'requirements/dev.txt').read_bytes() != dev_before
    # the header names the command as the user ran it: no --output-file added
    def command(data: bytes) -> str:
        return next(line for line in data.decode().splitlines() if line.startswith('#    pip-compile'))
    assert command((layered / 'requirements/dev.txt').read_bytes()) == command(dev_before)
    assert command(dev_before).startswith('#    pip-compile --find-links=')
    assert command(dev_before).endswith(' --no-index requirements/dev.in')
    assert fresh(capsys) == (0, [])
    # and nothing more to do
    assert compile_(capsys) == (0, [])


def test_layers_only_the_stale_output_is_recompiled(layered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base_before = (layered / 'requirements/base.txt').read_bytes()
    with open(layered / 'requirements/dev.in', 'a') as f:
        f.write('requests\n')
    rc, out = compile_(capsys)
    assert rc == 1
    assert [line for line in out if ': stale, recompiling' in line] == ['requirements/dev.txt: stale, recompiling with pip-compile:']
    assert (layered / 'requirements/base.txt').read_bytes() == base_before
    assert pin(layered / 'requirements/dev.txt', 'requests') == '2.31.0'
    assert fresh(capsys) == (0, [])


def test_layers_disagree_when_base_alone_is_recompiled(layered: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(layered / 'requirements/base.in', 'django>=5\n')
    pip_compile(layered, index, 'requirements/base.in')
    rc, out = fresh(capsys)
    assert rc == 1
    dev = (layered / 'requirements/dev.txt').read_text().splitlines()
    base = (layered / 'requirements/base.txt').read_text().splitlines()
    dev_line = next(n for n, line in enumerate(dev, 1) if line.startswith('django=='))
    base_line = next(n for n, line in enumerate(base, 1) if line.startswith('django=='))
    assert f'requirements/dev.txt:{dev_line}: django 4.2.7 is pinned at 5.0.2 in requirements/base.txt:{base_line} (requirements/dev.in:1 constrains with it)' in out


@pytest.mark.parametrize('args', (['requirements/dev.txt'], ['--project', 'requirements']))
def test_layers_narrowed_by_output_or_folder(layered: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    write(layered / 'requirements/base.in', 'django>=5.0\nrich\n')
    rc, out = fresh(capsys, *args)
    if args[0] == '--project':
        assert rc == 1 and any(line.startswith('requirements/base.in:') for line in out)
    else:
        # dev.txt on its own: it constrains with base.txt, unchanged so far
        assert (rc, out) == (0, [])


def test_an_output_named_that_is_not_compiled_is_bad_input(layered: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(layered / 'notes.txt', 'hello\n')
    assert fresh(capsys, 'notes.txt') == (2, ['notes.txt:1: not a compiled requirements file: no recorded pip-compile or uv command, and no .in file of its name beside it'])


def test_root_requirements_dev_beside_requirements(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', 'django<5\n')
    write(repo / 'requirements-dev.in', '-r requirements.in\npytest\n')
    pip_compile(repo, index, 'requirements.in')
    pip_compile(repo, index, 'requirements-dev.in')
    commit_all(repo)
    assert fresh(capsys) == (0, [])
    with open(repo / 'requirements-dev.in', 'a') as f:
        f.write('rich\n')
    rc, out = fresh(capsys)
    assert rc == 1
    assert out[0] == 'requirements-dev.in:3: requirement rich is not pinned in requirements-dev.txt'
    rc, out = compile_(capsys)
    assert rc == 1
    assert [line for line in out if ': stale, recompiling' in line] == ['requirements-dev.txt: stale, recompiling with pip-compile:']
    assert pin(repo / 'requirements-dev.txt', 'rich') == '13.7.0'
    assert pin(repo / 'requirements.txt', 'rich') is None
    assert fresh(capsys) == (0, [])


def test_no_header_output_beside_its_in(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements/prod.in', 'django<5\n')
    pip_compile(repo, index, '--no-header', 'requirements/prod.in')
    commit_all(repo)
    assert fresh(capsys) == (0, [])
    write(repo / 'requirements/prod.in', 'django<5\nrich\n')
    assert fresh(capsys) == (1, [
        'requirements/prod.in:2: requirement rich is not pinned in requirements/prod.txt',
        '  fix: pip-compile requirements/prod.in',
        '   or: requirements-compile requirements/prod.txt',
    ])


def test_a_custom_compile_command_falls_through_to_the_in_beside(repo: Path, index: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / 'requirements/prod.in', 'django<5\n')
    env = {**os.environ, 'CUSTOM_COMPILE_COMMAND': 'make upgrade'}
    subprocess.run(
        [program('pip-compile'), '-q', '--no-index', '--find-links', index, '--no-emit-find-links', 'requirements/prod.in'],
        cwd=repo, check=True, capture_output=True, env=env,
    )
    assert '#    make upgrade' in (repo / 'requirements/prod.txt').read_text()
    commit_all(repo)
    assert fresh(capsys) == (0, [])
    write(repo / 'requirements/prod.in', 'django>=5\n')
    rc, out = fresh(capsys)
    assert rc == 1 and out[0].startswith('requirements/prod.in:1: requirement django>=5 is pinned at 4.2.7')


def test_uv_outputs_are_found_and_replayed(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', 'django<5\n')
    uv_compile(repo, index, 'requirements.in', '-o', 'requirements.lock.txt', '--generate-hashes')
    commit_all(repo)
    assert fresh(capsys) == (0, [])
    write(repo / 'requirements.in', 'django<5\nrich\n')
    rc, out = fresh(capsys)
    assert rc == 1
    assert out[0] == 'requirements.in:2: requirement rich is not pinned in requirements.lock.txt'
    assert out[-2].startswith('  fix: uv pip compile ')
    assert out[-1] == '   or: requirements-compile requirements.lock.txt'
    # uv leaves --find-links out of its header: the hook is told where
    rc, out = compile_(capsys, '--', '--find-links', index)
    assert rc == 1, out
    assert out[0] == 'requirements.lock.txt: stale, recompiling with uv:'
    text = (repo / 'requirements.lock.txt').read_text()
    assert pin(repo / 'requirements.lock.txt', 'rich') == '13.7.0'
    assert '--hash=sha256:' in text  # the recorded --generate-hashes is kept
    assert fresh(capsys) == (0, [])


def test_uv_universal_output(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', 'django\n')
    uv_compile(repo, index, 'requirements.in', '--universal', '-o', 'requirements.txt')
    commit_all(repo)
    assert fresh(capsys) == (0, [])


def test_rule7_hashes_recorded_and_a_pin_added_by_hand(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', 'django<5\nidna\n')
    pip_compile(repo, index, '--generate-hashes', 'requirements.in')
    text = (repo / 'requirements.txt').read_text()
    start = text.index('idna==3.6')
    end = text.index('    # via', start)
    (repo / 'requirements.txt').write_text(text[:start] + 'idna==3.6\n' + text[end:])
    line = next(n for n, s in enumerate((repo / 'requirements.txt').read_text().splitlines(), 1) if s.startswith('idna=='))
    rc, out = fresh(capsys)
    assert rc == 1
    assert f'requirements.txt:{line}: idna 3.6 has no --hash, but requirements.txt is compiled with --generate-hashes' in out


def test_a_header_naming_a_file_outside_the_repository_is_bad_input(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.txt', (
        '#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n'
        '#    pip-compile --output-file=requirements.txt ../outside.in\n#\ndjango==4.2.7\n'
    ))
    rc, out = fresh(capsys)
    assert rc == 2
    assert out == ['requirements.txt:5: its header names ../outside.in, which is outside the repository']


def test_create_compiles_a_requirements_folder_input(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements/base.in', 'django<5\n')
    write(repo / 'MANIFEST.in', 'include README\n')  # not a requirements input
    assert compile_(capsys, '--', '--no-index', '--find-links', index) == (0, [])
    rc, out = compile_(capsys, '--create', '--', '--no-index', '--find-links', index, '--no-emit-find-links')
    assert rc == 1
    assert out[0] == 'requirements/base.txt: does not exist, compiling it with pip-compile (--create)'
    assert pin(repo / 'requirements/base.txt', 'django') == '4.2.7'
    assert not (repo / 'MANIFEST.txt').exists()
    assert fresh(capsys) == (0, [])


# --- the value: one immutable compiled file -------------------------------------

UV_HEADER = b'# This file was autogenerated by uv via the following command:\n#    uv pip compile sub/dev.in -o sub/dev.txt --no-index\n'


def test_a_compiled_file_is_a_value_of_its_output() -> None:
    a = Compiled('requirements/dev.txt', ['requirements/dev.in'])
    assert a == Compiled('requirements/dev.txt', ('other.in',), 'elsewhere')
    assert hash(a) == hash(Compiled('requirements/dev.txt', []))
    assert a != Compiled('requirements/base.txt', ['requirements/dev.in'])
    assert sorted([a, Compiled('requirements/base.txt', [])]) == [Compiled('requirements/base.txt', []), a]
    assert (a.sources, a.dir, a.label, a.first_source) == (('requirements/dev.in',), 'requirements', 'requirements', 'requirements/dev.in')
    assert repr(a) == "Compiled('requirements/dev.txt', ['requirements/dev.in'], cwd='')"
    assert Compiled('requirements.txt', []).label == '.'


def test_a_compiled_file_cannot_change() -> None:
    c = Compiled('requirements.txt', ['requirements.in'])
    for name in ('output', 'sources', 'options', 'divio', 'dir', 'new'):
        with pytest.raises(AttributeError):
            setattr(c, name, 'x')
        with pytest.raises(AttributeError):
            delattr(c, name)
    assert (c.output, c.sources, c.options, c.divio) == ('requirements.txt', ('requirements.in',), (), True)


@pytest.mark.parametrize(('output', 'sources', 'divio'), [
    ('requirements.txt', ['requirements.in'], True),
    ('sub/requirements.txt', ['sub/requirements.in'], True),
    ('sub/requirements.txt', ['requirements.in'], False),
    ('requirements.txt', ['requirements.in', 'more.in'], False),
    ('requirements.txt', ['pyproject.toml'], False),
    ('dev.txt', ['requirements.in'], False),
])
def test_the_addons_list_applies_to_a_divio_folders_requirements_txt(output: str, sources: list[str], divio: bool) -> None:
    c = Compiled(output, sources)
    files = ['addons/a/addon.json', 'sub/addons/b/addon.json', 'addons/c/setup.py']
    assert c.divio is divio
    assert c.settings_py == (c.path('settings.py') if divio else None)
    assert c.addon_jsons(files) == ([f for f in files[:2] if f.startswith(c.path('addons/'))] if divio else [])


def test_configured_is_a_new_value_with_what_the_config_file_adds() -> None:
    recorded = header.read(header.head_text(UV_HEADER), 'sub/dev.txt')
    assert recorded is not None
    c = Compiled('sub/dev.txt', ['sub/dev.in'], '', recorded)
    files = {'sub/uv.toml': b'[pip]\ngenerate-hashes = true\nno-index = true\n'}
    configured = c.configured(files.get)
    assert (c.options, c.has('--generate-hashes')) == (('--no-index',), False)
    assert (configured.options, configured.has('--generate-hashes')) == (('--no-index', '--generate-hashes'), True)
    assert (configured.output, configured.sources, configured.cwd, configured.recorded, configured.tool) == (c.output, c.sources, c.cwd, recorded, 'uv')
    # nothing recorded, nothing configured
    plain = Compiled('sub/dev.txt', ['sub/dev.in'])
    assert plain.configured(files.get) is plain


def test_constrained_first_orders_layers() -> None:
    base = Compiled('requirements/base.txt', ['requirements/base.in'])
    dev = Compiled('requirements/dev.txt', ['requirements/dev.in'])
    test = Compiled('requirements/test.txt', ['requirements/test.in'])
    layers = {'requirements/test.txt': {'requirements/dev.txt'}, 'requirements/dev.txt': {'requirements/base.txt'}}
    assert constrained_first([test, dev, base], layers) == [base, dev, test]
    # a cycle does not loop
    layers['requirements/base.txt'] = {'requirements/test.txt'}
    assert sorted(c.output for c in constrained_first([test, dev, base], layers)) == [c.output for c in (base, dev, test)]


def test_constrained_first_orders_a_chain_deeper_than_the_recursion_limit() -> None:
    n = sys.getrecursionlimit() * 3
    chain = [Compiled(f'l{i}.txt', [f'l{i}.in']) for i in range(n)]
    layers = {f'l{i}.txt': {f'l{i - 1}.txt'} for i in range(1, n)}
    assert constrained_first(chain[::-1], layers) == chain


PYPROJECT = '''\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "webapp"
version = "1.0"
dependencies = [
    "django<5",
]

[project.optional-dependencies]
dev = ["pytest"]

[dependency-groups]
lint = ["rich"]
'''


@pytest.fixture
def pyproject(repo: Path, index: str) -> Path:
    """pyproject.toml compiled twice: the runtime pins and, with the dev
    extra, the development pins."""
    write(repo / 'pyproject.toml', PYPROJECT)
    pip_compile(repo, index, '--no-build-isolation', '-o', 'requirements.txt', 'pyproject.toml')
    pip_compile(repo, index, '--no-build-isolation', '--extra', 'dev', '-o', 'requirements-dev.txt', 'pyproject.toml')
    commit_all(repo)
    return repo


def test_pyproject_outputs_fresh_after_the_compile(pyproject: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert fresh(capsys) == (0, [])


def test_pyproject_extra_changed_only_its_output_is_stale(pyproject: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (pyproject / 'pyproject.toml').read_text()
    (pyproject / 'pyproject.toml').write_text(text.replace('dev = ["pytest"]', 'dev = ["pytest", "rich"]'))
    rc, out = fresh(capsys)
    assert rc == 1
    assert out[0] == 'pyproject.toml:13: requirement rich is not pinned in requirements-dev.txt'
    assert len([line for line in out if line.startswith('  fix: ')]) == 1
    rc, out = compile_(capsys)
    assert rc == 1
    assert [line for line in out if ': stale, recompiling' in line] == ['requirements-dev.txt: stale, recompiling with pip-compile:']
    assert pin(pyproject / 'requirements-dev.txt', 'rich') == '13.7.0'
    assert pin(pyproject / 'requirements.txt', 'rich') is None
    assert fresh(capsys) == (0, [])


def test_pyproject_dependency_tightened_both_outputs_are_stale(pyproject: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (pyproject / 'pyproject.toml').read_text()
    (pyproject / 'pyproject.toml').write_text(text.replace('"django<5",', '"django>=5",'))
    rc, out = fresh(capsys)
    assert rc == 1
    assert sorted(line.split(' in ')[1].split(':')[0] for line in out if line.startswith('pyproject.toml:9:')) == ['requirements-dev.txt', 'requirements.txt']


def test_uv_dependency_group(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'pyproject.toml', PYPROJECT)
    uv_compile(repo, index, 'pyproject.toml', '--group', 'lint', '-o', 'requirements-lint.txt')
    commit_all(repo)
    assert fresh(capsys) == (0, [])
    text = (repo / 'pyproject.toml').read_text()
    (repo / 'pyproject.toml').write_text(text.replace('lint = ["rich"]', 'lint = ["rich", "requests"]'))
    rc, out = fresh(capsys)
    assert rc == 1
    assert out[0] == 'pyproject.toml:16: requirement requests is not pinned in requirements-lint.txt'


@pytest.mark.parametrize(('text', 'message'), (
    ('[project\nname = "x"\n', 'pyproject.toml:1: '),
    ('[project]\nname = "x"\ndependencies = "django"\n', 'pyproject.toml:3: '),
))
def test_bad_pyproject_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], text: str, message: str) -> None:
    write(repo / 'pyproject.toml', text)
    write(repo / 'requirements.txt', '#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n#    pip-compile pyproject.toml\n#\ndjango==4.2.7\n')
    before = (repo / 'requirements.txt').read_bytes()
    rc, out = fresh(capsys)
    assert rc == 2 and len(out) == 1 and out[0].startswith(message), out
    assert compile_(capsys)[0] == 2
    assert (repo / 'requirements.txt').read_bytes() == before


def test_project_takes_the_outputs_in_and_below_the_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for d in ('', 'services/api/', 'services/api/requirements/', 'tools/'):
        write(repo / f'{d}requirements.in', 'requests\n')
        write(repo / f'{d}requirements.txt', 'django==4.2.7\n')

    def named(*args: str) -> list[str]:
        rc, out = fresh(capsys, *args)
        assert rc == 1
        return [line.split(':')[0] for line in out if 'not pinned' in line]

    assert named('--project', 'services') == ['services/api/requirements.in', 'services/api/requirements/requirements.in']
    assert named('--project', 'services/api/requirements') == ['services/api/requirements/requirements.in']
    assert len(named('--project', '.')) == 4


def test_unrelated_text_files_do_not_stop_discovery(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', 'django\n')
    write(repo / 'requirements.txt', 'django==4.2.7\n    # via -r requirements.in\n')
    write(tmp_path / 'elsewhere.txt', 'pip-compile\n')
    (repo / 'docs').mkdir()
    os.symlink(tmp_path / 'elsewhere.txt', repo / 'docs' / 'notes.txt')
    write(repo / 'data' / 'latin1.txt', '')
    (repo / 'data' / 'latin1.txt').write_bytes(b'# pip-compile caf\xe9\n')
    assert fresh(capsys) == (0, [])


# --- header forms (issue 18, item 4): found, not passed in silence -----------------

def _utf16(path: Path) -> None:
    """What PowerShell's ``>`` makes of a compiler's output: UTF-16 with a BOM."""
    path.write_bytes(path.read_text().encode('utf-16'))


@pytest.mark.parametrize('form', ['global-options', 'long-command', 'utf-16'])
def test_header_forms_are_found(repo: Path, index: str, capsys: pytest.CaptureFixture[str], form: str) -> None:
    sources = ['requirements.in']
    write(repo / 'requirements.in', 'django<5\n')
    if form == 'long-command':
        # 300 sources: a command line far longer than the first 4 KB
        for n in range(300):
            sources.append(f'requirements/extra-input-with-a-long-name-{n:03}.in')
            write(repo / sources[-1], '')
    if form == 'global-options':
        subprocess.run(
            [program('uv'), '--no-cache', 'pip', 'compile', '-q', '--no-index', '--find-links', index, *sources, '-o', 'requirements.lock.txt'],
            cwd=repo, check=True, capture_output=True,
        )
        assert '#    uv --no-cache pip compile ' in (repo / 'requirements.lock.txt').read_text()
    else:
        uv_compile(repo, index, *sources, '-o', 'requirements.lock.txt')
    if form == 'long-command':
        assert len((repo / 'requirements.lock.txt').read_text().splitlines()[1]) > 4096
    if form == 'utf-16':
        _utf16(repo / 'requirements.lock.txt')
    commit_all(repo)
    assert fresh(capsys) == (0, [])
    write(repo / 'requirements.in', 'django<5\nrich\n')
    rc, out = fresh(capsys)
    assert (rc, out[0]) == (1, 'requirements.in:2: requirement rich is not pinned in requirements.lock.txt')


@pytest.mark.parametrize('main', [requirements_fresh.main, requirements_compile.main, dockerfile_requirements.main])
def test_a_project_folder_that_does_not_exist_is_exit_2(layered: Path, capsys: pytest.CaptureFixture[str], main: Callable[[list[str]], int]) -> None:
    assert main(['--project', 'no-such-folder']) == 2
    assert capsys.readouterr().out.splitlines() == ['no-such-folder:1: --project: no such folder']


@pytest.mark.parametrize('main', [requirements_fresh.main, requirements_compile.main])
def test_an_output_that_does_not_exist_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], main: Callable[[list[str]], int]) -> None:
    write(repo / 'requirements.in', 'django\n')  # unpinned: only --create compiles it
    commit_all(repo)
    for output in ('requirements.txt', 'requirements/missing.txt'):
        assert main([output]) == 2
        assert capsys.readouterr().out.splitlines() == [f'{output}:1: no such file in the working tree']
    assert not (repo / 'requirements.txt').exists()


# --- never silent: a lock that cannot be judged is a finding, unless accepted ------

SETUP_PY = 'from setuptools import setup\nsetup(install_requires=["django"])\n'


def _inputs_nowhere(repo: Path, index: str) -> str:
    write(repo / 'requirements/base.in', 'django<5\n')
    pip_compile(repo, index, 'requirements/base.in')
    os.remove(repo / 'requirements/base.in')
    return 'requirements/base.txt'


def _custom_command(repo: Path, index: str) -> str:
    write(repo / 'requirements/prod.in', 'django<5\n')
    env = {**os.environ, 'CUSTOM_COMPILE_COMMAND': 'make upgrade'}
    subprocess.run(
        [program('pip-compile'), '-q', '--no-index', '--find-links', index, '--no-emit-find-links', '-o', 'requirements/locked.txt', 'requirements/prod.in'],
        cwd=repo, check=True, capture_output=True, env=env,
    )
    return 'requirements/locked.txt'


def _setup_py(repo: Path, index: str) -> str:
    write(repo / 'setup.py', SETUP_PY)
    write(repo / 'setup.cfg', '[metadata]\nname = webapp\nversion = 1.0\n')
    pip_compile(repo, index, 'setup.py')
    return 'requirements.txt'


def _dynamic(repo: Path, index: str) -> str:
    write(repo / 'pyproject.toml', '[project]\nname = "webapp"\nversion = "1.0"\ndynamic = ["dependencies"]\n')
    write(repo / 'setup.py', SETUP_PY)
    write(repo / 'requirements.txt', (
        '#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n'
        '#    pip-compile pyproject.toml\n#\ndjango==4.2.7\n    # via webapp (pyproject.toml)\n'
    ))
    return 'requirements.txt'


def _uv_export_without_lock(repo: Path, index: str) -> str:
    write(repo / 'pyproject.toml', '[project]\nname = "webapp"\nversion = "1.0"\nrequires-python = ">=3.10"\ndependencies = ["django<5"]\n')
    uv = program('uv')
    for args in (['lock'], ['export', '-o', 'requirements.txt']):
        subprocess.run([uv, *args, '-q', '--no-index', '--find-links', index], cwd=repo, check=True, capture_output=True)
    os.remove(repo / 'uv.lock')
    return 'requirements.txt'


@pytest.mark.parametrize(('make', 'message'), [
    pytest.param(_inputs_nowhere, "requirements/base.txt:5: not checked: its header names requirements/base.in, which is neither at the repository root nor beside it", id='inputs-nowhere'),
    pytest.param(_custom_command, "requirements/locked.txt:5: not checked: its header records 'make upgrade', no command this hook can judge", id='custom-command'),
    pytest.param(_setup_py, 'setup.py:1: not checked: dependencies are computed by setup.py', id='setup.py'),
    pytest.param(_dynamic, "pyproject.toml:4: not checked: dependencies are dynamic (dynamic = ['dependencies'])", id='dynamic'),
    pytest.param(_uv_export_without_lock, 'requirements.txt:2: not checked: uv export reads uv.lock, which is not in the snapshot', id='uv-export-without-uv.lock'),
])
def test_a_lock_that_cannot_be_judged_is_a_finding_until_accepted(
        repo: Path, index: str, capsys: pytest.CaptureFixture[str], make: Callable[[Path, str], str], message: str,
) -> None:
    output = make(repo, index)
    commit_all(repo)
    before = (repo / output).read_bytes()
    fix = f"  hint: accept it deliberately: add --unchecked {output} to the hook's args in .pre-commit-config.yaml"
    assert fresh(capsys) == (1, [message, fix])
    assert compile_(capsys) == (1, [message, fix])
    assert (repo / output).read_bytes() == before
    assert fresh(capsys, '--unchecked', output) == (0, [])
    assert compile_(capsys, '--unchecked', output) == (0, [])
