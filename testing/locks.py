"""The real producers of pylock.toml (PEP 751), run offline against a
local wheel index: what the pylock reader and replay tests share."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from testing.project import write
from testing.wheels import go_offline
from testing.wheels import installed
from testing.wheels import make_distribution
from testing.wheels import make_index
from testing.wheels import program

PACKAGES = {
    'django': [('4.2.1', ['asgiref>=3.6'])],
    'asgiref': ['3.7.2'],
    'six': ['1.16.0'],
    'requests': ['2.31.0'],
}


def wheel_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The wheel index of PACKAGES (the tests' ``index`` fixture); the
    compilers offline."""
    go_offline(monkeypatch, tmp_path / 'cache')
    return make_index(tmp_path, PACKAGES)


PYPROJECT = '''\
[project]
name = "demo"
version = "0.1"
requires-python = ">=3.10"
dependencies = [
    "django",
    "six>=1",
]
'''


def uv_pip_compile(repo: Path, index: str) -> str:
    write(repo / 'requirements.in', 'django\nsix>=1\n')
    _run([program('uv'), 'pip', 'compile', '-q', '--no-index', '--find-links', index, 'requirements.in', '-o', 'pylock.toml'], repo)
    return 'requirements.in'


def uv_export(repo: Path, index: str) -> str:
    write(repo / 'pyproject.toml', PYPROJECT)
    _run([program('uv'), 'lock', '-q', '--no-index', '--find-links', index], repo)
    _run([program('uv'), 'export', '-q', '--no-index', '--find-links', index, '--format', 'pylock.toml', '-o', 'pylock.toml'], repo)
    return 'pyproject.toml'


def pip_lock(repo: Path, index: str) -> str:
    if installed('pip') < (25, 1):
        pytest.skip('pip lock needs pip >= 25.1')
    make_distribution(repo, 'demo', requires=['django', 'six>=1'])
    write(repo / 'pyproject.toml', (repo / 'pyproject.toml').read_text().replace('dependencies = ["django", "six>=1"]', PYPROJECT.split('requires-python = ">=3.10"\n')[1]))
    _run([program('pip'), 'lock', '-q', '--no-index', '--find-links', index, '.', '-o', 'pylock.toml'], repo)
    return 'pyproject.toml'


def _run(argv: list[str], cwd: Path) -> None:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
