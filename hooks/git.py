"""Git, through one path: the git CLI, as pre-commit's ``git.py`` runs it.

Every git process the hooks start is started here: :func:`run` for one
command (``ls-files``, ``ls-tree``, ``rev-parse``), :class:`CatFile` for
the one ``git cat-file --batch`` a snapshot reads blobs through.  :func:`run`
starts git with ``os.posix_spawnp`` where there is one: ``subprocess`` is
the dearest import of a commit-time check (README.md, "Benchmarks"), and
git's CLI costs nothing to import (GitPython costs ~150 ms).  git's
messages are asked for in English (``LC_ALL=C``): they are matched, and
shown next to ours.
"""
from __future__ import annotations

import os
import sys

from hooks.limits import MAX_BYTES
from hooks.limits import TOO_LARGE
from hooks.report import BadInput

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Callable
    from subprocess import Popen
    from typing import Any

# git resolves these relative to the folder it was started in; our git runs
# with ``-C root``, so make them absolute against ours first
_GIT_PATH_VARS = (
    'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY',
    'GIT_COMMON_DIR', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
)


def environment(root: str) -> dict[str, str]:
    """The environment git runs in: ours, its path variables made
    absolute, its messages in English."""
    env = dict(os.environ)
    for var in _GIT_PATH_VARS:
        value = env.get(var)
        if value and var == 'GIT_ALTERNATE_OBJECT_DIRECTORIES':
            env[var] = os.pathsep.join(
                os.path.abspath(p) for p in value.split(os.pathsep)
            )
        elif value and not os.path.isabs(value):
            here = os.path.abspath(value)
            # git sets a relative GIT_INDEX_FILE (".git/index") relative to
            # the root it runs hooks in; accept it from a subfolder too
            there = os.path.join(root, value)
            if not os.path.exists(here) and os.path.exists(there):
                here = there
            env[var] = here
    # git's messages are matched (and shown next to ours): in English
    env['LC_ALL'] = 'C'
    return env


def _collect(fds: list[int]) -> list[bytes]:
    import select

    chunks: dict[int, list[bytes]] = {fd: [] for fd in fds}
    open_fds = list(fds)
    while open_fds:
        ready, _, _ = select.select(open_fds, [], [])
        for fd in ready:
            chunk = os.read(fd, 1 << 16)
            if chunk:
                chunks[fd].append(chunk)
            else:
                open_fds.remove(fd)
    return [b''.join(chunks[fd]) for fd in fds]


def run(root: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, bytes, bytes]:
    """Run ``git -C root ARGS``: (exit code, stdout, stderr).  Started with
    ``posix_spawnp`` where there is one: ``subprocess`` is the dearest
    import of a check."""
    argv = ['git', '-C', root, *args]
    env = environment(root) if env is None else env
    if not hasattr(os, 'posix_spawnp') or not hasattr(os, 'waitstatus_to_exitcode'):
        import subprocess

        try:
            proc = subprocess.run(argv, env=env, capture_output=True, stdin=subprocess.DEVNULL, check=False)
        except OSError as e:
            raise BadInput('.', 0, f'cannot run git: {e.strerror}') from None
        return proc.returncode, proc.stdout, proc.stderr
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    try:
        try:
            pid = os.posix_spawnp(
                'git', argv, env, file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_DUP2, out_w, 1),
                    (os.POSIX_SPAWN_DUP2, err_w, 2),
                ],
            )
        finally:
            os.close(out_w)
            os.close(err_w)
        out, err = _collect([out_r, err_r])
    except OSError as e:
        raise BadInput('.', 0, f'cannot run git: {e.strerror}') from None
    finally:
        os.close(out_r)
        os.close(err_r)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out, err


def message(err: bytes) -> str:
    """What git said went wrong: its first ``fatal:`` or ``error:``
    line, without the prefix."""
    lines = err.decode('utf-8', 'replace').strip().splitlines()
    for line in lines:
        if line.startswith(('fatal: ', 'error: ')):
            return line.split(': ', 1)[1]
    return lines[-1] if lines else 'git failed'


def object_hash(oid: str) -> Callable[[bytes], Any]:
    """The hash of git objects named like ``oid`` (sha1, or sha256 repos);
    the small builtin sha1 unless hashlib is loaded already."""
    if len(oid) == 40 and 'hashlib' not in sys.modules:
        try:
            from _sha1 import sha1  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            pass
        else:
            small: Callable[[bytes], Any] = sha1
            return small
    import hashlib

    return hashlib.sha1 if len(oid) == 40 else hashlib.sha256


def missing(oid: str, label: str) -> str:
    """The message for a git object the repository does not have."""
    return (
        f'git object {oid[:12]} is missing from {label} '
        f'(a shallow or partial clone? `git fetch` it)'
    )


class CatFile:
    """One ``git cat-file --batch`` process, started on the first read and
    ended by :meth:`close` (a snapshot closes it: no git process outlives a
    run).  ``process``: the Popen, None until the first read."""

    def __init__(self, root: str, label: str) -> None:
        self.root = root
        self.label = label
        self.process: Popen[bytes] | None = None

    def read(self, path: str, oid: str) -> bytes:
        """The blob ``oid`` (``path`` names it in messages).  Raises
        BadInput when git does not have it, or it is no blob."""
        import subprocess

        if self.process is None:
            self.process = subprocess.Popen(
                ['git', '-C', self.root, 'cat-file', '--batch'],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=environment(self.root),
            )
        batch = self.process
        assert batch.stdin is not None and batch.stdout is not None
        try:
            batch.stdin.write(oid.encode() + b'\n')
            batch.stdin.flush()
            header = batch.stdout.readline().split()
        except OSError:
            header = []
        if len(header) == 2 and header[1] == b'missing':
            raise BadInput(path, 0, missing(oid, self.label))
        if len(header) != 3 or header[1] != b'blob':
            raise BadInput(path, 0, f'cannot read git object {oid[:12]}')
        if int(header[2]) > MAX_BYTES:
            # never read whole: end the process (a new one serves the next read)
            self.process = None
            batch.kill()
            batch.wait()
            batch.stdin.close()
            batch.stdout.close()
            raise BadInput(path, 0, TOO_LARGE)
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        return data

    def close(self) -> None:
        batch, self.process = self.process, None
        if batch is not None:
            import subprocess

            assert batch.stdin is not None and batch.stdout is not None
            batch.stdin.close()
            try:
                batch.wait(timeout=10)
            except subprocess.TimeoutExpired:
                batch.kill()
                batch.wait()
            batch.stdout.close()
