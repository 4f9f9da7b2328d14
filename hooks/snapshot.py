"""The snapshot of the repository that a check reads.

Every hook reads project files only through a :class:`Snapshot`: at commit
time the index, at push time the pushed commit's tree, by hand the working
tree (DESIGN.md, "What is read: the snapshot").  Paths are repo-relative
posix strings; a path that is not in the snapshot does not exist, even if a
file of that name is on disk.

Which kind reads git how, and why:

* **worktree** reads the disk; git is not involved.
* **index** (commit time) asks git itself, through plumbing started with
  ``os.posix_spawnp`` (importing ``subprocess`` costs more than the git
  process): one ``git ls-files -s -z`` (it honours ``GIT_INDEX_FILE``, which
  GitPython's ``repo.index`` ignores, and knows every index format) lists
  every path with its blob id.  A read then takes the working-tree file when
  its bytes hash to that blob id (so they *are* the blob: the common case at
  commit time, where pre-commit has stashed unstaged changes), and only
  otherwise asks ``git cat-file --batch`` for the blob, one process per
  snapshot, closed by :meth:`Snapshot.close`.  GitPython is not imported on
  this path: it costs more to import than the whole check, and the commit
  time check must stay within 1.3x of the working-tree one.
* **commit** (push time, ``--source REV``) reads through GitPython, the
  project's reader of git objects: ``git.Repo(root)`` held by the snapshot,
  ``repo.commit(rev)`` resolves the name (names GitPython's own parser does
  not know, such as ``@{upstream}`` or ``:/message``, go to ``git rev-parse``
  through the same ``Repo``), the tree's objects list the files, and every
  blob is read from the object database (``repo.odb.stream``), never from
  the disk.  :meth:`Snapshot.close` closes the ``Repo``, so no
  ``git cat-file`` process outlives a run.  ``git`` is imported there and
  only there.  GitPython reads sha-1 repositories only; in a sha-256
  repository the commit kind lists and reads through git's CLI, like the
  index kind.  The all-zero sha (a branch deletion pushed) needs no git.
"""
from __future__ import annotations

import os
import posixpath
import stat
import sys

from hooks.report import BadInput

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Callable
    from subprocess import Popen
    from typing import Any

    from git import Repo
    from git.objects import Tree

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

_SYMLINK = '120000'
_GITLINK = '160000'
_MAX_LINKS = 40
# git resolves these relative to the folder it was started in; our git runs
# with ``-C root``, so make them absolute against ours first
_GIT_PATH_VARS = (
    'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY',
    'GIT_COMMON_DIR', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
)


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


def _inside(path: str) -> str:
    """``path`` normalised; BadInput when it leaves the repository."""
    norm = posixpath.normpath(path) if path else '.'
    if path.startswith('/') or norm == '..' or norm.startswith('../'):
        raise BadInput(path, 0, 'is outside the repository')
    return '' if norm == '.' else norm


