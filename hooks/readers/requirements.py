"""Reading requirement inputs: requirements.in and its ``-r``/``-c``
includes (pip's syntax: :mod:`hooks.readers.pip_syntax`; the pinned output
is :mod:`hooks.readers.pinfile`'s).

Two layers, so the fast path stays cheap:

* :func:`read_inputs` uses only ``re``: the logical lines of each file
  (:func:`hooks.readers.pip_syntax.logical_lines`), every option checked
  as pip checks it, the includes followed;
* :func:`requirements` hands each requirement line to
  ``packaging.requirements.Requirement`` (imported only when called).

Relative path requirements are taken from the project folder (pip takes
them from where it runs), includes from the including file.  The
differences from pip kept on purpose are in README.md ("Reliability").
"""
from __future__ import annotations

import posixpath
from collections import namedtuple

from hooks.limits import MAX_INCLUDES
from hooks.project import resolve
from hooks.readers.pip_syntax import ARCHIVE_EXTENSIONS
from hooks.readers.pip_syntax import EGG_RE
from hooks.readers.pip_syntax import INCLUDE_OPTIONS
from hooks.readers.pip_syntax import is_url
from hooks.readers.pip_syntax import Line
from hooks.readers.pip_syntax import logical_lines
from hooks.readers.pip_syntax import looks_like_path
from hooks.readers.pip_syntax import NAME_AT_RE
from hooks.readers.pip_syntax import NAME_RE
from hooks.readers.pip_syntax import normalize
from hooks.readers.pip_syntax import parse_line
from hooks.readers.pip_syntax import path_name
from hooks.readers.pip_syntax import strip_extras
from hooks.readers.pip_syntax import url_name_version
from hooks.readers.pip_syntax import URL_RE
from hooks.readers.pip_syntax import VCS_PREFIXES
from hooks.report import BadInput
from hooks.report import decode
from hooks.snapshot import Snapshot


def _local(path: str) -> bool:
    """A path pip looks for on this machine and we can look for in the
    snapshot: relative (absolute paths such as Divio's
    ``/app/addons-dev/x`` are the build container's)."""
    return (
        not path.startswith(('/', '\\')) and URL_RE.match(path) is None
        and not path.lower().startswith(VCS_PREFIXES + ('file:',))
    )


def _check_path(snapshot: Snapshot, line: Line, project_dir: str, text: str, editable: bool) -> None:
    """A relative path requirement must be in the snapshot, taken (as pip
    takes it) from the folder pip runs in: the project's folder.  A folder
    is a project when it holds setup.py or pyproject.toml; an archive must
    exist (pip only warns when it does not: we cannot pin it)."""
    if not editable:
        sep = '; ' if is_url(text) else ';'
        text = text.split(sep, 1)[0].strip()
        if not looks_like_path(text):
            return
    elif NAME_AT_RE.match(text):
        return
    path, _ = strip_extras(text)
    path = path.split('#', 1)[0]
    if not _local(path):
        return
    try:
        target = resolve(project_dir + '/' if project_dir else '', path)
    except ValueError:
        return  # outside the repository: cannot be checked
    archive = target.lower().endswith(ARCHIVE_EXTENSIONS)
    if archive:
        found = snapshot.exists(target)
    else:
        prefix = target + '/' if target else ''
        found = snapshot.exists(prefix + 'pyproject.toml') or snapshot.exists(prefix + 'setup.py')
    if not found:
        what = 'is not there' if archive else 'has no setup.py or pyproject.toml'
        unset = ' (an environment variable is not set)' if '${' in path else ''
        raise BadInput(line.path, line.lineno, f'{text}: {target or "."} {what}{unset} (paths are taken from the project folder, as pip takes them from where it runs)')


def _check_constraint(line: Line, args: str, editable: bool) -> None:
    """pip's resolver takes a constraint as a name and a specifier only."""
    if editable:
        raise BadInput(line.path, line.lineno, 'editable requirements are not allowed as constraints')
    head = args.split('; ', 1)[0] if is_url(args) else args.split(';', 1)[0]
    if (is_url(head) or looks_like_path(head)) and EGG_RE.search(head) is None and not head.lower().endswith('.whl'):
        raise BadInput(line.path, line.lineno, 'unnamed requirements are not allowed as constraints')
    m = NAME_RE.match(head)
    if m is not None and head[m.end():].lstrip().startswith('['):
        raise BadInput(line.path, line.lineno, 'constraints cannot have extras')


def compiled_output(snapshot: Snapshot, path: str, text: str) -> bool:
    """Whether an included file is a compiled output itself (its header
    records a command, or ``NAME.in`` lies beside ``NAME.txt``): a layer
    (``-c base.txt``, README.md rule 6)."""
    if path.endswith('.txt') and snapshot.exists(path[:-4] + '.in'):
        return True
    from hooks.readers import header

    try:
        return header.read(text, path, stdin=True) is not None
    except BadInput:
        return False  # its own check says so


