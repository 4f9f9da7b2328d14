"""Where the command a header records ran (README.md, "Layouts"): its
working folder, its sources and its output, as repo-relative paths
(:func:`locate`), and pip-compile's defaults when it names none."""
from __future__ import annotations

import posixpath

from hooks.finding import Finding
from hooks.readers.header import PCM
from hooks.readers.header import PIP_COMPILE
from hooks.readers.header import Recorded
from hooks.readers.header import UV
from hooks.readers.header import UV_EXPORT
from hooks.report import BadInput

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable

# pip-compile's default source, in the order pip-tools >= 6.12.2 tries them
# (scripts/compile.py DEFAULT_REQUIREMENTS_FILES).  pip-tools 4.0-6.12.1
# tried requirements.in, then setup.py: a prefix of this order, so the
# answer is the same for every file those versions could write.
DEFAULT_SOURCES = ('requirements.in', 'setup.py', 'pyproject.toml', 'setup.cfg')
METADATA_SOURCES = frozenset(('setup.py', 'setup.cfg', 'pyproject.toml'))
DEFAULT_OUTPUT = 'requirements.txt'
UV_LOCK_FILE = 'uv.lock'
PYPROJECT = 'pyproject.toml'


def default_sources(snapshot_files: set[str] | list[str], folder: str) -> list[str]:
    """pip-compile's default source in ``folder`` (repo-relative, '' for
    the root) when the command names none: the first of requirements.in,
    setup.py, pyproject.toml, setup.cfg there (pip-tools >= 6.12.2; 4.0 to
    6.12.1 tried requirements.in then setup.py, the same answer for every
    file they wrote).  [] when there is none."""
    files = snapshot_files if isinstance(snapshot_files, (set, frozenset)) else set(snapshot_files)
    for name in DEFAULT_SOURCES:
        path = _join(folder, name)
        if path in files:
            return [path]
    return []


def default_output(first_source: str) -> str:
    """pip-compile's output when none is named (scripts/compile.py): the
    first source with ``.txt``, or ``requirements.txt`` beside a metadata
    file."""
    if posixpath.basename(first_source) in METADATA_SOURCES:
        return _join(posixpath.dirname(first_source), DEFAULT_OUTPUT)
    return first_source.rsplit('.', 1)[0] + '.txt'


def locate(
        recorded: Recorded,
        output_path: str,
        exists: Callable[[str], bool],
) -> tuple[str, list[str], str] | Finding:
    """Where the recorded command ran: ``(cwd, sources, output)``, all
    repo-relative posix paths, ``cwd`` the repository root ('') or the
    output's folder, or the folder a relative ``-o`` path says it ran in
    (:func:`_ran_in`) -- the one that holds every named source
    (pip-compile's default source when none is named).  When several do,
    the one where the recorded output is ``output_path`` wins, then the root.  An absolute
    path (a container's ``/workspace/requirements.in``) names the file of
    that basename in the output's folder, where the command then ran
    (every path absolute) or not (some relative).  ``output`` is ``output_path``:
    the file the header is in.  Neither folder holding the sources: a
    one-line notice (str).  A source outside the repository from both: BadInput."""
    folder = posixpath.dirname(output_path)
    if recorded.tool == PCM:
        return _pcm(recorded, output_path, folder, exists)
    if recorded.tool == UV_EXPORT:
        return _uv_export(recorded, output_path, exists)
    found: list[tuple[str, list[str]]] = []
    missing: list[list[str]] = []  # per folder tried: the sources not there
    outside: list[str] = []  # per folder tried: a source leaving the repository
    recorded_paths = recorded.sources + ([recorded.output] if recorded.output else [])
    if not folder or (recorded_paths and all(_absolute(p) for p in recorded_paths)):
        cwds = [folder]  # a container's paths: it ran in the output's folder
    else:
        cwds = ['', folder]
        ran_in = _ran_in(recorded.output, output_path)
        if ran_in is not None and ran_in not in cwds:
            cwds.append(ran_in)  # docs/: -o requirements/default.txt is docs/requirements/default.txt
    for cwd in cwds:
        resolved = [_resolve(w, cwd, folder) for w in recorded.sources]
        sources = [p for p in resolved if p is not None]
        if len(sources) < len(resolved):
            outside.append(recorded.sources[resolved.index(None)])
            continue
        if not recorded.sources and recorded.tool == PIP_COMPILE:
            sources = [_join(cwd, n) for n in DEFAULT_SOURCES if exists(_join(cwd, n))][:1]
        absent = [w for w, p in zip(recorded.sources, sources, strict=False) if not exists(p)]
        if absent or not sources:
            missing.append(absent)
            continue
        found.append((cwd, sources))
        if _output(recorded, cwd, folder, sources[0]) == output_path:
            return cwd, sources, output_path
    if found:
        return found[0][0], found[0][1], output_path
    if not missing:
        raise BadInput(output_path, recorded.line, f'its header names {outside[0]}, which is outside the repository')
    return _notice(recorded, output_path, folder, missing)


