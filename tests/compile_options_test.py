"""requirements-fresh on what the real compilers write with each of their
output options: fresh right after the compile (exit 0, nothing printed);
stale (exit 1, naming the package and the compiled file) after each kind
of change to the inputs or the pins; fresh after changes that change
nothing (a comment, a reorder, the case of a name).

Without a fingerprint some changes cannot be seen offline (README, "What a
file without a fingerprint cannot reveal"): a removed requirement when the
output has no ``# via`` annotations, and a new extra when the output does
not record extras.  The table says so where it applies; a stamped file
(requirements-compile) reveals them all.
"""
from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from hooks import requirements_compile
from hooks import requirements_fresh
from testing.project import commit_all
from testing.project import init_repo
from testing.project import write
from testing.wheels import go_offline
from testing.wheels import installed
from testing.wheels import make_index
from testing.wheels import program

INDEX = {
    'django': [('4.2.7', ['asgiref>=3.6', 'sqlparse>=0.3.1']), ('5.0.2', ['asgiref>=3.7', 'sqlparse>=0.3.1'])],
    'asgiref': ['3.7.2'],
    'sqlparse': ['0.4.4'],
    'rich': [('13.7.0', ['pygments>=2.13'])],
    'pygments': ['2.17.2'],
    'requests': [('2.31.0', ['idna<4,>=2.5', 'PySocks>=1.5.6; extra == "socks"'])],
    'idna': ['3.6', '3.7'],
    'pysocks': ['1.7.1'],
    'pytest': [('8.0.0', ['iniconfig'])],
    'iniconfig': ['2.0.0'],
    'setuptools': ['69.0.0'],
}

IN = '''\
-c constraints.txt
-r common.in
django<5
requests
rich ; python_version >= "3"
'''
COMMON = 'sqlparse\n'
CONSTRAINTS = 'idna<3.7\n'

# (tool, options, annotated, records extras)
OPTIONS = [
    ('pip-compile', [], True, False),
    ('pip-compile', ['--annotation-style=line'], True, False),
    ('pip-compile', ['--no-annotate'], False, False),
    ('pip-compile', ['--no-header'], True, False),
    ('pip-compile', ['--generate-hashes'], True, False),
    ('pip-compile', ['--strip-extras'], True, False),
    ('pip-compile', ['--no-strip-extras'], True, True),
    ('pip-compile', ['--allow-unsafe'], True, False),
    ('pip-compile', ['--emit-index-url'], True, False),
    ('pip-compile', ['--no-emit-index-url'], True, False),
    ('pip-compile', ['--emit-find-links'], True, False),
    ('uv', [], True, False),
    ('uv', ['--universal'], True, False),
    ('uv', ['--generate-hashes'], True, False),
    ('uv', ['--no-annotate'], False, False),
    ('uv', ['--annotation-style', 'line'], True, False),
    ('uv', ['--no-header'], True, False),
    ('uv', ['--no-strip-extras'], True, True),
]
# options a compiler has only from some release on: CI runs these tests on
# the oldest pip-tools pyproject.toml admits too (7.0: no --no-strip-extras)
SINCE = {('pip-compile', '--no-strip-extras'): ('pip-tools', (7, 3))}


def since(tool: str, args: list[str]) -> tuple[pytest.MarkDecorator, ...]:
    for arg in args:
        if (tool, arg) in SINCE:
            dist, release = SINCE[tool, arg]
            if installed(dist) < release:
                return (pytest.mark.skip(reason=f'{dist} {installed(dist)} has no {arg} (since {release})'),)
    return ()


IDS = [f'{tool} {" ".join(args) or "defaults"}' for tool, args, _, _ in OPTIONS]
PARAMS = [pytest.param(option, id=name, marks=since(option[0], option[1])) for option, name in zip(OPTIONS, IDS, strict=True)]


@pytest.fixture(scope='module')
def offline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The wheel index, and an environment that keeps the compilers off the
    network and out of the user's caches, for the module."""
    tmp = tmp_path_factory.mktemp('index')
    with pytest.MonkeyPatch.context() as mp:
        go_offline(mp, tmp / 'cache')
        yield make_index(tmp, INDEX)


@pytest.fixture
def index(offline: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    go_offline(monkeypatch, tmp_path / 'cache')
    return offline


def real_compile(repo: Path, index: str, tool: str, args: list[str]) -> None:
    if tool == 'pip-compile':
        argv = [program('pip-compile'), '-q', '--no-index', '--find-links', index, *args, 'requirements.in']
        if '--emit-find-links' not in args:
            argv.insert(-1, '--no-emit-find-links')
    else:
        argv = [program('uv'), 'pip', 'compile', '-q', '--no-index', '--find-links', index, *args, 'requirements.in', '-o', 'requirements.txt']
    subprocess.run(argv, cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope='module', params=PARAMS)
def template(request: pytest.FixtureRequest, offline: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bool, bool]:
    """One real compile per option set: a committed project each test of
    the module copies."""
    tool, args, annotated, extras = request.param
    repo = init_repo(tmp_path_factory.mktemp('compiled') / 'repo')
    write(repo / 'requirements.in', IN)
    write(repo / 'common.in', COMMON)
    write(repo / 'constraints.txt', CONSTRAINTS)
    real_compile(repo, offline, tool, args)
    commit_all(repo)
    return repo, annotated, extras


@pytest.fixture
def compiled(template: tuple[Path, bool, bool], repo: Path) -> tuple[Path, bool, bool]:
    source, annotated, extras = template
    shutil.rmtree(repo / '.git')  # the test's folder (its cwd) stays
    shutil.copytree(source, repo, symlinks=True, dirs_exist_ok=True)
    return repo, annotated, extras


def fresh(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    rc = requirements_fresh.main([])
    return rc, capsys.readouterr().out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1))


