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
  absence and unreadable paths included, and the value of each
  ``${NAME}`` the bytes hold: pip expands them) and each ``exists`` the check
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
file per repository, named by a hash of its root, opened only as a
regular file and read with a bound (:data:`MAX_BYTES`); the last
:data:`PER_OUTPUT` states of each compiled file, at most
:data:`MAX_ENTRIES` or :data:`PER_OUTPUT` per compiled file of the run,
the oldest dropped; written once a run (:func:`flush`), replaced
atomically (hooks.atomic: a temporary file beside it, ``os.replace``; no
fsync), so two runs at once lose at most one's new entries, never the
file.  A file that is unreadable, truncated,
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
import stat
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
# entries kept: the last PER_OUTPUT states of each compiled file (branches
# switched back and forth still hit), at most MAX_ENTRIES or PER_OUTPUT per
# compiled file the run checked, whichever is more: a monorepo's 10,000
# compiled files all fit, and never thrash
MAX_ENTRIES = 256
PER_OUTPUT = 4
MAX_BYTES = 64 * 1024 * 1024  # the cache file is read with this bound
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
                        h.update(_environment(data))
                elif kind == 'e':
                    h.update(b'1\0' if self.exists(path) else b'0\0')
                else:
                    h.update('\0'.join(sorted(self.files())).encode('utf-8', 'surrogateescape') + b'\1')
            return h.hexdigest()
        finally:
            self.quiet = False


_NAME = frozenset(b'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_')


def _environment(data: bytes) -> bytes:
    """The value of every ``${NAME}`` in ``data`` (pip expands them in
    requirement files, hooks.readers.pip_syntax.expand_env): a verdict
    found under ``PKG=gamma`` is not one for ``PKG=alpha``.  Without
    ``re``; UTF-16 and UTF-32 text is searched without its NUL bytes."""
    if b'${' not in data:
        if b'\0' not in data:
            return b''
        data = data.replace(b'\0', b'')
    found = []
    at = data.find(b'${')
    while at >= 0:
        end = data.find(b'}', at + 2)
        name = data[at + 2:end]
        if end > at + 2 and _NAME.issuperset(name):
            value = os.environ.get(name.decode('ascii'))
            found.append(name + (b'\1' if value is None else b'=' + os.fsencode(value)))
        at = data.find(b'${', at + 2)
    return b'\0'.join(found)


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


def _read(path: str, known: tuple[int, int, int] | None = None) -> tuple[tuple[int, int, int], bytes | None] | None:
    """(stat signature, bytes) of the cache file; bytes None when the
    signature is ``known``.  None when it is not a regular file of at most
    :data:`MAX_BYTES` (a fifo, a symlink to /dev/zero: never opened as
    one, never read without bound)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        sig = (st.st_mtime_ns, st.st_size, st.st_ino)
        if sig == known:
            return sig, None
        with open(fd, 'rb', closefd=False) as f:
            data = f.read(MAX_BYTES + 1)
        return (sig, data) if len(data) <= MAX_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _load(path: str, root: str) -> list[tuple[str, str, str]] | None:
    read = _read(path)
    return None if read is None or read[1] is None else _parse(read[1], root)


# path -> (its stat, identity hash -> [(digest, rest)], newest first): a
# repository of 10,000 compiled files reads and parses its cache file once
# a run
_index: dict[str, tuple[tuple[int, int, int], dict[str, list[tuple[str, str]]]]] = {}
# path -> the identity hashes looked up this run (the size of the run)
_looked_up: dict[str, set[str]] = {}
# path -> (root, the entry lines found fresh this run): written once, by
# flush(), not once a compiled file (which made a run quadratic)
_pending: dict[str, tuple[str, list[tuple[str, str, str]]]] = {}


def _entries_for(path: str, root: str, key: str) -> list[tuple[str, str]]:
    _looked_up.setdefault(path, set()).add(key)
    known = _index.get(path)
    read = _read(path, known[0] if known is not None else None)
    if read is None:
        return []
    sig, data = read
    if known is None or data is not None:
        by_key: dict[str, list[tuple[str, str]]] = {}
        for ident, digest, rest in reversed((_parse(data, root) if data is not None else None) or ()):
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
        rest = f'{int(divio)}\t' + '\t'.join(ops)
        _pending.setdefault(self.path, (self.root, []))[1].append((self.key, digest, rest))


def flush() -> None:
    """Write the verdicts found fresh since the last flush (the hooks call
    it once, at the end of a run): the file as it is now (another run's
    entries kept), without the entries the new ones replace, the new ones
    last, cut to size (see :data:`PER_OUTPUT`).  Quietly nothing when the
    cache cannot be written."""
    while _pending:
        path, (root, new) = _pending.popitem()
        fresh = {(i, d) for i, d, _ in new}
        entries = [e for e in (_load(path, root) or ()) if (e[0], e[1]) not in fresh] + new
        limit = max(MAX_ENTRIES, PER_OUTPUT * len(_looked_up.get(path, ())))
        kept: list[tuple[str, str, str]] = []
        count: dict[str, int] = {}
        for e in reversed(entries):  # newest first
            if len(kept) >= limit:
                break
            n = count[e[0]] = count.get(e[0], 0) + 1
            if n <= PER_OUTPUT:
                kept.append(e)
        text = f'{FORMAT} {__version__} {RULES}\n{root}\n' + ''.join(
            f'{i}\t{d}\t{r}\n' for i, d, r in reversed(kept)
        )
        from hooks.atomic import write_atomic  # the write only: a hit needs none

        try:
            # no fsync: a cache lost to a crash is only rebuilt
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            write_atomic(path, text.encode('utf-8', 'surrogateescape'), mode=0o600, sync=False)
        except OSError:
            pass  # a read-only home, a full disk: no cache, same verdicts
    _looked_up.clear()


def lookup(snapshot: Snapshot, project: Compiled, options: str | None = None, files: list[str] | None = None) -> Lookup | None:
    """The cache's place for this check, or None when the cache is off."""
    if not active():
        return None
    return Lookup(snapshot, project, options, files)
