"""Writing files so that nothing is ever lost: a temporary file beside the
target, fsync, then ``os.replace``; the target's mode is kept.  On any
failure (full disk, signal) the old file stays byte for byte and the
temporary file is removed.  ``lock`` keeps two runs on one file apart.
Nothing we create follows a symlink (README.md, "Reliability"): a committed
``requirements.txt.lock -> /outside`` would otherwise be created there,
and deleted by us afterwards; ``real_target`` resolves a symlinked output
to the file inside the repository that is written through.

Imports ``os`` alone (README.md, "Benchmarks"): the verdict cache writes
through it on a stamped file's first check, whose imports are held by
tests/verdict_cache_test.py; fcntl and time are imported by ``lock`` only.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the fast path)
if TYPE_CHECKING:
    from types import TracebackType


def temp_beside(path: str, suffix: str = '.tmp', prefix: str | None = None) -> tuple[int, str]:
    """A new, empty file beside ``path`` (the same folder, so that
    ``os.replace`` onto ``path`` is atomic), open for writing, mode 0600:
    ``.NAME.PID.N.tmp`` (``PREFIX-PID-N.SUFFIX`` with a ``prefix``: a
    name a compiler reads the format of).  ``O_EXCL``, as ``tempfile.mkstemp``, whose import
    would cost every compile 3.6 ms before the compiler can start."""
    d, base = os.path.split(os.path.abspath(path))
    # O_EXCL (and O_NOFOLLOW): a symlink planted at the name is never followed
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, 'O_CLOEXEC', 0)
    n = 0
    while True:
        name = os.path.join(d, f'.{base}.{os.getpid()}.{n}{suffix}' if prefix is None else f'{prefix}aldryn-pins-{os.getpid()}-{n}{suffix}')
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            n += 1


def write_atomic(path: str, data: bytes, mode: int | None = None, sync: bool = True) -> None:
    """Write ``path`` whole or not at all.  ``mode``: the new file's mode
    (default: the target's, else 0666 less the umask).  ``sync=False``
    skips the fsync, for a file a crash may lose (a cache, rebuilt)."""
    if mode is None:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, tmp = temp_beside(path)
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class NotAFile(OSError):
    """``path``, which we would lock or write, is not a regular file (a
    symlink, never followed; a folder, a fifo), or leaves the repository."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(what)
        self.path = path
        self.strerror = what

    def where(self, root: str) -> str:
        """``path`` from the repository ``root``, posix, its last part not
        followed (the symlink named, not its target)."""
        head, tail = os.path.split(self.path)
        rel = os.path.relpath(os.path.join(os.path.realpath(head), tail), os.path.realpath(root))
        return rel.replace(os.sep, '/')


def _regular(mode: int) -> bool:
    return mode & 0o170000 == 0o100000  # stat.S_ISREG, without importing stat


def _kind(mode: int) -> str:
    import stat

    if stat.S_ISLNK(mode):
        return 'a symbolic link'
    return 'a folder' if stat.S_ISDIR(mode) else 'a special file'


def real_target(path: str, root: str) -> str:
    """The file a write to ``path`` goes to: ``path``, or the target of its
    symlinks (a symlinked output is written through, never replaced by a
    regular file).  Raises NotAFile when that, or the folder ``path`` is
    in, is outside ``root``."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        raise NotAFile(path, f'is a symbolic link to {real}, outside the repository')
    return real


class Locked(Exception):
    """Another run holds the lock."""


def lock(path: str, wait: float = 60.0) -> Lock:
    """An exclusive lock on ``path + '.lock'`` (fcntl), removed afterwards:
    ``with lock(path):``.  Waits up to ``wait`` seconds for another run,
    then raises Locked."""
    return Lock(path, wait)


class Lock:
    """The context manager :func:`lock` returns (a class, not
    ``contextlib.contextmanager``: see the module's docstring)."""

    def __init__(self, path: str, wait: float = 60.0) -> None:
        self.lock_path = path + '.lock'
        self.wait = wait
        self.fd = -1

    def __enter__(self) -> None:
        import fcntl
        import time

        deadline = time.monotonic() + self.wait
        # O_NOFOLLOW: a symlink at the lock's path is refused, not followed
        # (and never removed: it may be the user's, tracked); O_NONBLOCK: a
        # fifo there cannot hang the open
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, 'O_CLOEXEC', 0)
        while True:
            try:
                fd = os.open(self.lock_path, flags, 0o644)
            except OSError as e:
                try:
                    mode = os.lstat(self.lock_path).st_mode
                except OSError:
                    raise e from None
                if _regular(mode):
                    raise
                raise NotAFile(self.lock_path, self._in_the_way(mode)) from None
            mode = os.fstat(fd).st_mode
            if not _regular(mode):
                os.close(fd)
                raise NotAFile(self.lock_path, self._in_the_way(mode))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise Locked(self.lock_path) from None
                time.sleep(0.05)
                continue
            # the holder before us may have removed the file we locked
            try:
                same = os.fstat(fd).st_ino == os.lstat(self.lock_path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self.fd = fd

    def _in_the_way(self, mode: int) -> str:
        name = os.path.basename(self.lock_path[:-len('.lock')])
        return f'is {_kind(mode)}, in the way of the lock file of {name} (move it away)'

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        try:
            # only the file we locked: never what was put in its place
            if os.lstat(self.lock_path).st_ino == os.fstat(self.fd).st_ino:
                os.unlink(self.lock_path)
        except OSError:
            pass
        os.close(self.fd)
