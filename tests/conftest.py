from __future__ import annotations

from pathlib import Path

import pytest

from testing.project import divio_project
from testing.project import init_repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository, the current folder."""
    for var in ('GIT_INDEX_FILE', 'GIT_DIR', 'GIT_WORK_TREE', 'PRE_COMMIT_TO_REF', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT'):
        monkeypatch.delenv(var, raising=False)
    path = init_repo(tmp_path / 'repo')
    monkeypatch.chdir(path)
    return path


@pytest.fixture
def divio(repo: Path) -> Path:
    """A fresh Divio project at the root of ``repo`` (not committed)."""
    return divio_project(repo)
