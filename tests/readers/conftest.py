"""Fixtures of the reader tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.headers import PYPROJECT
from testing.wheels import go_offline
from testing.wheels import make_index


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A folder with requirements.in, sub/dev.in and a pyproject.toml, and
    an offline wheel index for them."""
    go_offline(monkeypatch, tmp_path / 'cache')
    index = make_index(tmp_path, {
        'django': ['4.2.1'], 'pytz': ['2024.1'], 'sqlparse': ['0.4.4'], 'rich': ['13.0.0'],
        'setuptools': ['70.0.0'], 'flask': [('3.0.0', ['setuptools'])],
    })
    d = tmp_path / 'work'
    (d / 'sub').mkdir(parents=True)
    (d / 'requirements.in').write_text('django\nflask\n')
    (d / 'sub' / 'dev.in').write_text('pytz\n')
    (d / 'pyproject.toml').write_text(PYPROJECT)
    return d, index
