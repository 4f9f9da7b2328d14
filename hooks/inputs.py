"""The inputs of a compiled file, whatever their kind: requirement files
(with their ``-r``/``-c`` includes, hooks.readers.requirements),
``pyproject.toml`` and ``setup.cfg`` (hooks.readers.pyproject,
hooks.readers.setup_cfg), and what only running code can tell
(``setup.py``, dynamic dependencies), which is judged by the fingerprint
alone.  A local package installed by path (``-e ./libs/helpers``) is an
input too: its declared dependencies are read as requirements.

Every kind comes back as ``requirements.InputFile``s, so the rules and the
fingerprint read them alike; a file whose dependencies are computed comes
back as an InputFile of kind ``'computed'`` holding its raw lines (so the
fingerprint digests its content) and a ``metadata.Computed`` notice.
"""
from __future__ import annotations

import posixpath

from hooks.compiled import Compiled
from hooks.readers import pip_syntax
from hooks.readers import requirements
from hooks.report import BadInput
from hooks.report import decode
from hooks.snapshot import Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.readers import metadata

COMPUTED = 'computed'


def _raw(snapshot: Snapshot, path: str) -> requirements.InputFile:
    data = snapshot.read(path)
    text = '' if data is None else decode(data, path)
    lines = [
        pip_syntax.Line(path, n, line.strip(), '', False)
        for n, line in enumerate(text.splitlines(), 1) if line.strip()
    ]
    return requirements.InputFile(path, COMPUTED, lines)


def read(snapshot: Snapshot, compiled: Compiled) -> tuple[list[requirements.InputFile], list[metadata.Computed]]:
    """Every input of ``compiled``, each file once, in reading order, and
    the notices for inputs whose dependencies are computed.  Raises
    BadInput."""
    files: list[requirements.InputFile] = []
    computed: list[metadata.Computed] = []
    seen: set[str] = set()
    extras = compiled.values('--extra')
    all_extras = compiled.has('--all-extras')
    groups = compiled.values('--group')

    def add(found: list[requirements.InputFile]) -> None:
        for f in found:
            if f.path not in seen:
                seen.add(f.path)
                files.append(f)

    for source in compiled.sources:
        name = posixpath.basename(source)
        if name in ('pyproject.toml', 'setup.cfg', 'setup.py'):
            # metadata files are rare: their readers are imported for them only
            from hooks.readers import metadata
            from hooks.readers import pyproject
            from hooks.readers import setup_cfg

            found: list[requirements.InputFile] = []
            if name == 'setup.py':
                notes = metadata.read_setup_py(source)
            else:
                data = snapshot.read(source)
                if data is None:
                    raise BadInput(source, 0, 'file not found')
                if name == 'pyproject.toml':
                    # pip-compile ignores an --extra the project lacks; uv refuses it
                    found, notes = pyproject.read_pyproject(data, source, extras, all_extras, groups, unknown_extras_ok=compiled.tool != 'uv')
                else:
                    found, notes = setup_cfg.read_setup_cfg(data, source, extras, all_extras, unknown_extras_ok=compiled.tool != 'uv')
            if not notes:
                add(found)
                continue
            # judged by the fingerprint alone: digest what decides them whole
            computed.extend(notes)
            folder = posixpath.dirname(source)
            for beside in (name, 'setup.py', 'setup.cfg'):
                path = posixpath.join(folder, beside) if folder else beside
                if path not in seen and (path == source or snapshot.read(path) is not None):
                    seen.add(path)
                    files.append(_raw(snapshot, path))
            continue
        read = requirements.read_inputs(snapshot, source)
        add(read)
        for folder, wanted in requirements.local_projects(read, posixpath.dirname(source)):
            add(_local_project(snapshot, folder, wanted, seen))
    return files, computed


def _local_project(snapshot: Snapshot, folder: str, wanted: str, seen: set[str]) -> list[requirements.InputFile]:
    """The dependencies of a local package installed by path (``-e
    ./libs/helpers``, ``./pkg[ex]``), which pip-compile resolves and pins
    (``# via helpers``): its pyproject.toml ``[project]``, else its
    setup.cfg, read as inputs; what neither declares (setup.py, dynamic
    dependencies) is digested whole for the fingerprint, as a file of kind
    ``'computed'`` the rules do not read."""
    from hooks.readers import pyproject
    from hooks.readers import setup_cfg

    extras = [e.strip() for e in wanted.strip('[]').split(',') if e.strip()]
    prefix = folder + '/' if folder else ''
    raw = []
    for name, reader in (('pyproject.toml', pyproject.read_pyproject), ('setup.cfg', setup_cfg.read_setup_cfg)):
        path = prefix + name
        data = snapshot.read(path)
        if data is None or path in seen:
            continue
        found, notes = reader(data, path, extras, unknown_extras_ok=True)
        if not notes and name == 'pyproject.toml':
            return found
        if not notes:
            raw = found  # setup.cfg; setup.py may add to it
            break
        raw.append(_raw(snapshot, path))
    if snapshot.read(prefix + 'setup.py') is not None and prefix + 'setup.py' not in seen:
        raw.append(_raw(snapshot, prefix + 'setup.py'))
    return raw
