"""Naming path requirements and path pins (``-e .``, ``./libs/helpers``,
``-e file:///home/alice/acme/libs/helpers``) by the distribution their
folder holds, so that rules 1, 2 and 4 (README.md, "requirements-fresh")
match a pin, its requirement and the ``# via`` lines that name it."""
from __future__ import annotations

from hooks.readers import pinfile
from hooks.readers import pip_syntax
from hooks.readers import requirements
from hooks.rules.locations import abs_path
from hooks.rules.locations import folder as folder_of
from hooks.rules.locations import is_url
from hooks.rules.locations import location
from hooks.rules.locations import same_place
from hooks.rules.locations import same_repository
from hooks.rules.locations import same_url
from hooks.snapshot import Snapshot

PROJECT_FILES = ('pyproject.toml', 'setup.cfg', 'setup.py')


def dist_name(snapshot: Snapshot, folder: str) -> str | None:
    """The distribution a folder holds (hooks.readers.metadata.dist_name),
    imported only for a path requirement: metadata brings tomllib, typing
    and configparser, which every check without the verdict cache would
    otherwise pay for (README.md, "Benchmarks")."""
    from hooks.readers.metadata import dist_name as read_dist_name

    return read_dist_name(snapshot, folder)


def compiled_at(reqs: list[requirements.Req], pins: dict[str, pinfile.Pin], snapshot: Snapshot | None, linux: bool) -> tuple[str, ...]:
    """Where the repository is (the snapshot's root) and, when a path pin
    says so, where it was when the file was compiled: pip-tools 7.7 with
    pip 26 writes ``-e ./libs/helpers`` as ``-e file:///home/alice/acme/libs/helpers``,
    and the lock is checked in another clone (CI, a colleague's).  A pin's
    path minus its longest tail that is a project folder of the snapshot is
    that place; all such pins must agree.  Without such a tail (``-e .``
    alone), the one path pin outside the repository is its root when a
    requirement names the root folder."""
    if snapshot is None:
        return ()
    root = snapshot.root.rstrip('/')
    foreign = []
    for pin in pins.values():
        if pin.url is None or is_url(pin.url):
            continue
        path = abs_path(pin.url).rstrip('/')
        if not path.startswith('/') or path == root or path.startswith(root + '/') or (linux and (path == '/app' or path.startswith('/app/'))):
            continue
        foreign.append(path)
    if not foreign:
        return (root,)
    found = set()
    for path in foreign:
        parts = path.strip('/').split('/')
        for i in range(1, len(parts)):
            tail = '/'.join(parts[i:])
            if any(snapshot.exists(f'{tail}/{name}') for name in PROJECT_FILES):
                found.add('/' + '/'.join(parts[:i]))
                break
    if len(found) == 1:
        return (root, found.pop())
    if not found and len(foreign) == 1 and any(names_folder(r, (root,), linux) == '' for r in reqs):
        return (root, foreign[0])
    return (root,)


def names_folder(r: requirements.Req, roots: tuple[str, ...], linux: bool) -> str | None:
    """The repository folder a path requirement names (``-e .``), or None."""
    where = location(r) if r.req is None or r.req.url else None
    return folder_of(where, r.path, roots, linux) if where is not None else None


def _url_named(r: requirements.Req, pins: dict[str, pinfile.Pin]) -> requirements.Req:
    """A URL requirement without a name (``git+https://h/o/p@release/build``)
    named by the pin of its URL (pip-compile pins ``name @ URL``), else by
    the pin of its repository (another ref: the pin is then judged against
    it); else it keeps its URL as its name: a name is never invented from a
    URL's path."""
    url = r.location
    for match in (same_url, same_repository):
        for pin in pins.values():
            if any(p.url is not None and match(url, p.url) for p in pinfile.all_pins(pin)):
                return r._replace(name=pin.name)
    return r


def name_paths(
        reqs: list[requirements.Req], pins: dict[str, pinfile.Pin], txt_path: str, root_name: str,
        snapshot: Snapshot | None, linux: bool,
) -> tuple[list[requirements.Req], dict[str, pinfile.Pin], set[str]]:
    """Name each path pin and path requirement (``-e .``, ``./libs/helpers``)
    by the distribution its folder holds (pyproject.toml, setup.cfg), or
    else by the name the pin gives it, so that the pin, the requirement and
    the ``# via`` lines naming that distribution match (a URL requirement
    without a name: by its pin's, :func:`_url_named`).  Also returns the
    path pins still named only by their folder (their distribution's name
    is unknown: ``setup.py``, a folder outside the repository)."""
    roots = compiled_at(reqs, pins, snapshot, linux)
    unnamed = set()
    for pin in list(pins.values()):
        if pin.url is None or is_url(pin.url):
            continue
        folder = folder_of(pin.url, txt_path, roots, linux)
        dist = dist_name(snapshot, folder) if folder is not None and snapshot is not None else None
        if dist is None:
            by_folder = pip_syntax.path_name(pin.url, txt_path, root_name)
            if pip_syntax.url_name_version(pin.url)[0] is None and pin.name in (by_folder, ''):
                unnamed.add(by_folder)  # named by its folder, not by itself
                dist = by_folder  # '-e .': the repository's folder
        if dist is not None and dist != pin.name and dist not in pins:
            pins = {k: v for k, v in pins.items() if k != pin.name}
            pins[dist] = pin._replace(name=dist)
    named = []
    for r in reqs:
        if r.req is None and r.name == r.location:
            named.append(_url_named(r, pins))
            continue
        folder = names_folder(r, roots, linux)
        if folder is None:
            named.append(r)
            continue
        dist = dist_name(snapshot, folder) if snapshot is not None else None
        found = next((
            p for p in pins.values()
            if p.url is not None and not is_url(p.url) and same_place(p.url, folder, txt_path, roots, root_name, linux)
        ), None)
        name = dist or (found.name if found is not None else r.name)
        if found is not None and found.name != name:
            pins = {k: v for k, v in pins.items() if k != found.name}
            pins[name] = found._replace(name=name)
            unnamed.discard(found.name)
        named.append(r._replace(name=name) if name != r.name else r)
    return named, pins, unnamed
