from __future__ import annotations

from pathlib import Path

import pytest

from testing.project import divio_project
from testing.project import hooks_checkout
from testing.project import init_repo
from testing.recompile import offline
from testing.recompile import old_index
from testing.recompile import pinned_project


@pytest.fixture(autouse=True)
def verdict_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A verdict cache of this test's own (hooks.verdict_cache): none left
    by an earlier test answers for this one."""
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'xdg-cache'))
    monkeypatch.delenv('ALDRYN_PINS_NO_CACHE', raising=False)
    monkeypatch.delenv('PRE_COMMIT', raising=False)  # fix lines differ under pre-commit
    return tmp_path / 'xdg-cache'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository, the current folder."""
    for var in ('GIT_INDEX_FILE', 'GIT_DIR', 'GIT_WORK_TREE', 'PRE_COMMIT_TO_REF', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT', 'GITHUB_ACTIONS'):
        monkeypatch.delenv(var, raising=False)
    path = init_repo(tmp_path / 'repo')
    monkeypatch.chdir(path)
    return path


@pytest.fixture
def divio(repo: Path) -> Path:
    """A fresh Divio project at the root of ``repo`` (not committed)."""
    return divio_project(repo)


@pytest.fixture(scope='session')
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PRE_COMMIT_HOME for the test session: pre-commit builds the hook
    environment (a virtualenv with this package) once."""
    return tmp_path_factory.mktemp('pre-commit-home')


@pytest.fixture(scope='session')
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(path, rev) of this checkout committed in a throwaway repository, for
    a .pre-commit-config.yaml that points at the hooks under test."""
    return hooks_checkout(tmp_path_factory.mktemp('hook-repo'))


# an offline wheel index (pip and uv kept off the network) and a committed
# project pinned against it by the real pip-compile; modules that need
# another index define their own ``index``
@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    offline(tmp_path, monkeypatch)


@pytest.fixture
def index(tmp_path: Path, env: None) -> str:
    return old_index(tmp_path)


@pytest.fixture
def pinned(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> Path:
    return pinned_project(repo, index, capsys)
