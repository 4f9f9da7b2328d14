"""The verdict cache (README.md, "Verdict cache"): a compiled file found
fresh is remembered, so that the next check of the same bytes answers
"fresh" without reading a requirement (no reqfile, packaging, json or re),
whatever compiled the file -- the fingerprint's ``<bytes>`` does the same
for stamped files only.

What a verdict depends on, all of it in the key:

* this package's version (``hooks.__version__``), :data:`RULES` (bump it
  when a rule changes what it finds) and the Python running the check;
* the snapshot kind (worktree, index, commit) and the compiled file's
  identity: its output, sources, recorded command and options, and the
  options digest requirements-compile compares with;
* every file the verdict read, and how: each ``read`` (path and bytes,
  absence and unreadable paths included) and each ``exists`` the check
  made, in the order it made them (:class:`Recorder` logs them), and the
  project's ``addons/*/addon.json`` paths among the snapshot's files (the
  only use the check makes of the file list; a check that asks the
  snapshot for its whole file list keys on the whole list).

A later run cannot know which files a verdict reads without running it, so
each entry stores that list: the lookup reads the same paths (through the
same remembering snapshot the check then uses, so a miss reads nothing
twice), digests them, and compares.  The verdict is a pure function of
these inputs: same inputs, same reads, same answer.

Only fresh verdicts are kept (a stale one is never cached); only in
``$XDG_CACHE_HOME/aldryn-pins/`` (or ``~/.cache/aldryn-pins/``), one small
file per repository, named by a hash of its root; at most
:data:`MAX_ENTRIES` entries, the oldest dropped; replaced atomically
(hooks.atomic: a temporary file beside it, ``os.replace``; no fsync), so
two runs at once lose at most one's new entry, never the file.  A file that is unreadable, truncated,
corrupt or written by another package or rule version is ignored, and
rewritten by the next run that finds a verdict fresh.  Off with
``--no-cache`` or ``ALDRYN_PINS_NO_CACHE=1``.

The file is lines of text, no JSON (``import json`` costs more than a
whole cached check)::

    aldryn-pins verdicts 1 <package version> <rules>
    <repository root>
    <identity sha256>\t<digest sha256>\t<divio 0|1>\t<op>\t<op>...

an op being ``r<path>`` (read), ``e<path>`` (exists) or ``f`` (the file
list).
"""
from __future__ import annotations

import os
import sys

from hooks import __version__
from hooks.fingerprint import sha256
from hooks.report import BadInput
from hooks.snapshot import Remembering

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the fast path)
if TYPE_CHECKING:
    from hooks.compiled import Compiled
    from hooks.snapshot import Snapshot

RULES = 1  # bump when a rule changes what it finds: every entry is dropped
MAX_ENTRIES = 256
ENV_OFF = 'ALDRYN_PINS_NO_CACHE'
FORMAT = 'aldryn-pins verdicts 1'
_HEX = frozenset('0123456789abcdef')
# requirements-fresh and requirements-compile set it from --no-cache
enabled = True


def use(on: bool) -> None:
    """Turn the cache on or off for this process (``--no-cache``)."""
    global enabled
    enabled = on


def active() -> bool:
    return enabled and os.environ.get(ENV_OFF, '') in ('', '0')


def cache_dir() -> str:
    """``$XDG_CACHE_HOME/aldryn-pins`` (an absolute XDG_CACHE_HOME only, as
    the XDG spec says), else ``~/.cache/aldryn-pins``."""
    base = os.environ.get('XDG_CACHE_HOME', '')
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'aldryn-pins')


def cache_file(root: str) -> str:
    """The cache file of the repository at ``root``."""
    name = sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:32]
    return os.path.join(cache_dir(), f'verdicts-{name}')


class Recorder(Remembering):
    """A remembering snapshot that also logs what the check asked, in
    order: each path read (its bytes, None, or the BadInput it raised),
    each ``exists``, and whether the whole file list was used."""

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__(snapshot)
        self.kind = snapshot.kind
        self.ops: dict[str, None] = {}  # 'r<path>' / 'e<path>' / 'f', ordered
        self._errors: dict[str, BadInput] = {}
        self._exists: dict[str, bool] = {}
        self.quiet = False  # the cache's own reads are not the verdict's

    def read(self, path: str) -> bytes | None:
        if not self.quiet:
            self.ops['r' + path] = None
        error = self._errors.get(path)
        if error is not None:
            raise error
        try:
            return super().read(path)
        except BadInput as e:
            self._errors[path] = e
            raise

    def exists(self, path: str) -> bool:
        if not self.quiet:
            self.ops['e' + path] = None
        if path not in self._exists:
            self._exists[path] = self._snapshot.exists(path)
        return self._exists[path]

    def files(self) -> list[str]:
        if not self.quiet:
            self.ops['f'] = None
        return self._snapshot.files()

    def digest(self, identity: str, ops: list[str] | tuple[str, ...]) -> str:
        """sha256 of ``identity`` and of what each op answers now."""
        self.quiet = True
        try:
            h = sha256(identity.encode('utf-8', 'surrogateescape') + b'\0')
            for op in ops:
                h.update(op.encode('utf-8', 'surrogateescape') + b'\0')
                kind, path = op[0], op[1:]
                if kind == 'r':
                    try:
                        data = self.read(path)
                    except BadInput as e:
                        h.update(b'!' + str(e).encode('utf-8', 'surrogateescape') + b'\0')
                        continue
                    h.update(b'-\0' if data is None else b'%d\0' % len(data))
                    if data is not None:
                        h.update(data)
                elif kind == 'e':
                    h.update(b'1\0' if self.exists(path) else b'0\0')
                else:
                    h.update('\0'.join(sorted(self.files())).encode('utf-8', 'surrogateescape') + b'\1')
            return h.hexdigest()
        finally:
            self.quiet = False


