"""Divio project folders (README.md, "Configuration for a Divio project"):
a folder holding ``requirements.in``, whose ``requirements.txt`` the
Dockerfile hook judges the Dockerfile by, and whose addons list
(``addons/*/addon.json``, ``settings.py``) the requirements hooks read for
a Divio output (hooks.compiled.Compiled.divio).  Also the repo-relative
path helpers both use."""
from __future__ import annotations

import os
import posixpath

from hooks.report import BadInput
from hooks.snapshot import PRUNE
from hooks.snapshot import Snapshot

REQUIREMENTS_IN = 'requirements.in'
REQUIREMENTS_TXT = 'requirements.txt'
# a Divio project's addons list (read in hooks/readers/addons.py)
SETTINGS_PY = 'settings.py'
ADDON_JSON = 'addon.json'


def join(folder: str, name: str) -> str:
    """``name`` in the repo-relative ``folder`` ('' is the root)."""
    return posixpath.join(folder, name) if folder else name


class DivioProject:
    """A Divio project folder.  ``dir``: the repo-relative posix folder, ''
    for the root.  A value: equal, hashed and ordered by ``dir``.  (A plain
    class: a namedtuple would import collections, 7 ms of instructions the
    Dockerfile hook's fast path needs for nothing else.)"""
    __slots__ = ('dir',)

    def __init__(self, dir: str) -> None:
        self.dir = dir

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DivioProject) and other.dir == self.dir

    def __lt__(self, other: DivioProject) -> bool:
        return self.dir < other.dir

    def __hash__(self) -> int:
        return hash(self.dir)

    def __repr__(self) -> str:
        return f'DivioProject({self.dir!r})'

    def path(self, name: str) -> str:
        return join(self.dir, name)

    @property
    def requirements_txt(self) -> str:
        return self.path(REQUIREMENTS_TXT)


# the file list last indexed, and its addon.json paths by project folder:
# a scan of the whole list per project made 10,000 projects quadratic
_addons_index: tuple[list[str], int, dict[str, list[str]]] | None = None


def addon_jsons(folder: str, files: list[str]) -> list[str]:
    """The ``addons/<name>/addon.json`` of the Divio project in ``folder``
    among ``files`` (the snapshot's file list), sorted."""
    global _addons_index
    if _addons_index is None or _addons_index[0] is not files or _addons_index[1] != len(files):
        by_folder: dict[str, list[str]] = {}
        tail = '/' + ADDON_JSON
        for f in files:
            if f.endswith(tail):
                parts = f.split('/')
                if len(parts) >= 3 and parts[-3] == 'addons' and parts[-2]:
                    by_folder.setdefault('/'.join(parts[:-3]), []).append(f)
        for found in by_folder.values():
            found.sort()
        _addons_index = (files, len(files), by_folder)
    return list(_addons_index[2].get(folder.rstrip('/'), ()))


def inside(root_relative: str) -> str:
    """Normalise a repo-relative path; raise ValueError if it leaves the
    repository."""
    if root_relative.startswith('/'):
        raise ValueError(root_relative)
    norm = posixpath.normpath(root_relative)
    if norm == '..' or norm.startswith('../'):
        raise ValueError(root_relative)
    return '' if norm == '.' else norm


def resolve(including_file: str, target: str) -> str:
    """``target`` as written in ``including_file`` (an include, a path),
    relative to the including file's folder, as a repo-relative path."""
    return inside(posixpath.join(posixpath.dirname(including_file), target))


def folder_given(snapshot: Snapshot, given: str, files: list[str] | None = None) -> str:
    """The repo-relative folder a ``--project DIR`` names (relative to the
    current folder).  Outside the repository, or a folder that is neither
    on disk nor in the snapshot: bad input (a typo must not pass as "no
    compiled file there")."""
    rel = os.path.relpath(os.path.abspath(given), snapshot.root)
    try:
        d = inside(rel.replace(os.sep, '/'))
    except ValueError:
        raise BadInput(given, 0, '--project: folder is outside the repository') from None
    if d and not os.path.isdir(given):
        prefix = d + '/'
        if not any(f.startswith(prefix) for f in (snapshot.files() if files is None else files)):
            raise BadInput(given, 0, '--project: no such folder')
    return d


def discover(snapshot: Snapshot, only: list[str] | None = None) -> list[DivioProject]:
    """The projects to check: ``only`` (``--project`` values, relative to
    the current folder) or every folder of the snapshot that holds a
    requirements.in, outside addons-dev/ and vendored trees."""
    if only:
        return sorted({DivioProject(folder_given(snapshot, given)) for given in only})
    found = set()
    for f in snapshot.files():
        d, name = posixpath.split(f)
        if name != REQUIREMENTS_IN:
            continue
        if PRUNE.intersection(d.split('/')):
            continue
        found.add(DivioProject(d))
    return sorted(found)
