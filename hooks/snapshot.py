"""The snapshot of the repository that a check reads (README.md, "What is
read").

Every hook reads project files only through a :class:`Snapshot`: at commit
time the index, at push time the pushed commit's tree, by hand the working
tree.  Paths are repo-relative posix strings; a path that is not in the
snapshot does not exist, even if a file of that name is on disk.

This module holds the working-tree kind, which reads the disk (git is not
involved), and :class:`Remembering`; the git kinds, and the choice of kind
(``--source``), are :mod:`hooks.git_snapshot`'s and :mod:`hooks.sources`'.
"""
from __future__ import annotations

import os
import posixpath
import stat

from hooks.limits import MAX_BYTES
from hooks.limits import TOO_LARGE
from hooks.report import BadInput

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing_extensions import Self

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


def inside(path: str) -> str:
    """``path`` normalised; BadInput when it leaves the repository."""
    norm = posixpath.normpath(path) if path else '.'
    if path.startswith('/') or norm == '..' or norm.startswith('../'):
        raise BadInput(path, 0, 'is outside the repository')
    return '' if norm == '.' else norm


class TooLarge(OSError):
    """A file larger than hooks.limits.MAX_BYTES: never read whole."""


def read_regular(full: str, bound: int = MAX_BYTES) -> bytes | None:
    """The bytes of the regular file ``full`` (following symlinks); None when
    missing or not a regular file (a fifo must not block a hook).  Raises
    TooLarge beyond ``bound`` bytes, having read at most one more."""
    try:
        fd = os.open(full, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        if st.st_size > bound:
            raise TooLarge
        with open(fd, 'rb', closefd=False) as f:
            data = f.read(bound + 1)  # a file that grew since the fstat
        if len(data) > bound:
            raise TooLarge
        return data
    finally:
        os.close(fd)


class Snapshot:
    """The working tree (and the base of the git kinds)."""

    kind = 'worktree'
    label = 'the working tree'
    # True for the all-zero sha (a branch deletion pushed): there is nothing
    # to check, every hook passes
    deleted = False

    def __init__(self, root: str, is_git: bool = False) -> None:
        self.root = root
        self.is_git = is_git

    # context manager, so that git-backed kinds can close their processes
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    _real_dirs: dict[str, str] | None = None

    def _realpath(self, full: str) -> str:
        """``os.path.realpath(full)``, the folders' part remembered: a check
        reads a dozen files from a few folders (an lstat per path component
        each time, otherwise).  ``full`` has no '..' (see _inside)."""
        if self._real_dirs is None:
            self._real_dirs = {}
        head, tail = os.path.split(full)
        real_head = self._real_dirs.get(head)
        if real_head is None:
            real_head = self._real_dirs[head] = os.path.realpath(head)
        real = os.path.join(real_head, tail)
        return os.path.realpath(real) if os.path.islink(real) else real

    def _disk_path(self, path: str) -> str:
        full = os.path.join(self.root, *inside(path).split('/'))
        real = self._realpath(full)
        root = self._realpath(self.root)
        if real != root and not real.startswith(root + os.sep):
            raise BadInput(path, 0, 'is a symlink that leaves the repository')
        return full

    def read(self, path: str) -> bytes | None:
        """The bytes of ``path``, or None when it is not in the snapshot."""
        full = self._disk_path(path)
        if os.path.isdir(full):
            raise BadInput(path, 0, 'is a folder, expected a file')
        try:
            data = read_regular(full)
        except TooLarge:
            raise BadInput(path, 0, TOO_LARGE) from None
        except OSError as e:
            raise BadInput(path, 0, f'cannot read: {e.strerror}') from None
        if data is None and os.path.exists(full):
            raise BadInput(path, 0, 'is not a regular file')
        return data

    def exists(self, path: str) -> bool:
        return os.path.isfile(self._disk_path(path))

    _files: list[str] | None = None

    def files(self) -> list[str]:
        """Every file of the snapshot, for project discovery.  Nested git
        repositories (submodules, clones) are not part of this one.  Walked
        once a run: discovery and the addons list both ask."""
        if self._files is not None:
            return self._files
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = [
                d for d in dirnames
                if d not in PRUNE and not os.path.exists(
                    os.path.join(dirpath, d, 'pyvenv.cfg'),
                ) and not os.path.exists(os.path.join(dirpath, d, '.git'))
            ]
            rel = os.path.relpath(dirpath, self.root)
            prefix = '' if rel == '.' else rel.replace(os.sep, '/') + '/'
            found.extend(prefix + f for f in filenames)
        self._files = found
        return found


class Remembering(Snapshot):
    """Another snapshot, each file read once: what one verdict reads several
    times (the <bytes> check, then the reader) comes from disk or git once,
    and every digest is made of the same bytes."""

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__(snapshot.root, snapshot.is_git)
        self._snapshot = snapshot
        self._read: dict[str, bytes | None] = {}

    def read(self, path: str) -> bytes | None:
        if path not in self._read:
            self._read[path] = self._snapshot.read(path)
        return self._read[path]

    def exists(self, path: str) -> bool:
        return self._snapshot.exists(path)

    def files(self) -> list[str]:
        return self._snapshot.files()