def identity(snapshot: Snapshot, project: Compiled, options: str | None, files: list[str] | None) -> str:
    """Everything but the files that the verdict depends on."""
    parts = [
        __version__, str(RULES), f'{sys.hexversion:x}', snapshot.kind,
        '-' if options is None else options,
        project.dir, project.output,
    ]
    recorded = project.recorded
    parts += [
        '\1'.join(project.sources), project.cwd,
        '\1'.join(project.options), str(project.divio),
        str(recorded.tool) if recorded is not None else '',
        # the one use the check makes of the file list (hooks.readers.addons,
        # fingerprint.files_digest); None: the check lists them itself
        # (the 'f' op)
        '-' if files is None else '\1'.join(project.addon_jsons(files)),
    ]
    return '\0'.join(parts)


def _parse(data: bytes, root: str) -> list[tuple[str, str, str]] | None:
    """The entries (identity hash, digest, rest of the line) of a cache
    file, oldest first; None when it is not a whole file of this version
    for this root."""
    text = data.decode('utf-8', 'surrogateescape')
    if not text.endswith('\n'):
        return None  # truncated (or empty)
    lines = text.split('\n')
    lines.pop()
    if len(lines) < 2 or lines[0] != f'{FORMAT} {__version__} {RULES}' or lines[1] != root:
        return None
    entries = []
    for line in lines[2:]:
        ident, _, rest = line.partition('\t')
        digest, _, rest = rest.partition('\t')
        if len(ident) != 64 or len(digest) != 64 or not _HEX.issuperset(ident) \
                or not _HEX.issuperset(digest) or rest[:2] not in ('0\t', '1\t'):
            return None
        entries.append((ident, digest, rest))
    return entries


def _load(path: str, root: str) -> list[tuple[str, str, str]] | None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        with open(fd, 'rb') as f:
            data = f.read()
    except OSError:
        return None
    return _parse(data, root)


# path -> (its stat, identity hash -> [(digest, rest)], newest first): a
# repository of 50 compiled files reads and parses its cache file once a run
_index: dict[str, tuple[tuple[int, int, int], dict[str, list[tuple[str, str]]]]] = {}


def _entries_for(path: str, root: str, key: str) -> list[tuple[str, str]]:
    try:
        st = os.stat(path)
    except OSError:
        return []
    sig = (st.st_mtime_ns, st.st_size, st.st_ino)
    known = _index.get(path)
    if known is None or known[0] != sig:
        by_key: dict[str, list[tuple[str, str]]] = {}
        for ident, digest, rest in reversed(_load(path, root) or ()):
            by_key.setdefault(ident, []).append((digest, rest))
        known = _index[path] = (sig, by_key)
    return known[1].get(key, [])


class Lookup:
    """One compiled file's place in the cache: :meth:`hit` answers from
    it, :meth:`store` remembers a fresh verdict.  ``snapshot``: the
    recorder the check must read through."""

    def __init__(self, snapshot: Snapshot, project: Compiled, options: str | None, files: list[str] | None) -> None:
        self.snapshot = Recorder(snapshot)
        self.root = os.path.abspath(snapshot.root)
        self.path = cache_file(self.root)
        self.identity = identity(snapshot, project, options, files)
        self.key = sha256(self.identity.encode('utf-8', 'surrogateescape')).hexdigest()
        self.divio = False

    def hit(self) -> bool:
        seen: dict[str, str] = {}
        for digest, rest in _entries_for(self.path, self.root, self.key):
            divio, _, ops = rest.partition('\t')
            now = seen.get(ops)
            if now is None:
                now = seen[ops] = self.snapshot.digest(self.identity, ops.split('\t'))
            if now == digest:
                self.divio = divio == '1'
                return True
        return False

    def store(self, divio: bool) -> None:
        """Remember the verdict the check just found fresh (through
        ``snapshot``); quietly nothing when the cache cannot be written."""
        ops = list(self.snapshot.ops)
        if any('\t' in op or '\n' in op or '\r' in op for op in ops):
            return  # a path the line format cannot hold: not cached
        try:
            digest = self.snapshot.digest(self.identity, ops)
        except BadInput:
            return
        line = f'{self.key}\t{digest}\t{int(divio)}\t' + '\t'.join(ops)
        entries = [
            f'{i}\t{d}\t{r}' for i, d, r in (_load(self.path, self.root) or ())
            if not (i == self.key and d == digest)
        ]
        entries = entries[-(MAX_ENTRIES - 1):] + [line]
        text = f'{FORMAT} {__version__} {RULES}\n{self.root}\n' + ''.join(e + '\n' for e in entries)
        from hooks.atomic import write_atomic  # the write only: a hit needs none

        try:
            # no fsync: a cache lost to a crash is only rebuilt
            os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
            write_atomic(self.path, text.encode('utf-8', 'surrogateescape'), mode=0o600, sync=False)
        except OSError:
            pass  # a read-only home, a full disk: no cache, same verdicts


def lookup(snapshot: Snapshot, project: Compiled, options: str | None = None, files: list[str] | None = None) -> Lookup | None:
    """The cache's place for this check, or None when the cache is off."""
    if not active():
        return None
    return Lookup(snapshot, project, options, files)
