"""``pylock.toml`` (PEP 751): a lock file of its own format, a compiled
file like requirements.txt (README.md, "Layouts").

* :func:`is_pylock`: the names PEP 751 gives it, ``pylock.toml`` and
  ``pylock.NAME.toml``;
* :func:`locate`: its inputs, as its producer records them.  uv writes
  its command as a header comment: ``uv pip compile ... -o pylock.toml``
  is judged against the sources it names, like its requirements.txt;
  ``uv export --format pylock.toml`` is a uv export like any other
  (hooks.readers.recorded_paths, hooks.rules.uv_export): its input is
  uv.lock, and through it pyproject.toml.  Without its header
  (``--no-header``, ``created-by = "uv"`` alone) it is taken for ``uv
  export --format pylock.toml --no-header`` of the project whose uv.lock
  it finds.  The others record only ``created-by`` (``pip lock``, ``pdm
  export -f pylock``): judged against the ``pyproject.toml`` beside it,
  the project they lock;
* :func:`read_pins`: its ``[[packages]]`` as pins (names, versions,
  markers, hashes, the line of each entry), read with tomllib.

Discovery reads only the first bytes with str methods (no tomllib on the
fast path); the pins are read when every requirement is.
"""
from __future__ import annotations

import posixpath

from hooks.finding import Finding
from hooks.readers import header
from hooks.report import BadInput

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the fast path)
if TYPE_CHECKING:
    from collections.abc import Callable

    from hooks.readers.pinfile import Pin

PYPROJECT = 'pyproject.toml'
# the producers that record no inputs, by created-by: the command that
# locks the project of the pyproject.toml beside it again
REPLAY = {
    'pip': ['pip', 'lock', '.', '-o'],
    'pdm': ['pdm', 'export', '-f', 'pylock', '-o'],
}
# uv without its header: what ``uv export`` writes with no option but these
UV_NO_HEADER = ['uv', 'export', '--format', 'pylock.toml', '--no-header', '-o']


def is_pylock(path: str) -> bool:
    """``pylock.toml`` or ``pylock.NAME.toml`` (PEP 751's file names)."""
    name = posixpath.basename(path)
    if name == 'pylock.toml':
        return True
    middle = name[len('pylock.'):-len('.toml')] if name.startswith('pylock.') and name.endswith('.toml') else ''
    return bool(middle) and '.' not in middle


def created_by(text: str) -> tuple[str, int] | None:
    """(``created-by``, its line) of the top-level table, written on one
    line as every producer writes it; None when absent."""
    from hooks.readers.toml import simple_value
    return simple_value(text, '', 'created-by')


def locate(
        path: str, text: str, exists: Callable[[str], bool],
) -> tuple[str, list[str], header.Recorded] | Finding | None:
    """(cwd, sources, recorded command) of the pylock file ``path``
    (``text``: its header and the lines below it): the command uv's header
    records (``uv export`` is located as every uv export is), else, by its
    ``created-by`` producer, the uv export of the uv.lock it finds or the
    pyproject.toml beside it with the command that locks it again.  A
    notice when it cannot be judged; None when ``text`` is no lock (no
    ``lock-version``)."""
    from hooks.readers import recorded_paths
    recorded = header.read(text, path)
    if recorded is None and 'lock-version' not in text:
        return None
    found = created_by(text) if recorded is None else None
    producer, line = found if found is not None else ('', 1)
    if recorded is None and producer == 'uv':
        recorded = _uv_export(path, line, exists)
        if recorded is None:
            return Finding(path, line, f'not checked: written by uv without its header (--no-header), and there is no {recorded_paths.UV_LOCK_FILE} beside it or above it', severity='notice')
    if recorded is not None:
        where = recorded_paths.locate(recorded, path, exists)
        if isinstance(where, Finding):
            return where
        return where[0], where[1], recorded
    folder = posixpath.dirname(path)
    if producer not in REPLAY:
        return Finding(path, line, f'not checked: created by {producer or "an unnamed tool"}, which records no inputs this hook reads', severity='notice')
    source = posixpath.join(folder, PYPROJECT) if folder else PYPROJECT
    if not exists(source):
        return Finding(path, line, f'not checked: {producer} records no inputs, and there is no {PYPROJECT} beside it', severity='notice')
    argv = [*REPLAY[producer], posixpath.basename(path)]
    return folder, [source], header.Recorded(' '.join(REPLAY[producer][:2]), line, argv)


