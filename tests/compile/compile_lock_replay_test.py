"""hooks.compile.lock_replay: requirements-compile writes a stale
pylock.toml again with the producer that wrote it -- the REAL ``uv pip
compile -o pylock.toml``, ``uv export --format pylock.toml`` (uv lock,
then the export: hooks.compile.uv_replay) and ``pip lock``, offline --
and the result is fresh."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import requirements_compile
from hooks.compile.command import OUTPUT
from hooks.compile.lock_replay import lock_compiler
from hooks.compiled import Compiled
from hooks.readers.header import Recorded
from hooks.readers.pylock import read_pins
from testing.fresh import run
from testing.locks import pip_lock
from testing.locks import uv_export
from testing.locks import uv_pip_compile
from testing.locks import wheel_index
from testing.project import commit_all
from testing.project import edit


@pytest.mark.parametrize(('tool', 'argv', 'extra', 'expected'), [
    pytest.param('pip lock', ['pip', 'lock', '.', '-o', 'pylock.toml'], ['--no-index'], ['lock', '.', '--no-index', '-o', OUTPUT], id='pip-lock'),
    pytest.param('pdm export', ['pdm', 'export', '-f', 'pylock', '-opylock.toml'], [], ['export', '-f', 'pylock', '-o', OUTPUT], id='pdm-export'),
])
def test_replayed_as_recorded(tool: str, argv: list[str], extra: list[str], expected: list[str]) -> None:
    project = Compiled('pylock.toml', ['pyproject.toml'], '', Recorded(tool, 1, argv))
    if tool == 'pdm export':
        with pytest.raises(Exception, match='pdm export wrote pylock.toml, but pdm is not installed'):
            lock_compiler(project, extra)
        return
    compiler = lock_compiler(project, extra)
    assert compiler is not None
    assert (os.path.basename(compiler.argv[0]), compiler.argv[1:], compiler.in_place) == (argv[0], expected, False)


def test_other_compiled_files_are_not_its_own() -> None:
    uv = Recorded('uv', 2, ['uv', 'pip', 'compile', 'requirements.in', '-o', 'pylock.toml'])
    assert lock_compiler(Compiled('pylock.toml', ['requirements.in'], '', uv), []) is None
    assert lock_compiler(Compiled('requirements.txt', ['requirements.in']), []) is None
    # uv export --format pylock.toml: uv lock, then the export (hooks.compile.uv_replay)
    export = Recorded('uv export', 2, ['uv', 'export', '--format', 'pylock.toml', '-o', 'pylock.toml'])
    assert lock_compiler(Compiled('pylock.toml', ['uv.lock', 'pyproject.toml'], '', export), []) is None


@pytest.fixture
def lock_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return wheel_index(tmp_path, monkeypatch)


def _backend_follows(repo: Path, old: str, new: str) -> None:
    """The pyproject.toml edit, and the same in the test backend's
    metadata (a real build backend reads pyproject.toml)."""
    edit(repo / 'pyproject.toml', old, new)
    backend = repo / '_backend' / 'backend.py'
    if backend.exists():
        requires = [r.strip().strip('",') for r in (repo / 'pyproject.toml').read_text().split('[\n')[1].split(']')[0].splitlines()]
        edit(backend, backend.read_text().split('REQUIRES = ')[1].split('\n')[0], repr([r for r in requires if r]))


@pytest.mark.parametrize(('produce', 'name', 'extra'), [
    pytest.param(uv_pip_compile, 'uv', True, id='uv-pip-compile'),
    # uv lock, then the recorded export (hooks.compile.uv_replay); the index
    # after -- reaches uv lock, and replaces the recorded one (outside the
    # repository: not replayed)
    pytest.param(uv_export, 'uv export', True, id='uv-export'),
    pytest.param(pip_lock, 'pip lock', True, id='pip-lock'),
])
def test_a_stale_pylock_is_written_again_and_fresh(
        repo: Path, lock_index: str, capsys: pytest.CaptureFixture[str],
        produce: Callable[[Path, str], str], name: str, extra: bool,
) -> None:
    index = lock_index
    source = produce(repo, index)
    commit_all(repo)
    created_by = (repo / 'pylock.toml').read_text().split('created-by = ')[1].split('\n')[0]
    if source == 'requirements.in':
        edit(repo / source, 'django\n', 'django\nrequests\n')
    else:
        _backend_follows(repo, '"django",\n', '"django",\n    "requests",\n')
    line = next(n for n, text in enumerate((repo / source).read_text().splitlines(), 1) if 'requests' in text)
    args = ['--', '--no-index', '--find-links', index] if extra else []
    assert requirements_compile.main(args) == 1
    out = capsys.readouterr().out.splitlines()
    if name == 'uv export':
        # a uv export like any other (tests/rules/uv_export_test.py)
        assert out == [
            'uv.lock: stale, recompiling with uv lock:', '  rewritten',
            'pylock.toml: stale, recompiling with uv export:', '  added requests 2.31.0',
        ]
    else:
        assert out == [
            f'pylock.toml: stale, recompiling with {name}:',
            f'  {source}:{line}: requirement requests is not pinned in pylock.toml',
            '  added requests 2.31.0',
            'pylock.toml: rewritten; review it, git add it and commit again',
        ]
    text = (repo / 'pylock.toml').read_text()
    assert text.split('created-by = ')[1].split('\n')[0] == created_by
    assert read_pins(text, 'pylock.toml')['requests'].version == '2.31.0'
    assert not [p for p in os.listdir(repo) if p.startswith(('pylock.aldryn', '.pylock'))]
    assert run(capsys) == (0, [])
