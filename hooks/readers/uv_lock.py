"""``uv.lock`` (uv's own TOML lock), read with tomllib: what the rules of
``uv.lock`` and of ``uv export`` output need (hooks.rules.uv_lock,
hooks.rules.uv_export).

* every ``[[package]]``: name, version, source, its ``dependencies``,
  ``optional-dependencies`` (by extra) and ``dev-dependencies`` (by group),
  each ``{name, version?, extra?, marker?}``;
* what uv recorded of each local project (a workspace member, a path
  dependency: ``source = { editable | virtual | directory = PATH }``) in
  ``[package.metadata]``: ``requires-dist`` and ``requires-dev`` -- the
  requirements of its pyproject.toml as uv read them, which an offline
  reader compares with that pyproject.toml (``uv lock --check`` needs uv,
  and the network unless ``--offline``);
* ``requires-python`` and ``[manifest] members``.

Lines are looked up (:meth:`Lock.line`) only when a finding names one: a
lock of 300 packages is parsed by tomllib alone on the way to "fresh".
"""
from __future__ import annotations

import posixpath

from hooks.readers import toml
from hooks.readers.pip_syntax import normalize
from hooks.report import BadInput

LOCAL_SOURCES = ('editable', 'virtual', 'directory')
ALL = 'all'  # default-groups = "all"


class Dep:
    """One edge of the lock: ``name`` (normalised), ``version`` (when the
    lock holds several of that name), ``extras``, ``marker``."""
    __slots__ = ('extras', 'marker', 'name', 'version')

    def __init__(self, item: object, path: str) -> None:
        if not isinstance(item, dict) or not isinstance(item.get('name'), str):
            raise BadInput(path, 0, f'a dependency must be a table with a name, found {item!r}')
        self.name = normalize(item['name'])
        version = item.get('version')
        self.version = version if isinstance(version, str) else None
        extra = item.get('extra', [])
        self.extras = tuple(normalize(e) for e in extra if isinstance(e, str)) if isinstance(extra, list) else ()
        marker = item.get('marker')
        self.marker = marker if isinstance(marker, str) else None


class Package:
    """One ``[[package]]``; ``index`` its position (for its line).
    ``local``: the repo-relative folder of a local project (a member, a
    path dependency), else None."""
    __slots__ = (
        'default_groups', 'dependencies', 'dev', 'has_hashes', 'index', 'local', 'metadata', 'name',
        'optional', 'source', 'version',
    )

    def __init__(self, table: dict[str, object], index: int, folder: str, path: str) -> None:
        name = table.get('name')
        if not isinstance(name, str):
            raise BadInput(path, 0, f'package {index + 1} has no name')
        self.name = normalize(name)
        version = table.get('version')
        self.version = version if isinstance(version, str) else None
        self.index = index
        source = table.get('source', {})
        self.source = source if isinstance(source, dict) else {}
        self.local: str | None = None
        for kind in LOCAL_SOURCES:
            where = self.source.get(kind)
            if isinstance(where, str) and not where.startswith('/') and '://' not in where:
                joined = posixpath.normpath(posixpath.join(folder, where))
                self.local = '' if joined == '.' else joined
        self.dependencies = _deps(table.get('dependencies', []), path)
        self.optional = _groups(table.get('optional-dependencies', {}), path)
        self.dev = _groups(table.get('dev-dependencies', {}), path)
        # what uv (0.13) records of [tool.uv] default-groups when it is not ["dev"]
        default = table.get('default-groups')
        self.default_groups: list[str] | str | None = (
            ALL if default == ALL else [normalize(g) for g in default if isinstance(g, str)] if isinstance(default, list) else None
        )
        metadata = table.get('metadata')
        self.metadata = metadata if isinstance(metadata, dict) else None
        sdist = table.get('sdist')
        wheels = table.get('wheels')
        self.has_hashes = (isinstance(sdist, dict) and 'hash' in sdist) or (
            isinstance(wheels, list) and any(isinstance(w, dict) and 'hash' in w for w in wheels)
        )

    @property
    def label(self) -> str:
        return f'{self.name} {self.version}' if self.version else self.name


