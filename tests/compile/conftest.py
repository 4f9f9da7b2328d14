"""Fixtures of the hooks.compile tests: a project folder with
requirements.in and an old requirements.txt, and an index that never
answers (the offline wheel index and the project pinned against it, which
the end-to-end ones use too, are in tests/conftest.py)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from testing.compile import DJANGO
from testing.compile import OLD
from testing.recompile import hanging_server as serve_hanging
from testing.recompile import HangingServer


@pytest.fixture
def project(tmp_path: Path) -> Path:
    d = tmp_path / 'project'
    d.mkdir()
    (d / 'requirements.in').write_text('django\n')
    (d / 'requirements.txt').write_bytes(OLD)
    return d


@pytest.fixture
def divio_in(project: Path) -> Path:
    """requirements.in with an addon line, and ``-r sub/base.in`` with one
    more; requirements.txt pinned by an older pip-compile (``#egg=`` kept)."""
    (project / 'requirements.in').write_bytes(
        f'{DJANGO}#egg=aldryn-django==3.2.20.0\r\n-r sub/base.in\r\n'.encode(),
    )
    (project / 'sub').mkdir()
    (project / 'sub' / 'base.in').write_text('https://h/aldryn-sso-1.6.1.tar.gz#egg=aldryn-sso==1.6.1\n')
    (project / 'requirements.txt').write_text(
        f'aldryn-django @ {DJANGO}#egg=aldryn-django==3.2.19.0\n    # via -r requirements.in\n',
    )
    return project


@pytest.fixture
def hanging_server() -> Iterator[HangingServer]:
    with serve_hanging() as server:
        yield server
