"""requirements-fresh through real pre-commit: ``pre-commit try-repo``."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from testing.project import commit_all
from testing.project import edit

REPO = Path(__file__).resolve().parents[1]


def try_repo(cwd: Path, home: Path, *hook_ids: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('GIT_', 'PRE_COMMIT'))}
    env['PRE_COMMIT_HOME'] = str(home)
    return subprocess.run(
        (sys.executable, '-m', 'pre_commit', 'try-repo', str(REPO), *hook_ids, '--all-files', '--color', 'never'),
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )


def test_try_repo_fresh_divio_project_passes(divio: Path, pre_commit_home: Path) -> None:
    commit_all(divio)
    r = try_repo(divio, pre_commit_home, 'requirements-fresh')
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'requirements.txt is fresh' in r.stdout and 'Passed' in r.stdout


def test_try_repo_stale_divio_project_fails_naming_addon_and_line(divio: Path, pre_commit_home: Path) -> None:
    edit(
        divio / 'requirements.in',
        'aldryn-django-3.2.19.0.tar.gz#egg=aldryn-django==3.2.19.0',
        'aldryn-django-3.2.20.0.tar.gz#egg=aldryn-django==3.2.20.0',
    )
    commit_all(divio, 'upgrade aldryn-django 3.2.19.0 to 3.2.20.0')
    r = try_repo(divio, pre_commit_home, 'requirements-fresh')
    assert r.returncode == 1, r.stdout + r.stderr
    assert 'requirements.in:3: addon aldryn-django 3.2.20.0 is pinned at 3.2.19.0 in requirements.txt:13' in r.stdout
    assert 'fix: docker compose run --rm web pip-reqs compile' in r.stdout


def test_manifest_validates() -> None:
    r = subprocess.run(
        (sys.executable, '-m', 'pre_commit', 'validate-manifest', str(REPO / '.pre-commit-hooks.yaml')),
        capture_output=True, text=True,
    )
    assert (r.returncode, r.stdout + r.stderr) == (0, '')