def _pcm(recorded: Recorded, output_path: str, folder: str, exists: Callable[[str], bool]) -> tuple[str, list[str], str] | Finding:
    """pip-compile-multi compiles each ``NAME.in`` of its folder
    (``requirements/`` by default) into ``NAME.txt`` beside it, run from
    the folder above; its header names neither."""
    source = output_path.rsplit('.', 1)[0] + '.in'
    if not exists(source):
        message = f'not checked: written by pip-compile-multi, but {posixpath.basename(source)} is not beside it'
        return Finding(output_path, recorded.line, message, severity='notice')
    return posixpath.dirname(folder), [source], output_path
def uv_project(output_path: str, exists: Callable[[str], bool]) -> str:
    """The folder of the uv.lock that ``uv export`` reads for
    ``output_path``: the output's folder or the nearest one above it that
    holds one (uv looks upward for the workspace); the repository root when
    none does."""
    folder = posixpath.dirname(output_path)
    while folder and not exists(_join(folder, UV_LOCK_FILE)):
        folder = posixpath.dirname(folder)
    return folder


def _uv_export(recorded: Recorded, output_path: str, exists: Callable[[str], bool]) -> tuple[str, list[str], str]:
    """A ``uv export`` output, whatever its format (requirements-txt,
    pylock.toml): its inputs are the uv.lock of :func:`uv_project`, then
    the pyproject.toml beside it (hooks.rules.uv_export).  It ran in that
    folder, or in the output's own when ``-o`` names the output from
    there."""
    folder = uv_project(output_path, exists)
    cwd = folder
    if recorded.output is not None:
        # -o names the output from where the command ran
        for d in (posixpath.dirname(output_path), folder):
            if _join(d, recorded.output) == output_path:
                cwd = d
    return cwd, [_join(folder, UV_LOCK_FILE), _join(folder, PYPROJECT)], output_path


def _ran_in(output: str | None, output_path: str) -> str | None:
    """The folder a relative ``-o`` path says the command ran in: the one
    from which it names ``output_path`` (``docs/`` for ``-o
    requirements/default.txt`` in ``docs/requirements/default.txt``)."""
    if output is None or output == '-' or _absolute(output):
        return None
    norm = posixpath.normpath(output.replace('\\', '/'))
    if norm.startswith('..') or norm == '.':
        return None
    if output_path == norm:
        return ''
    if output_path.endswith('/' + norm):
        return output_path[:-len(norm) - 1]
    return None


def _output(recorded: Recorded, cwd: str, folder: str, first_source: str) -> str | None:
    """The output the command wrote, run in ``cwd``; None for uv's
    standard output."""
    if recorded.output == '-':
        return None  # standard output, redirected into the file
    if recorded.output is not None:
        return _resolve(recorded.output, cwd, folder)
    if recorded.tool == PIP_COMPILE:
        return default_output(first_source)
    return None


def _notice(recorded: Recorded, output_path: str, folder: str, missing: list[list[str]]) -> Finding:
    """The file cannot be judged: its header's inputs are nowhere (a
    finding of severity notice, exit 0)."""
    return Finding(output_path, recorded.line, _unlocated(recorded, folder, missing), severity='notice')


def _unlocated(recorded: Recorded, folder: str, missing: list[list[str]]) -> str:
    where = 'neither at the repository root nor beside it' if folder else 'not at the repository root'
    head = 'not checked: its header'
    if not recorded.sources:
        if recorded.tool == UV:
            return f'{head} names no source'
        names = ', '.join(DEFAULT_SOURCES[:-1]) + ' or ' + DEFAULT_SOURCES[-1]
        return f"{head} names no source and pip-compile's default ({names}) is {where}"
    in_all = [s for s in recorded.sources if all(s in m for m in missing)]
    if in_all:
        return f'{head} names {in_all[0]}, which is {where}'
    return f'{head} names {", ".join(recorded.sources)}, which are {where} together'


def _resolve(written: str, cwd: str, folder: str) -> str | None:
    """A recorded path as a repo-relative one; None if it leaves the
    repository."""
    written = written.replace('\\', '/')  # written on Windows
    if _absolute(written):
        return _join(folder, posixpath.basename(written))
    norm = posixpath.normpath(_join(cwd, written))
    if norm == '..' or norm.startswith('../'):
        return None
    return '' if norm == '.' else norm


def _absolute(written: str) -> bool:
    return written.startswith(('/', '\\')) or written[1:3] in (':/', ':\\')


def _join(folder: str, name: str) -> str:
    return posixpath.join(folder, name) if folder else name