def _uv_export(path: str, line: int, exists: Callable[[str], bool]) -> header.Recorded | None:
    """The ``uv export`` that writes ``path`` without a header, run where
    the uv.lock it reads is; None when there is no uv.lock there."""
    from hooks.readers import recorded_paths
    folder = recorded_paths.uv_project(path, exists)
    if not exists(posixpath.join(folder, recorded_paths.UV_LOCK_FILE) if folder else recorded_paths.UV_LOCK_FILE):
        return None
    return header.from_words([*UV_NO_HEADER, posixpath.relpath(path, folder or '.')], line)


def read_pins(text: str, path: str) -> dict[str, Pin]:
    """The ``[[packages]]`` of a pylock file as pins, by normalised name:
    ``version`` (None for a directory, VCS or archive without one),
    ``marker``, ``hashes`` (any of its wheels, sdist or archive has
    some), ``url`` (a VCS URL, a directory or archive path or URL) and
    the line of its ``[[packages]]`` header.  A name locked more than once
    (under exclusive markers) maps to its first entry, which holds the
    others in ``alternatives``.  Invalid TOML, or a package without a
    name, is bad input."""
    from hooks.readers import toml
    from hooks.readers.pinfile import Pin
    from hooks.readers.pip_syntax import normalize

    _, doc = toml.load(text.encode(), path)
    packages = doc.get('packages', [])
    if not isinstance(packages, list):
        raise BadInput(path, 1, 'packages: not an array of tables')
    lines = _entry_lines(text, len(packages))
    found: dict[str, Pin] = {}
    more: dict[str, list[Pin]] = {}
    for n, entry in enumerate(packages):
        line = lines[n]
        name = entry.get('name') if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name:
            raise BadInput(path, line, 'a [[packages]] entry without a name')
        version = entry.get('version')
        marker = entry.get('marker')
        pin = Pin(
            normalize(name), version if isinstance(version, str) else None, line, (),
            exact=True, marker=marker if isinstance(marker, str) else None,
            hashes=_hashed(entry), url=_location(entry),
        )
        if pin.name in found:
            more.setdefault(pin.name, []).append(pin)
        else:
            found[pin.name] = pin
    for key, others in more.items():
        found[key] = found[key]._replace(alternatives=tuple(others))
    return found


def _entry_lines(text: str, count: int) -> list[int]:
    """The line of each ``[[packages]]`` header, in order: found with str
    methods where every entry has one (as every producer writes them),
    else by :class:`hooks.readers.toml.TomlLines`."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.replace(' ', '').startswith('[[packages]]')]
    if len(lines) == count:
        return lines
    from hooks.readers.toml import TomlLines
    where = TomlLines(text)
    return [where.keys.get(('packages', n), 1) for n in range(count)]


def _hashed(entry: dict[str, object]) -> bool:
    """Whether an entry's wheels, sdist or archive carry hashes."""
    files: list[object] = []
    wheels = entry.get('wheels')
    if isinstance(wheels, list):
        files += wheels
    files += [entry.get('sdist'), entry.get('archive')]
    return any(isinstance(f, dict) and f.get('hashes') for f in files)


def _location(entry: dict[str, object]) -> str | None:
    """Where a package without an index release comes from: ``vcs``
    (URL), ``directory`` (path) or ``archive`` (URL or path)."""
    for kind in ('vcs', 'directory', 'archive'):
        table = entry.get(kind)
        if isinstance(table, dict):
            where = table.get('url') or table.get('path')
            if isinstance(where, str):
                return where
    return None