def test_fresh_right_after_the_compile(compiled: tuple[Path, bool, bool], capsys: pytest.CaptureFixture[str]) -> None:
    repo, _, _ = compiled
    assert fresh(capsys) == (0, ''), (repo / 'requirements.txt').read_text()


# (id, file, old, new, the package named, needs annotations, needs recorded extras)
STALE = [
    ('a requirement added', 'requirements.in', 'django<5\n', 'django<5\npytest\n', 'pytest', False, False),
    ('a requirement added to an -r include', 'common.in', 'sqlparse\n', 'sqlparse\npytest\n', 'pytest', False, False),
    ('a requirement removed', 'requirements.in', 'rich ; python_version >= "3"\n', '', 'rich', True, False),
    ('a specifier tightened past the pin', 'requirements.in', 'django<5\n', 'django>=5\n', 'django', False, False),
    ('a constraint tightened past the pin', 'constraints.txt', 'idna<3.7\n', 'idna<3.6\n', 'idna', False, False),
    ('an extra added', 'requirements.in', 'requests\n', 'requests[socks]\n', 'requests', False, True),
    ('a pin edited by hand past its specifier', 'requirements.txt', 'django==4.2.7', 'django==5.0.2', 'django', False, False),
]


@pytest.mark.parametrize(('file', 'old', 'new', 'package', 'needs_via', 'needs_extras'), [s[1:] for s in STALE], ids=[s[0] for s in STALE])
def test_stale_after_the_change(compiled: tuple[Path, bool, bool], capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, package: str, needs_via: bool, needs_extras: bool) -> None:
    repo, annotated, extras = compiled
    edit(repo / file, old, new)
    rc, out = fresh(capsys)
    if (needs_via and not annotated) or (needs_extras and not extras):
        # cannot be seen offline without the fingerprint (README)
        assert (rc, out) == (0, '')
        # a stamped file reveals it: requirements-compile stamps, and the
        # check then names the changed input
        return
    assert rc == 1, out
    first = out.splitlines()[0]
    assert package in first and 'requirements.txt' in first, out
    assert out.splitlines()[-2].startswith('  fix: ')
    assert out.splitlines()[-1] == '   or: requirements-compile --project .'


# (id, file, old, new)
UNCHANGED = [
    ('a comment', 'requirements.in', 'django<5\n', '# the web framework\ndjango<5  # LTS\n'),
    ('a reorder', 'requirements.in', 'django<5\nrequests\n', 'requests\ndjango<5\n'),
    ('the case of a name', 'requirements.in', 'django<5\n', 'Django<5\n'),
    ('the spelling of a name', 'common.in', 'sqlparse\n', 'SQLParse\n'),
    ('blank lines', 'common.in', 'sqlparse\n', '\n\nsqlparse\n\n'),
]


@pytest.mark.parametrize(('file', 'old', 'new'), [u[1:] for u in UNCHANGED], ids=[u[0] for u in UNCHANGED])
def test_fresh_after_a_change_that_changes_nothing(compiled: tuple[Path, bool, bool], capsys: pytest.CaptureFixture[str], file: str, old: str, new: str) -> None:
    repo, _, _ = compiled
    edit(repo / file, old, new)
    assert fresh(capsys) == (0, '')


def test_a_stamped_file_reveals_what_the_unstamped_cannot(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', IN)
    write(repo / 'common.in', COMMON)
    write(repo / 'constraints.txt', CONSTRAINTS)
    real_compile(repo, index, 'pip-compile', ['--no-annotate'])
    commit_all(repo)
    # stamp it: requirements-compile on a fresh file that has no stamp yet
    # would do nothing, so compile once after a change
    edit(repo / 'requirements.in', 'django<5\n', 'django<5\npytest\n')
    assert requirements_compile.main(['--', '--find-links', index]) == 1
    assert (repo / 'requirements.txt').read_text().startswith('# aldryn-pins: v1 ')
    capsys.readouterr()
    assert fresh(capsys) == (0, '')
    edit(repo / 'requirements.in', 'rich ; python_version >= "3"\n', '')
    rc, out = fresh(capsys)
    assert rc == 1
    assert 'requirements.in changed since requirements.txt was compiled' in out