def local_projects(files: list[InputFile], project_dir: str) -> list[tuple[str, str]]:
    """(repository folder, extras as written: ``''`` or ``[a,b]``) of each
    relative path requirement of the ``'in'`` and ``-r`` files (``-e
    ./libs/helpers``, ``./pkg[ex]``, ``-e .``), taken from ``project_dir``
    as pip takes them: local packages whose dependencies pip-compile
    resolves with the rest."""
    found = []
    for f in files:
        if f.kind not in ('in', '-r'):
            continue
        for line in f.lines:
            text = line.text
            if not text or not (text.startswith(('-e', '--e', '.')) or '/' in text):
                continue
            args, opts = parse_line(line)
            editables = opts.get('--editable')
            if editables:
                args = editables[0]
            elif not args or is_url(args) or not looks_like_path(args.split(';', 1)[0].strip()):
                continue
            else:
                args = args.split(';', 1)[0].strip()
            if NAME_AT_RE.match(args):
                continue
            path, extras = strip_extras(args)
            path = path.split('#', 1)[0]
            if not path or not _local(path) or path.lower().endswith(ARCHIVE_EXTENSIONS):
                continue
            try:
                folder = resolve(project_dir + '/' if project_dir else '', path)
            except ValueError:
                continue  # outside the repository
            found.append((folder, extras))
    return found


# An input file: kind is 'in' for requirements.in, '-r' or '-c' for includes.
InputFile = namedtuple('InputFile', 'path kind lines')


def read_file(snapshot: Snapshot, path: str, *, via: Line | None = None) -> str:
    data = snapshot.read(path)
    if data is None:
        if via is None:
            raise BadInput(path, 0, 'file not found')
        raise BadInput(via.path, via.lineno, f'{path}: included file not found')
    return decode(data, path)


def read_inputs(snapshot: Snapshot, requirements_in: str) -> list[InputFile]:
    """requirements.in and every file it includes (``-r``, ``-c``, also
    nested), each once, in reading order.  Every option is checked as pip
    checks it.  Includes are relative to the including file; a cycle, a
    URL, or a path leaving the repository is bad input, and so is a relative
    path requirement the snapshot does not have, or an editable constraint
    (or one with extras, unnamed) in a ``-c`` file that is no compiled
    output (:func:`compiled_output`)."""
    files: list[InputFile] = []
    seen: set[str] = set()
    kinds = {requirements_in: 'in'}
    layer: dict[str, bool] = {}  # a -c file that is a compiled output
    project_dir = posixpath.dirname(requirements_in)

    def read(path: str, kind: str, via: Line | None) -> list[Line]:
        lines = logical_lines(read_file(snapshot, path, via=via), path)
        files.append(InputFile(path, kind, lines))
        seen.add(path)
        return lines

    # depth first, in reading order, without recursion (a chain of
    # MAX_INCLUDES files must not meet Python's recursion limit): each
    # level is the include chain to a file and the lines left to read
    chain = [requirements_in]
    todo = [iter(read(requirements_in, 'in', None))]
    while todo:
        line = next(todo[-1], None)
        if line is None:
            todo.pop()
            chain.pop()
            continue
        path = chain[-1]
        text = line.text
        if not text or (  # a plain requirement: nothing to check here
            ' -' not in text and '$' not in text and '/' not in text
            and not text.startswith(('-', '.')) and (kinds[path] != '-c' or '[' not in text)
        ):
            continue
        args, opts = parse_line(line)
        editables = opts.get('--editable')
        if args and editables:
            raise BadInput(path, line.lineno, 'a requirement and -e on one line')
        if args or editables:
            if kinds[path] == '-c':
                # a compiled output read as a layer: pip-compile and uv take
                # its pins with extras (pip-compile before 7 kept them) and
                # its -e lines; it is judged as an output of its own
                if path not in layer:
                    layer[path] = compiled_output(snapshot, path, text)
                if layer[path]:
                    continue
                _check_constraint(line, args, bool(editables))
            _check_path(snapshot, line, project_dir, args or (editables or [''])[0], bool(editables))
            continue
        opt = '--requirement' if '--requirement' in opts else '--constraint'
        if opt not in opts:
            continue
        short = INCLUDE_OPTIONS[opt]
        value = opts[opt][0]
        if URL_RE.match(value):
            raise BadInput(path, line.lineno, f'{short} {value}: remote includes cannot be checked offline')
        try:
            target = resolve(path, value)
        except ValueError:
            raise BadInput(path, line.lineno, f'{short} {value}: include leaves the repository') from None
        if target in chain:
            raise BadInput(path, line.lineno, f'{short} {value}: include cycle ({" -> ".join(chain + [target])})')
        if target in seen:
            continue
        if len(chain) > MAX_INCLUDES:
            raise BadInput(path, line.lineno, f'{short} {value}: includes nested deeper than {MAX_INCLUDES} levels')
        kinds[target] = short
        chain.append(target)
        todo.append(iter(read(target, short, line)))
    return files


