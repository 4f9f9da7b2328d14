"""The snapshot of the repository that a check reads.

Every hook reads project files only through a :class:`Snapshot`: at commit
time the index, at push time the pushed commit's tree, by hand the working
tree (DESIGN.md, "What is read: the snapshot").  Paths are repo-relative
posix strings; a path that is not in the snapshot does not exist, even if a
file of that name is on disk.
"""
from __future__ import annotations

import os

from hooks.report import BadInput

SOURCES_HELP = (
    'what to read: auto (index at commit, pushed commit at push, working '
    'tree otherwise), worktree, index, or a git revision'
)

# folders never searched for projects: vendored trees and Divio's
# addons-dev/ (each addon there has its own setup, not a project's pins)
PRUNE = frozenset((
    '.git', 'node_modules', 'addons-dev', 'site-packages', '__pycache__',
    '.tox', '.nox', '.venv', 'venv', '.direnv', 'vendor', '_vendor',
))


def find_root(start: str = '.') -> tuple[str, bool]:
    """The repository root above ``start`` and whether it is a git work tree
    (``.git`` may be a folder or, in worktrees and submodules, a file)."""
    here = os.path.abspath(start)
    d = here
    while True:
        if os.path.exists(os.path.join(d, '.git')):
            return d, True
        parent = os.path.dirname(d)
        if parent == d:
            return here, False
        d = parent


class Snapshot:
    """The working tree (and the base of the git kinds)."""

    kind = 'worktree'

    def __init__(self, root: str, is_git: bool = False) -> None:
        self.root = root
        self.is_git = is_git

    # context manager, so that git-backed kinds can close their processes
    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def _disk_path(self, path: str) -> str:
        full = os.path.join(self.root, *path.split('/'))
        real = os.path.realpath(full)
        root = os.path.realpath(self.root)
        if real != root and not real.startswith(root + os.sep):
            raise BadInput(path, 0, 'is a symlink that leaves the repository')
        return full

    def read(self, path: str) -> bytes | None:
        """The bytes of ``path``, or None when it is not in the snapshot."""
        full = self._disk_path(path)
        try:
            with open(full, 'rb') as f:
                return f.read()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except IsADirectoryError:
            raise BadInput(path, 0, 'is a folder, expected a file') from None
        except OSError as e:
            raise BadInput(path, 0, f'cannot read: {e.strerror}') from None

    def exists(self, path: str) -> bool:
        return os.path.isfile(self._disk_path(path))

    def files(self) -> list[str]:
        """Every file of the snapshot, for project discovery."""
        found = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = [
                d for d in dirnames
                if d not in PRUNE and not os.path.exists(
                    os.path.join(dirpath, d, 'pyvenv.cfg'),
                )
            ]
            rel = os.path.relpath(dirpath, self.root)
            prefix = '' if rel == '.' else rel.replace(os.sep, '/') + '/'
            found.extend(prefix + f for f in filenames)
        return found


def open_snapshot(source: str = 'auto', start: str = '.') -> Snapshot:
    """The snapshot ``--source`` asks for, rooted at the repository above
    ``start``.  Raises BadInput when it cannot be had."""
    root, is_git = find_root(start)
    if source in ('auto', 'worktree'):
        return Snapshot(root, is_git)
    raise BadInput('.', 0, f'--source {source}: not supported yet')
