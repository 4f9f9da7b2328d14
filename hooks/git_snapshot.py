"""The git kinds of snapshot (hooks.sources.open_snapshot chooses the
one ``--source`` asks for; README.md, "What is read" says which kind runs
when).

* **index** (commit time): one ``git ls-files -s -z`` (it honours
  ``GIT_INDEX_FILE`` and knows every index format) lists every path with
  its blob id.  A read then takes the working-tree file when its bytes hash
  to that blob id (so they *are* the blob: the common case at commit time,
  where pre-commit has stashed unstaged changes), and only otherwise asks
  ``git cat-file --batch`` for the blob, one process per snapshot, closed
  by :meth:`GitSnapshot.close`.  The commit-time check must stay within
  1.3x of the working-tree one.
* **commit** (push time, ``--source REV``): ``git rev-parse --verify`` names
  the commit (the whole revision syntax: ``@{upstream}``, ``:/message``),
  ``git ls-tree -r`` lists its files, and blobs are read as the index
  kind reads them: the working-tree bytes only where they hash to the
  commit's blob.  sha-1 and sha-256 repositories alike.  The all-zero sha
  (a branch deletion pushed) needs no git.

Git is run through :mod:`hooks.git` only: its CLI, never GitPython (whose
import alone costs more than a whole commit-time check).
"""
from __future__ import annotations

import os
import posixpath

from hooks import git
from hooks.report import BadInput
from hooks.snapshot import inside
from hooks.snapshot import read_regular
from hooks.snapshot import Snapshot

_SYMLINK = '120000'
_GITLINK = '160000'
_MAX_LINKS = 40


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
        self.cat_file = git.CatFile(root, label)  # git cat-file --batch, started when needed
        self._folders: set[str] | None = None

    def close(self) -> None:
        self.cat_file.close()

    def __del__(self) -> None:  # a snapshot not used as a context manager
        cat_file = getattr(self, 'cat_file', None)
        if cat_file is not None and cat_file.process is not None:
            try:
                cat_file.close()
            except Exception:  # noqa: BLE001, S110 (a finaliser must not raise)
                pass

    # --- git objects -----------------------------------------------------
    def _blob(self, path: str, oid: str, link: bool) -> bytes:
        """The blob ``oid``: the working-tree bytes when they are that blob
        (hash equal), else git's."""
        full = os.path.join(self.root, *path.split('/'))
        try:
            data = os.fsencode(os.readlink(full)) if link else read_regular(full)
        except (OSError, ValueError):
            data = None
        if data is not None and git.object_hash(oid)(b'blob %d\0' % len(data) + data).hexdigest() == oid:
            return data
        return self.cat_file.read(path, oid)

    # --- paths -----------------------------------------------------------
    def _entry(self, path: str) -> tuple[str, tuple[str, str, str]] | None:
        """The entry ``path`` names after following symlinks inside the
        snapshot (also symlinked folders), or None."""
        path = inside(path)
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
            path = inside(posixpath.join(joined, rest) if rest else joined)
        raise BadInput(path, 0, 'too many levels of symbolic links')

    def read(self, path: str) -> bytes | None:
        found = self._entry(path)
        if found is None:
            if self._is_folder(inside(path)):
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
    """The tree of a commit (at push time, the commit being pushed)."""

    kind = 'commit'

    def __init__(self, root: str, entries: dict[str, tuple[str, str, str]], label: str, rev: str) -> None:
        super().__init__(root, entries, label)
        self.rev = rev


class DeletedSnapshot(CommitSnapshot):
    """The all-zero sha: a branch deletion is pushed; nothing to check."""

    deleted = True


def index_snapshot(root: str) -> IndexSnapshot:
    code, out, err = git.run(root, 'ls-files', '--stage', '-z', '--full-name')
    if code:
        raise BadInput('.', 0, f'--source index: {git.message(err)}')
    entries = {}
    for (mode, oid, stage), path in _records(out):
        entries[path] = (mode, oid, stage)  # a conflict: stages 1-3
    return IndexSnapshot(root, entries, 'the index')


def _records(out: bytes) -> list[tuple[list[str], str]]:
    """The ``META\tPATH`` records of ``git ls-files --stage -z`` and
    ``git ls-tree -z``: (META's space-separated fields, PATH)."""
    records = []
    for rec in out.decode('utf-8', 'surrogateescape').split('\0'):
        if rec:
            meta, _, path = rec.partition('\t')
            records.append((meta.split(' '), path))
    return records


def _label(rev: str) -> str:
    name = rev[:12] if len(rev) in (40, 64) and _is_hex(rev) else rev
    return f'commit {name}'


def commit_snapshot(root: str, rev: str) -> CommitSnapshot:
    if len(rev) in (40, 64) and not rev.strip('0'):
        return DeletedSnapshot(root, {}, f'{rev[:12]} (a deleted branch)', rev)
    if not rev or rev.startswith('-') or '\0' in rev:
        raise BadInput('.', 0, f'--source {rev}: not a revision')
    code, out, _ = git.run(root, 'rev-parse', '--is-shallow-repository')
    if code:  # a broken .git file, a folder git does not take for a repository
        raise BadInput('.', 0, f'--source {rev}: {root} is not in a git repository')
    shallow = out.strip() == b'true'
    label = _label(rev)
    code, out, err = git.run(root, 'rev-parse', '--verify', f'{rev}^{{commit}}')
    if code:
        raise BadInput('.', 0, f'--source {rev}: {_why_not(root, err, shallow)}')
    sha = out.decode('ascii').strip()
    code, out, err = git.run(root, 'ls-tree', '-r', '-z', '--full-tree', sha)
    if code:
        message = git.message(err)
        if message.startswith('Could not read '):  # a tree object the clone lacks
            message = git.missing(message.split()[-1], label)
        raise BadInput('.', 0, f'--source {rev}: {message}')
    entries = {}
    for (mode, _type, oid), path in _records(out):
        entries[path] = (mode, oid, '')  # blobs, symlinks and gitlinks (read: "is a submodule")
    return CommitSnapshot(root, entries, label, rev)


def _is_hex(s: str) -> bool:
    return all(c in '0123456789abcdefABCDEF' for c in s)


def _why_not(root: str, err: bytes, shallow: bool) -> str:
    """Why the revision names no commit, in the user's words (``err``: what
    ``git rev-parse --verify`` said)."""
    message = git.message(err)
    if 'expected commit type' in message:  # a tree or a blob
        named = message.split()[-2] if message.endswith(' type') else ''
        return f'not a commit: it names a {named}' if named else 'not a commit'
    if message != 'Needed a single revision':
        return message
    code, _, _ = git.run(root, 'rev-parse', '--verify', '--quiet', 'HEAD')
    return _unknown(not code, shallow)


def _unknown(has_commits: bool, shallow: bool) -> str:
    if not has_commits:
        return 'unknown revision: the repository has no commits yet'
    if shallow:
        return (
            'unknown revision; this is a shallow clone, its history may stop '
            'before it (`git fetch --unshallow`)'
        )
    return 'unknown revision'