class Req(namedtuple('Req', 'path lineno text name req version editable addon extras url_marker location', defaults=(frozenset(), None, None))):
    """A requirement of the inputs.

    name       PEP 503-normalised; for a path without a name, its folder name;
               for a URL without a name, the URL as written
    req        packaging.requirements.Requirement, or None for URLs and paths
    version    an exact version the line fixes (==, #egg=x==v, archive name)
    extras     the extras asked for (lower case)
    url_marker the environment marker of a URL or path line (a Marker)
    location   the URL or path of a URL or path line, as written
    """
    __slots__ = ()

    @property
    def marker(self) -> object:
        return self.req.marker if self.req is not None else self.url_marker


def requirements(files: list[InputFile], root_name: str = '', constraints: bool = False) -> list[Req]:
    """Every requirement of the ``'in'`` and ``-r`` files (``-c``
    constraints are not requirements, unless ``constraints``), parsed as
    pip parses them, with packaging.  Relative paths are taken from the
    project folder (requirements.in's).  ``root_name``: the repository
    root's folder name (for ``-e .``)."""
    from packaging.markers import InvalidMarker
    from packaging.markers import Marker
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement

    base = next((f.path for f in files if f.kind == 'in'), '')

    def extras_of(line: Line, text: str) -> frozenset[str]:
        if not text:
            return frozenset()
        try:
            return frozenset(Requirement('placeholder' + text.lower()).extras)
        except InvalidRequirement:
            raise BadInput(line.path, line.lineno, f'invalid extras: {text}') from None

    reqs = []
    for f in files:
        if f.kind not in ('in', '-r', '-c') or (f.kind == '-c' and not constraints):
            continue  # '-c' constraints; a file digested whole (hooks.inputs)
        for line in f.lines:
            if not line.text:
                continue
            text, opts = parse_line(line)
            editable = False
            if not text:
                if '--editable' not in opts:
                    continue
                text, editable = opts['--editable'][0], True
            marker = None
            head = text
            if editable and NAME_AT_RE.match(text):
                # -e "name[extras] @ vcs+url": pip (25+) names it, as a PEP 508 line
                location, head = '', text
            elif editable:
                location, extras = strip_extras(text)
                if is_url(location) and not location.lower().startswith(('file:', *VCS_PREFIXES)):
                    raise BadInput(line.path, line.lineno, f'-e {text}: not a valid editable requirement (a path or a VCS URL such as git+https://...)')
            else:
                sep = '; ' if is_url(text) else ';'
                head, _, marker_text = text.partition(sep)
                head = head.strip()
                if marker_text.strip():
                    try:
                        marker = Marker(marker_text.strip())
                        # packaging before 23.2 ignores words after a marker
                        # (``python_version >= "3.8" a b``), which pip
                        # refuses; as a requirement's marker every version
                        # reads it whole
                        Requirement(f'x; {marker_text.strip()}')
                    except (InvalidMarker, InvalidRequirement) as e:
                        raise BadInput(line.path, line.lineno, f'invalid marker: {marker_text.strip()!r}: {str(e).splitlines()[0]}') from None
                location, extras = head, ''
                if not is_url(head):
                    location, extras = strip_extras(head) if looks_like_path(head) else ('', '')
                    if len(location.split()) > 1:  # "django https://...": pip reads it as a name
                        location = ''
            if location:
                egg = EGG_RE.search(location)
                if egg is not None and egg.end() < len(location) and location[egg.end()] not in '&':
                    raise BadInput(line.path, line.lineno, f'{location}: invalid #egg= fragment (a name, or name==version)')
                m = NAME_AT_RE.match(location) if editable else None
                name, version = (normalize(m.group('name')), None) if m else url_name_version(location)
                if name is None and location.lower().endswith('.whl'):
                    raise BadInput(line.path, line.lineno, f'{location}: not a wheel file name (name-version-python-abi-platform.whl)')
                if name is None and is_url(location) and not location.lower().startswith('file:'):
                    name = location  # never invented from a URL's path: its pin names it (rules.path_names)
                elif name is None:
                    name = path_name(location, base, root_name)
                reqs.append(Req(line.path, line.lineno, line.text, name, None, version, editable, line.addon,
                                extras_of(line, extras), marker, location))
                continue
            try:
                req = Requirement(head)
            except InvalidRequirement as e:
                msg = str(e).splitlines()[0]
                raise BadInput(line.path, line.lineno, f'invalid requirement: {head!r}: {msg}') from None
            if editable and not (req.url or '').lower().startswith(('file:', *VCS_PREFIXES)):
                raise BadInput(line.path, line.lineno, f'-e {text}: not a valid editable requirement (a path or a VCS URL such as git+https://...)')
            if marker is not None:
                req.marker = marker
            version = None
            if req.url:
                _, version = url_name_version(req.url)
            else:
                specs = list(req.specifier)
                if len(specs) == 1 and specs[0].operator in ('==', '===') and '*' not in specs[0].version:
                    version = specs[0].version
            reqs.append(Req(line.path, line.lineno, line.text, normalize(req.name), req, version, editable, line.addon,
                            frozenset(e.lower() for e in req.extras)))
    return reqs