class Lock:
    """A read ``uv.lock``: ``packages`` in file order, ``by_name``,
    ``members`` (``[manifest] members``, normalised; empty for a single
    project), ``requires_python``."""

    def __init__(self, data: bytes, path: str) -> None:
        self.path = path
        self.folder = posixpath.dirname(path)
        self.text, doc = toml.load(data, path)
        packages = doc.get('package', [])
        if not isinstance(packages, list):
            raise BadInput(path, 1, '[[package]] must be an array of tables')
        self.packages = [Package(p, n, self.folder, path) for n, p in enumerate(packages) if isinstance(p, dict)]
        self.by_name: dict[str, list[Package]] = {}
        for p in self.packages:
            self.by_name.setdefault(p.name, []).append(p)
        manifest = doc.get('manifest', {})
        members = manifest.get('members', []) if isinstance(manifest, dict) else []
        self.members = [normalize(m) for m in members if isinstance(m, str)]
        rp = doc.get('requires-python')
        self.requires_python = rp if isinstance(rp, str) else None
        self._lines: toml.TomlLines | None = None

    def line(self, *key: object) -> int:
        """The line of ``key`` (``('package', 3, 'metadata')``); 1 when unknown."""
        if self._lines is None:
            try:
                self._lines = toml.TomlLines(self.text)
            except (IndexError, KeyError, ValueError):  # pragma: no cover (a TOML form it does not know)
                self._lines = toml.TomlLines('')
        return self._lines.values.get(key) or self._lines.keys.get(key) or 1

    def package_line(self, package: Package) -> int:
        return self.line('package', package.index, 'name')

    def find(self, dep: Dep) -> list[Package]:
        """The packages an edge leads to."""
        found = self.by_name.get(dep.name, [])
        if dep.version is not None:
            found = [p for p in found if p.version == dep.version] or found
        return found

    def roots(self) -> list[Package]:
        """The workspace members (the project alone when there is no
        ``[manifest]``): local packages of the lock's folder or named
        members."""
        if self.members:
            return [p for p in self.packages if p.name in self.members and p.local is not None]
        return [p for p in self.packages if p.local == self.folder]


def _deps(items: object, path: str) -> list[Dep]:
    if not isinstance(items, list):
        raise BadInput(path, 0, f'dependencies must be an array, found {items!r}')
    return [Dep(item, path) for item in items]


def _groups(table: object, path: str) -> dict[str, list[Dep]]:
    if not isinstance(table, dict):
        return {}
    return {normalize(k): _deps(v, path) for k, v in table.items()}


def default_groups(doc: dict[str, object], text: str, path: str) -> tuple[list[str] | str, int | None]:
    """``[tool.uv] default-groups`` of a pyproject.toml (uv >= 0.4.27): the
    groups ``uv export`` and ``uv sync`` include unless told otherwise,
    normalised, or ``"all"``, and its line; ``(["dev"], None)`` when it
    sets none.  Raises BadInput for another value."""
    tool = doc.get('tool')
    uv = tool.get('uv') if isinstance(tool, dict) else None
    if not isinstance(uv, dict) or 'default-groups' not in uv:
        return ['dev'], None
    lines = toml.TomlLines(text)
    key = ('tool', 'uv', 'default-groups')
    line = lines.values.get(key) or lines.keys.get(key) or 1
    value = uv['default-groups']
    if value == ALL:
        return ALL, line
    if isinstance(value, list) and all(isinstance(g, str) for g in value):
        return [normalize(g) for g in value], line
    raise BadInput(path, line, f'[tool.uv] default-groups must be a list of group names or "all", found {value!r}')


_LAST: dict[tuple[str, bytes], Lock] = {}  # the last lock read


def read(data: bytes, path: str) -> Lock:
    """The lock ``data`` holds.  Raises BadInput (invalid TOML, a package
    without a name).  An export and its uv.lock read the same lock in one
    run: the last one read is parsed once (a Lock is not changed after)."""
    key = (path, data)
    lock = _LAST.get(key)
    if lock is None:
        lock = Lock(data, path)
        _LAST.clear()
        _LAST[key] = lock
    return lock