def _read_regular(full: str) -> bytes | None:
    """The bytes of the regular file ``full`` (following symlinks); None when
    missing or not a regular file (a fifo must not block a hook)."""
    try:
        fd = os.open(full, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with open(fd, 'rb', closefd=False) as f:
            return f.read()
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
    def __enter__(self) -> Snapshot:
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
        full = os.path.join(self.root, *_inside(path).split('/'))
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
            data = _read_regular(full)
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


def _git_env(root: str) -> dict[str, str]:
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


def git(root: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, bytes, bytes]:
    """Run ``git -C root ARGS``: (exit code, stdout, stderr).  Started with
    ``posix_spawnp`` where there is one: ``subprocess`` is the dearest
    import of a check."""
    argv = ['git', '-C', root, *args]
    env = _git_env(root) if env is None else env
    if not hasattr(os, 'posix_spawnp') or not hasattr(os, 'waitstatus_to_exitcode'):
        import subprocess

        try:
            proc = subprocess.run(argv, env=env, capture_output=True, stdin=subprocess.DEVNULL)
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


def _git_message(err: bytes) -> str:
    lines = err.decode('utf-8', 'replace').strip().splitlines()
    for line in lines:
        if line.startswith(('fatal: ', 'error: ')):
            return line.split(': ', 1)[1]
    return lines[-1] if lines else 'git failed'


def _hash(oid: str) -> Callable[[bytes], Any]:
    """The hash of git objects named like ``oid`` (sha1, or sha256 repos);
    the small builtin sha1 unless hashlib is loaded already."""
    if len(oid) == 40 and 'hashlib' not in sys.modules:
        try:
            from _sha1 import sha1
        except ImportError:
            pass
        else:
            return sha1
    import hashlib

    return hashlib.sha1 if len(oid) == 40 else hashlib.sha256


def _parents(path: str) -> list[str]:
    parts = path.split('/')[:-1]
    return ['/'.join(parts[:i]) for i in range(1, len(parts) + 1)]


class GitSnapshot(Snapshot):
    """A snapshot listed by git: ``entries`` maps each path to its git
    metadata line, parsed only for the paths a check reads."""

    def __init__(self, root: str, entries: dict[str, tuple[str, str, str]], label: str) -> None:
        super().__init__(root, True)
        # path -> (mode, object id, stage); stage '' when not an index
        self._entries = entries
        self._links = [p for p, e in entries.items() if e[0] == _SYMLINK]
        self.label = label
        self._batch: Popen[bytes] | None = None  # git cat-file --batch, when needed
        self._folders: set[str] | None = None

    def close(self) -> None:
        batch, self._batch = self._batch, None
        if batch is not None:
            assert batch.stdin is not None and batch.stdout is not None
            batch.stdin.close()
            try:
                batch.wait(timeout=10)
            except Exception:
                batch.kill()
                batch.wait()
            batch.stdout.close()

    def __del__(self) -> None:  # a snapshot not used as a context manager
        if getattr(self, '_batch', None) is not None:
            try:
                self.close()
            except Exception:
                pass

    # --- git objects -----------------------------------------------------
    def _cat(self, path: str, oid: str) -> bytes:
        import subprocess

        if self._batch is None:
            self._batch = subprocess.Popen(
                ['git', '-C', self.root, 'cat-file', '--batch'],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=_git_env(self.root),
            )
        batch = self._batch
        assert batch.stdin is not None and batch.stdout is not None
        try:
            batch.stdin.write(oid.encode() + b'\n')
            batch.stdin.flush()
            header = batch.stdout.readline().split()
        except OSError:
            header = []
        if len(header) == 2 and header[1] == b'missing':
            raise BadInput(
                path, 0,
                f'git object {oid[:12]} is missing from {self.label} '
                f'(a shallow or partial clone? `git fetch` it)',
            )
        if len(header) != 3 or header[1] != b'blob':
            raise BadInput(path, 0, f'cannot read git object {oid[:12]}')
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        return data

    def _blob(self, path: str, oid: str, link: bool) -> bytes:
        """The blob ``oid``: the working-tree bytes when they are that blob
        (hash equal), else git's."""
        full = os.path.join(self.root, *path.split('/'))
        try:
            data = os.fsencode(os.readlink(full)) if link else _read_regular(full)
        except (OSError, ValueError):
            data = None
        if data is not None and _hash(oid)(b'blob %d\0' % len(data) + data).hexdigest() == oid:
            return data
        return self._cat(path, oid)

    # --- paths -----------------------------------------------------------
    def _entry(self, path: str) -> tuple[str, tuple[str, str, str]] | None:
        """The entry ``path`` names after following symlinks inside the
        snapshot (also symlinked folders), or None."""
        path = _inside(path)
        for _ in range(_MAX_LINKS):
            entry = self._entries.get(path)
            if entry is not None:
                if entry[2] not in ('', '0'):
                    raise BadInput(path, 0, 'has unresolved merge conflicts')
                if entry[0] != _SYMLINK:
                    return path, entry
                link_dir, rest = posixpath.dirname(path), ''
                link = path
            else:
                for link in self._links:
                    if path.startswith(link + '/'):
                        link_dir = posixpath.dirname(link)
                        rest = path[len(link) + 1:]
                        break
                else:
                    return None
            target = self._blob(link, self._entries[link][1], True)
            target_s = os.fsdecode(target)
            joined = posixpath.join(link_dir, target_s)
            if target_s.startswith('/') or posixpath.normpath(joined).startswith('../') \
                    or posixpath.normpath(joined) == '..':
                raise BadInput(link, 0, f'is a symlink that leaves the repository ({target_s})')
            path = _inside(posixpath.join(joined, rest) if rest else joined)
        raise BadInput(path, 0, 'too many levels of symbolic links')

    def read(self, path: str) -> bytes | None:
        found = self._entry(path)
        if found is None:
            if self._is_folder(_inside(path)):
                raise BadInput(path, 0, 'is a folder, expected a file')
            return None
        real, (mode, oid, _) = found
        if mode == _GITLINK:
            raise BadInput(path, 0, 'is a submodule, expected a file')
        return self._blob(real, oid, False)

    def _is_folder(self, path: str) -> bool:
        if self._folders is None:
            self._folders = {
                d for p in self._entries
                for d in _parents(p)
            }
        return path in self._folders

    def exists(self, path: str) -> bool:
        found = self._entry(path)
        return found is not None and found[1][0] != _GITLINK

    def files(self) -> list[str]:
        return [p for p, e in self._entries.items() if e[0] != _GITLINK]


class IndexSnapshot(GitSnapshot):
    """What is being committed: the index git uses (``GIT_INDEX_FILE``)."""

    kind = 'index'


class CommitSnapshot(GitSnapshot):
    """The tree of a commit (at push time, the commit being pushed), read
    through GitPython's ``repo`` (None: the all-zero sha, or a sha-256
    repository read through git's CLI)."""

    kind = 'commit'

    def __init__(
        self, root: str, entries: dict[str, tuple[str, str, str]], label: str, rev: str,
        repo: Repo | None = None,
    ) -> None:
        super().__init__(root, entries, label)
        self.rev = rev
        self._repo = repo

    def close(self) -> None:
        repo, self._repo = self._repo, None
        try:
            if repo is not None:
                repo.close()  # ends its git cat-file processes
        finally:
            super().close()

    def __del__(self) -> None:
        if getattr(self, '_repo', None) is not None or getattr(self, '_batch', None) is not None:
            try:
                self.close()
            except Exception:
                pass

    def _blob(self, path: str, oid: str, link: bool) -> bytes:
        """The blob ``oid`` from the object database: a commit is not the
        working tree."""
        if self._repo is None:
            return super()._blob(path, oid, link)
        import gitdb.exc

        try:
            stream = self._repo.odb.stream(bytes.fromhex(oid))
            data = stream.read()
        except (ValueError, gitdb.exc.BadObject):
            # git cat-file said "<oid> missing"
            raise BadInput(path, 0, _missing(oid, self.label)) from None
        except Exception as e:  # git died, or cannot be run
            raise BadInput(path, 0, f'cannot read git object {oid[:12]}: {e}') from None
        if stream.type != b'blob':
            raise BadInput(path, 0, f'cannot read git object {oid[:12]}')
        return data


class DeletedSnapshot(CommitSnapshot):
    """The all-zero sha: a branch deletion is pushed; nothing to check."""

    deleted = True


def _missing(oid: str, label: str) -> str:
    return (
        f'git object {oid[:12]} is missing from {label} '
        f'(a shallow or partial clone? `git fetch` it)'
    )


def _index(root: str) -> IndexSnapshot:
    code, out, err = git(root, 'ls-files', '--stage', '-z', '--full-name')
    if code:
        raise BadInput('.', 0, f'--source index: {_git_message(err)}')
    entries = {}
    for rec in out.decode('utf-8', 'surrogateescape').split('\0'):
        if rec:
            meta, _, path = rec.partition('\t')
            mode, oid, stage = meta.split(' ')
            entries[path] = (mode, oid, stage)  # a conflict: stages 1-3
    return IndexSnapshot(root, entries, 'the index')


def _label(rev: str) -> str:
    name = rev[:12] if len(rev) in (40, 64) and _is_hex(rev) else rev
    return f'commit {name}'


def _commit(root: str, rev: str) -> CommitSnapshot:
    if len(rev) in (40, 64) and not rev.strip('0'):
        return DeletedSnapshot(root, {}, f'{rev[:12]} (a deleted branch)', rev)
    if not rev or rev.startswith('-') or '\0' in rev:
        raise BadInput('.', 0, f'--source {rev}: not a revision')
    try:
        import git as gitpython  # the commit kind only: dear to import
    except ImportError as e:  # also GitPython's own "Bad git executable"
        raise BadInput('.', 0, f'--source {rev}: cannot load GitPython: {e}') from None

    try:
        repo = gitpython.Repo(root)
    except gitpython.exc.GitError:  # InvalidGitRepositoryError, NoSuchPathError
        raise BadInput('.', 0, f'--source {rev}: {root} is not in a git repository') from None
    try:
        if _object_format(repo) != 'sha1':
            repo.close()
            return _commit_cli(root, rev)
        _absolute_alternates(repo, root)
        label = _label(rev)
        tree = _resolve(repo, rev, label)
        entries = _list(tree, rev, label)
    except BaseException:
        repo.close()
        raise
    return CommitSnapshot(root, entries, label, rev, repo)


def _object_format(repo: Repo) -> str:
    try:
        value = repo.config_reader('repository').get_value('extensions', 'objectformat', 'sha1')
    except Exception:
        return 'sha1'
    return str(value).lower()


def _absolute_alternates(repo: Repo, root: str) -> None:
    """GitPython runs git in the work tree; our caller's relative
    ``GIT_ALTERNATE_OBJECT_DIRECTORIES`` meant its own folder."""
    value = os.environ.get('GIT_ALTERNATE_OBJECT_DIRECTORIES')
    if value:
        repo.git.update_environment(
            GIT_ALTERNATE_OBJECT_DIRECTORIES=_git_env(root)['GIT_ALTERNATE_OBJECT_DIRECTORIES'],
        )


def _resolve(repo: Repo, rev: str, label: str) -> Tree:
    """The tree of the commit ``rev`` names.  GitPython's parser first; what
    it cannot resolve goes to ``git rev-parse`` (the whole revision syntax,
    and git's own words for why not)."""
    try:
        return repo.commit(rev).tree
    except Exception:  # gitdb.exc.BadName/BadObject, ValueError, IndexError, ...
        pass
    try:
        code, out, err = repo.git.rev_parse(
            '--verify', f'{rev}^{{commit}}',
            with_extended_output=True, with_exceptions=False,
            stdout_as_string=False,
        )
        if isinstance(err, str):
            err = err.encode()
    except Exception as e:  # GitCommandNotFound
        raise BadInput('.', 0, f'cannot run git: {e}') from None
    if not code:
        sha = out.decode('ascii').strip()
        try:
            return repo.commit(sha).tree
        except Exception:
            raise BadInput('.', 0, f'--source {rev}: {_missing(sha, label)}') from None
    raise BadInput('.', 0, f'--source {rev}: {_why_not(repo, rev, err)}')


def _list(tree: Tree, rev: str, label: str) -> dict[str, tuple[str, str, str]]:
    """path -> (mode, blob id, '') for every blob, symlink and gitlink of
    ``tree`` (gitlinks are kept so that reading one says it is a submodule;
    :meth:`GitSnapshot.files` leaves them out)."""
    entries = {}
    trees = [tree]
    while trees:
        folder = trees.pop()
        try:
            items = list(folder)  # reads the tree object
        except Exception:
            raise BadInput('.', 0, f'--source {rev}: {_missing(folder.hexsha, label)}') from None
        for item in items:
            if item.type == 'tree':
                trees.append(item)
            else:  # blob (regular, executable, symlink) or submodule
                entries[str(item.path)] = ('%06o' % item.mode, item.hexsha, '')
    return entries


def _commit_cli(root: str, rev: str) -> CommitSnapshot:
    """A commit listed by ``git ls-tree`` (sha-256 repositories, which
    GitPython cannot read)."""
    code, out, err = git(root, 'ls-tree', '-r', '-z', '--full-tree', rev)
    if code:
        message = _git_message(err)
        if 'not a valid object name' in message.lower():
            code, _, _ = git(root, 'rev-parse', '--verify', '--quiet', 'HEAD')
            _, out, _ = git(root, 'rev-parse', '--is-shallow-repository')
            message = _unknown(not code, out.strip() == b'true')
        raise BadInput('.', 0, f'--source {rev}: {message}')
    entries = {}
    for rec in out.decode('utf-8', 'surrogateescape').split('\0'):
        if rec:
            meta, _, path = rec.partition('\t')
            mode, _type, oid = meta.split(' ')
            entries[path] = (mode, oid, '')
    return CommitSnapshot(root, entries, _label(rev), rev)


def _is_hex(s: str) -> bool:
    return all(c in '0123456789abcdefABCDEF' for c in s)


def _why_not(repo: Repo, rev: str, err: bytes) -> str:
    """Why ``rev`` names no commit, in the user's words (``err``: what
    ``git rev-parse --verify`` said)."""
    message = _git_message(err)
    if 'expected commit type' in message:  # a tree or a blob
        named = message.split()[-2] if message.endswith(' type') else ''
        return f'not a commit: it names a {named}' if named else 'not a commit'
    if message != 'Needed a single revision':
        return message
    try:
        has_commits = repo.head.is_valid()
    except Exception:
        has_commits = True
    return _unknown(has_commits, os.path.isfile(os.path.join(repo.common_dir, 'shallow')))


def _unknown(has_commits: bool, shallow: bool) -> str:
    if not has_commits:
        return 'unknown revision: the repository has no commits yet'
    if shallow:
        return (
            'unknown revision; this is a shallow clone, its history may stop '
            'before it (`git fetch --unshallow`)'
        )
    return 'unknown revision'


def open_snapshot(source: str = 'auto', start: str = '.') -> Snapshot:
    """The snapshot ``--source`` asks for, rooted at the repository above
    ``start``.  Raises BadInput when it cannot be had.

    ``auto``: the commit being pushed when pre-commit says so
    (``PRE_COMMIT_TO_REF``, also ``pre-commit run --from-ref/--to-ref``);
    the index when git runs a commit hook (git sets ``GIT_INDEX_FILE`` for
    pre-commit, prepare-commit-msg, commit-msg and pre-merge-commit hooks,
    also to a temporary index for ``git commit -a`` / ``git commit PATH``);
    otherwise, by hand, the working tree.  The all-zero sha gives a
    snapshot with ``deleted`` set and no files.
    """
    root, is_git = find_root(start)
    if source == 'auto':
        if os.environ.get('PRE_COMMIT_TO_REF'):
            source = os.environ['PRE_COMMIT_TO_REF']
        elif os.environ.get('GIT_INDEX_FILE') and is_git:
            source = 'index'
        else:
            source = 'worktree'
    if source == 'worktree':
        return Snapshot(root, is_git)
    if not is_git:
        raise BadInput('.', 0, f'--source {source}: {root} is not in a git repository')
    if source == 'index':
        return _index(root)
    return _commit(root, source)
