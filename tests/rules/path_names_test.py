"""Path requirements named by their folder (hooks/rules/path_names.py), through
requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import run
from testing.project import write


@pytest.mark.parametrize(('line', 'pin'), (
    ('-e .', '-e file:///home/dev/repo'),
    ('-e ./src/my_lib', '-e file:///home/dev/repo/src/my_lib'),
    ('./src/my-lib', 'my-lib @ file:///home/dev/repo/src/my-lib'),
    ('-e /app/addons-dev/my-addon', '-e file:///app/addons-dev/my-addon'),
))
def test_path_requirements_are_named_by_their_folder(repo: Path, capsys: pytest.CaptureFixture[str], line: str, pin: str) -> None:
    # pip-compile pins a path by its absolute file: URL; the folder's name
    # (the repository's own for '-e .') is what matches; a relative path is
    # a project of the snapshot (pip needs its pyproject.toml or setup.py)
    write(repo / 'requirements.in', f'{line}\n')
    if not line.split()[-1].startswith('/'):
        write(repo / line.split()[-1] / 'pyproject.toml', '')
    write(repo / 'requirements.txt', f'{pin}\n    # via -r requirements.in\n')
    assert run(capsys) == (0, [])
    write(repo / 'requirements.txt', 'django==4.2.7\n')
    rc, out = run(capsys)
    assert rc == 1 and 'is not pinned in requirements.txt' in out[0]
