"""hooks.readers.included: the outputs a compiled file includes (``-r
docs.txt``) answer its requirements.  Judged on what the REAL
pip-compile-multi writes, offline against a local wheel index: fresh right
after it ran, stale after each kind of input change (naming the package
and the file), fresh after changes that change nothing."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hooks import requirements_compile
from hooks.readers.included import includes
from testing.fresh import run
from testing.project import commit_all
from testing.project import edit
from testing.project import write
from testing.wheels import isolated_env
from testing.wheels import make_index
from testing.wheels import program

PACKAGES = {
    'django': [('4.2.1', ['asgiref>=3.6'])],
    'asgiref': ['3.7.2'],
    'pytest': [('7.4.0', ['iniconfig'])],
    'iniconfig': ['2.0.0'],
    'sphinx': [('7.0.0', ['jinja2'])],
    'jinja2': ['3.1.2'],
    'six': ['1.16.0'],
}
INPUTS = {
    'base.in': 'django\n',
    'test.in': '-r base.in\npytest\n',
    'docs.in': '-r base.in\nsphinx\n',
    'dev.in': '-r test.in\n-r docs.in\nsix\n',
}
FIX = '  fix: pip-compile-multi --no-upgrade'


@pytest.fixture(scope='module')
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """requirements/*.in and the *.txt pip-compile-multi wrote for them
    (once for the module: it runs pip-compile four times)."""
    tmp = tmp_path_factory.mktemp('pcm')
    index = make_index(tmp, PACKAGES)
    folder = tmp / 'project' / 'requirements'
    for name, text in INPUTS.items():
        write(folder / name, text)
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PIP_', 'UV_'))}
    env.update({k: v for k, v in isolated_env(tmp / 'cache').items() if v is not None})
    env.update({'PIP_NO_INDEX': '1', 'PIP_FIND_LINKS': index})
    done = subprocess.run(
        [program('pip-compile-multi'), '--no-emit-find-links'], cwd=folder.parent,
        capture_output=True, text=True, env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return folder.parent


@pytest.fixture
def pcm(compiled: Path, repo: Path) -> Path:
    """The compiled project, committed in ``repo``."""
    shutil.copytree(compiled / 'requirements', repo / 'requirements')
    commit_all(repo)
    return repo


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


@pytest.mark.parametrize(('text', 'expected'), [
    pytest.param('-r docs.txt\n-r test.txt\ndjango==4.2.1\n', [(1, 'docs.txt'), (2, 'test.txt')], id='pip-compile-multi'),
    pytest.param('--requirement=docs.txt\n--requirement test.txt  # both\n', [(1, 'docs.txt'), (2, 'test.txt')], id='long-option'),
    pytest.param('-r https://example.org/base.txt\n-c base.txt\n', [], id='url-and-constraint-not-followed'),
    pytest.param('django==4.2.1\n    # via -r requirements.in\n', [], id='via-comment'),
])
def test_includes(text: str, expected: list[tuple[int, str]]) -> None:
    assert includes(text, 'requirements/dev.txt') == expected


def test_fresh_right_after_writing(pcm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dev = (pcm / 'requirements' / 'dev.txt').read_text()
    assert '-r docs.txt\n-r test.txt\n' in dev and 'django==' not in dev  # the real layout
    assert run(capsys) == (0, [])


@pytest.mark.parametrize('change', [
    pytest.param(lambda r: edit(r / 'requirements' / 'dev.in', 'six\n', 'six\n# the test runner and the docs\n'), id='comment'),
    pytest.param(lambda r: write(r / 'requirements' / 'dev.in', '-r docs.in\n-r test.in\nsix\n'), id='order'),
    pytest.param(lambda r: edit(r / 'requirements' / 'base.in', 'django', 'Django'), id='name-spelling'),
])
def test_fresh_after_no_op_changes(pcm: Path, capsys: pytest.CaptureFixture[str], change: object) -> None:
    change(pcm)  # type: ignore[operator]
    assert run(capsys) == (0, [])


def test_stale_requirement_added(pcm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(pcm / 'requirements' / 'dev.in', 'six\n', 'six\nrequests\n')
    assert run(capsys) == (1, [
        'requirements/dev.in:4: requirement requests is not pinned in requirements/dev.txt', FIX,
    ])


def test_stale_included_pin_no_longer_satisfies(pcm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(pcm / 'requirements' / 'base.in', 'django\n', 'django>=5\n')
    line = line_of(pcm / 'requirements' / 'base.txt', 'django==')
    message = f'requirements/base.in:1: requirement django>=5 is pinned at 4.2.1 in requirements/base.txt:{line}, which does not satisfy it'
    assert run(capsys) == (1, [message, FIX] * 4)


def test_stale_requirement_removed(pcm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(pcm / 'requirements' / 'test.in', '-r base.in\n')
    line = line_of(pcm / 'requirements' / 'test.txt', 'pytest==')
    assert run(capsys) == (1, [
        f'requirements/test.txt:{line}: pytest 7.4.0 is pinned, but nothing needs it any more (via -r requirements/test.in)', FIX,
    ])


def test_stale_include_added(pcm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(pcm / 'requirements' / 'extra.in', 'jinja2\nsix\n')
    write(pcm / 'requirements' / 'test.in', '-r base.in\n-r extra.in\npytest\n')
    assert run(capsys, 'requirements/test.txt') == (1, [
        'requirements/extra.in:1: requirement jinja2 is not pinned in requirements/test.txt',
        'requirements/extra.in:2: requirement six is not pinned in requirements/test.txt', FIX,
    ])


def test_an_include_that_is_not_there_is_bad_input(pcm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (pcm / 'requirements' / 'docs.txt').unlink()
    before = (pcm / 'requirements' / 'dev.txt').read_bytes()
    rc, out = run(capsys, 'requirements/dev.txt')
    assert (rc, out[:1]) == (2, [f'requirements/dev.txt:{line_of(pcm / "requirements" / "dev.txt", "-r docs.txt")}: -r docs.txt: no such file (requirements/docs.txt)'])
    assert (pcm / 'requirements' / 'dev.txt').read_bytes() == before


def test_requirements_compile_leaves_it_to_pip_compile_multi(pcm: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(pcm / 'requirements' / 'dev.in', 'six\n', 'six\nrequests\n')
    before = {p.name: p.read_bytes() for p in (pcm / 'requirements').iterdir()}
    assert requirements_compile.main(['requirements/dev.txt']) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == ['requirements/dev.in:4: requirement requests is not pinned in requirements/dev.txt', FIX]
    assert {p.name: p.read_bytes() for p in (pcm / 'requirements').iterdir()} == before
