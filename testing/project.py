"""Building projects for tests: real git repositories in a temp folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / 'examples' / 'divio-project'


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ('git', *args), cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, 'init', '-q', '-b', 'main')
    git(path, 'config', 'user.email', 'dev@example.com')
    git(path, 'config', 'user.name', 'Dev')
    git(path, 'config', 'commit.gpgsign', 'false')
    return path


def commit_all(path: Path, message: str = 'commit') -> None:
    git(path, 'add', '-A')
    git(path, 'commit', '-q', '--no-verify', '-m', message)


def hooks_checkout(dest: Path) -> tuple[str, str]:
    """This checkout as it is now (tracked and untracked files, ignored
    ones left out), committed in a new repository at ``dest``: pre-commit
    installs a hook repository at a rev.  Returns (path, rev)."""
    listed = git(REPO, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0')
    for rel in filter(None, listed):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    init_repo(dest)
    commit_all(dest, 'hooks under test')
    return str(dest), git(dest, 'rev-parse', 'HEAD').strip()


def divio_project(dest: Path) -> Path:
    """A copy of the example Divio project (fresh: every rule passes)."""
    shutil.copytree(EXAMPLE, dest, dirs_exist_ok=True)
    return dest


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` (which must be there) in a text file, bytes kept."""
    data = path.read_bytes().decode()
    assert old in data, f'{old!r} not in {path}'
    path.write_bytes(data.replace(old, new, count).encode())


_IMPORTED = """\
import sys
before = set(sys.modules)
from hooks.{hook} import main
rc = main(["--source", "worktree"])
heavy = {heavy!r}
print(rc, sorted(m for m in set(sys.modules) - before if m in heavy or m.split(".")[0] in heavy))
"""


def imported(cwd: Path, hook: str, heavy: tuple[str, ...]) -> str:
    """Run ``hooks.<hook>.main(['--source', 'worktree'])`` in a new
    interpreter in ``cwd``: ``'<exit code> [<modules>]'``, the modules being
    those of ``heavy`` (names or packages) it imported beyond the
    interpreter's start."""
    code = _IMPORTED.format(hook=hook, heavy=heavy)
    return subprocess.run((sys.executable, '-c', code), cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()
