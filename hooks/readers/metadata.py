"""The requirements pip-compile and ``uv pip compile`` take from project
metadata files (``pyproject.toml``, ``setup.cfg``, ``setup.py``), as the
:class:`requirements.InputFile` / :class:`pip_syntax.Line` the rules consume.

What is read, and how the compilers read it:

* ``pyproject.toml``: PEP 621 ``[project] dependencies``; the
  ``[project.optional-dependencies]`` chosen by ``--extra`` /
  ``--all-extras``; the PEP 735 ``[dependency-groups]`` chosen by uv's
  ``--group`` (``{include-group = "..."}`` followed).  Extra and group names
  are compared PEP 503-normalised, as both compilers do.
* A requirement on the project itself (``myproj[lint]`` in
  ``[project.optional-dependencies] dev``) stands for the requirements of
  those extras: uv resolves it so, and pip-compile (pip-tools 7) pins
  ``myproj[lint] @ file:///...`` whose dependencies are those requirements.
  Its marker, if any, is added to each; an extra the project lacks adds
  nothing.  uv does the same in ``[project] dependencies`` (pip-compile
  fails there, looking the project up on the index), and not inside
  ``[dependency-groups]`` (it looks the project up on the index): a
  self-reference there stays a plain line.  Names are compared
  PEP 503-normalised, as uv; pip-compile compares them as written, and
  fails to resolve when they differ.
* An unknown ``--extra`` or ``--group`` is bad input, as uv has it
  (``Requested extra not found``); pip-compile ignores an unknown extra:
  pass ``unknown_extras_ok=True`` for its files.
* ``setup.cfg``: ``[options] install_requires`` and
  ``[options.extras_require]``, by setuptools' rules: a value of several
  lines is one requirement a line, a one-line value is split at ``;``;
  ``#`` comment lines and `` #`` comments are dropped.
* Dependencies that only running code can tell (``setup.py``,
  ``dynamic = ["dependencies"]``, no ``[project]`` table, a ``file:``
  directive) are not read: a :class:`Computed` says why.

Each line is the real line of the file where its requirement string stands:
tomllib gives no positions, so :class:`hooks.readers.toml.TomlLines` walks the (already
validated) TOML text and notes the line of every value by its key path.

tomllib (tomli before Python 3.11) and configparser are imported when a
file is read; this module itself imports nothing heavy.
"""
from __future__ import annotations

import posixpath

from hooks.readers import pip_syntax
from hooks.readers import requirements
from hooks.readers import toml
from hooks.report import BadInput
from hooks.report import decode
from hooks.snapshot import Snapshot

NOT_BUILT = 'not checked: pyproject.toml has no [project] dependencies; they are computed by its build backend'
SETUP_PY = 'not checked: dependencies are computed by setup.py'
_NAME_CHARS = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-')
# what may follow the name of a PEP 508 requirement
_AFTER_NAME = frozenset('[(<>=!~;@')


class Computed:
    """Dependencies that cannot be known without running code."""
    __slots__ = ('path', 'line', 'message')

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message

    def __repr__(self) -> str:
        return f'Computed({self.path!r}, {self.line!r}, {self.message!r})'

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Computed):
            return NotImplemented
        return (self.path, self.line, self.message) == (other.path, other.line, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))


# --- pyproject.toml -------------------------------------------------------------

def project_name(data: bytes, path: str) -> str | None:
    """The distribution a ``pyproject.toml`` (``[project] name``) or a
    ``setup.cfg`` (``[metadata] name``) describes; None when absent or
    dynamic.  Which of the two, the path's basename says."""
    if posixpath.basename(path) == 'setup.cfg':
        parser = _config(decode(data, path), path)
        if parser.has_option('metadata', 'name'):
            name = _cfg_get(parser, 'metadata', 'name', path, 0).strip()
            return name or None
        return None
    _, doc = toml.load(data, path)
    project = doc.get('project')
    if not isinstance(project, dict):
        return None
    name = project.get('name')
    dynamic = project.get('dynamic')
    if not isinstance(name, str) or (isinstance(dynamic, list) and 'name' in dynamic):
        return None
    return name


def dist_name(snapshot: Snapshot, folder: str) -> str | None:
    """The distribution the folder ``folder`` holds, PEP 503-normalised:
    :func:`project_name` of its pyproject.toml, else of its setup.cfg
    (never an ``attr:`` directive).  A file that cannot be read, or does
    not parse, names nothing (the name then comes from elsewhere)."""
    for basename in ('pyproject.toml', 'setup.cfg'):
        path = f'{folder}/{basename}' if folder else basename
        try:
            data = snapshot.read(path)
            name = project_name(data, path) if data is not None else None
        except BadInput:
            continue  # not a folder, a link out, a file that does not parse
        if name is not None and name.strip() and 'attr:' not in name:
            return pip_syntax.normalize(name.strip())
    return None


def _check_text(text: str, path: str, line: int) -> str:
    """A requirement string as a line of the reader: stripped, and plainly
    a PEP 508 requirement (``-e .``, ``./lib`` or a bare URL would mean
    something else in a requirements file; packaging says why not)."""
    text = text.strip()
    i = 0
    while i < len(text) and text[i] in _NAME_CHARS:
        i += 1
    rest = text[i:].lstrip()
    # (a blank-separated '-...' is an option to requirements files: --hash)
    if i and text[0].isalnum() and (not rest or rest[0] in _AFTER_NAME) and not any(t[0] == '-' for t in rest.split()):
        return text
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement
    try:
        Requirement(text)
    except InvalidRequirement as e:
        msg = str(e).splitlines()[0]
        raise BadInput(path, line, f'invalid requirement: {text!r}: {msg}') from None
    return text


def _name_of(text: str) -> str:
    i = 0
    while i < len(text) and text[i] in _NAME_CHARS:
        i += 1
    return pip_syntax.normalize(text[:i])


def _extras_of(text: str) -> list[str]:
    """``['lint', 'test']`` of ``myproj[lint, test]>=1``."""
    rest = text[len(text) - len(text.lstrip()):]
    i = 0
    while i < len(rest) and rest[i] in _NAME_CHARS:
        i += 1
    rest = rest[i:].lstrip()
    if not rest.startswith('['):
        return []
    inner = rest[1:].partition(']')[0]
    return [pip_syntax.normalize(e.strip()) for e in inner.split(',') if e.strip()]


def _split_marker(text: str) -> tuple[str, str]:
    """(requirement, marker) of a PEP 508 string; after a URL only a ';'
    with a blank before it starts the marker."""
    at = text.find('@')
    i = text.find(';')
    if 0 <= at < i or (at >= 0 and i < 0):
        i = text.find(';', at)
        while i >= 0 and not text[i - 1].isspace():
            i = text.find(';', i + 1)
    if i < 0:
        return text, ''
    return text[:i].rstrip(), text[i + 1:].strip()


def _add_marker(text: str, marker: str) -> str:
    if not marker:
        return text
    req, own = _split_marker(text)
    both = f'({own}) and ({marker})' if own else marker
    return f'{req} ; {both}'


class _Pyproject:
    def __init__(self, data: bytes, path: str) -> None:
        self.path = path
        text, self.doc = toml.load(data, path)
        try:
            self.where = toml.TomlLines(text)
        except (IndexError, KeyError, ValueError):  # pragma: no cover (a TOML form it does not know)
            # lines unknown: line 1 for each, never a traceback
            self.where = toml.TomlLines('')

    def key_line(self, *key: object) -> int:
        return self.where.keys.get(key, 1)

    def table(self, *key: str) -> dict[str, object] | None:
        value: object = self.doc
        for k in key:
            if not isinstance(value, dict) or k not in value:
                return None
            value = value[k]
        if not isinstance(value, dict):
            raise BadInput(self.path, self.key_line(*key), f'[{".".join(key)}] must be a table')
        return value

    def strings(self, key: tuple[str, ...], *, includes: bool = False) -> list[tuple[tuple[object, ...], int, object]]:
        """(key path, line, item) of the array at ``key``: strings (or, with
        ``includes``, ``{include-group = ...}`` tables)."""
        value: object = self.doc
        for k in key:
            value = value[k]  # type: ignore[index]
        what = 'a list of strings' if not includes else 'a list of strings and {include-group = ...} tables'
        if not isinstance(value, list):
            raise BadInput(self.path, self.key_line(*key), f'{".".join(key)} must be {what}')
        items = []
        for n, item in enumerate(value):
            line = self.where.values.get(key + (n,), 1)
            if isinstance(item, str):
                items.append((key + (n,), line, _check_text_or_empty(item, self.path, line)))
            elif includes and isinstance(item, dict):
                if list(item) != ['include-group'] or not isinstance(item['include-group'], str):
                    raise BadInput(self.path, line, f'{".".join(key)}: a table item must be {{include-group = "name"}}')
                items.append((key + (n,), line, item))
            else:
                raise BadInput(self.path, line, f'{".".join(key)} must be {what}, found {type(item).__name__} {item!r}')
        return items


def _check_text_or_empty(text: str, path: str, line: int) -> str:
    if not text.strip():
        raise BadInput(path, line, 'empty requirement string')
    return _check_text(text, path, line)


def read_pyproject(
        data: bytes, path: str, extras: list[str] = (),  # type: ignore[assignment]
        all_extras: bool = False, groups: list[str] = (),  # type: ignore[assignment]
        *, project: bool = True, unknown_extras_ok: bool = False,
) -> tuple[list[requirements.InputFile], list[Computed]]:
    """The requirements of a pyproject.toml: ``[project] dependencies``, the
    chosen ``extras`` (all with ``all_extras``) and dependency ``groups``.
    ``project=False`` reads the groups alone (``uv pip compile --group x``
    with no source file); ``unknown_extras_ok`` as pip-compile, which
    ignores an ``--extra`` the project does not have."""
    p = _Pyproject(data, path)
    found: dict[tuple[object, ...], pip_syntax.Line] = {}  # a string is read once
    computed: list[Computed] = []

    def add(where: tuple[object, ...], line: int, text: str) -> None:
        found.setdefault(where + (text,), pip_syntax.Line(path, line, text, '', False))

    if project:
        _read_project(p, extras, all_extras, unknown_extras_ok, add, computed)
    if groups:
        _read_groups(p, groups, add)
    lines = sorted(found.values(), key=lambda line: line.lineno)
    return [requirements.InputFile(path, 'in', lines)], computed


def _read_project(p: _Pyproject, extras, all_extras, unknown_ok, add, computed) -> None:  # type: ignore[no-untyped-def]
    table = p.table('project')
    if table is None:
        computed.append(Computed(p.path, 1, NOT_BUILT))
        return
    dynamic: object = table.get('dynamic', [])
    if not isinstance(dynamic, list) or not all(isinstance(d, str) for d in dynamic):
        raise BadInput(p.path, p.key_line('project', 'dynamic'), 'project.dynamic must be a list of strings')
    key = ('project', 'optional-dependencies')
    extras_dynamic = 'optional-dependencies' in dynamic
    by_name = {} if extras_dynamic else {pip_syntax.normalize(k): k for k in p.table(*key) or {}}
    wanted = [pip_syntax.normalize(e) for e in extras]
    for name in wanted:
        if not extras_dynamic and name not in by_name and not unknown_ok:
            raise BadInput(p.path, p.key_line(*key), f'--extra {name}: no such extra in [project.optional-dependencies]')
    own = table.get('name')
    own = pip_syntax.normalize(own) if isinstance(own, str) else None
    gone: list[str] = []
    done: set[tuple[str, str]] = set()

    def extra(name: str, marker: str) -> None:
        if extras_dynamic:
            gone.append('optional-dependencies')
        elif name in by_name and (name, marker) not in done:
            done.add((name, marker))
            read(key + (by_name[name],), marker)

    def read(array: tuple[str, ...], marker: str) -> None:
        for where, line, text in p.strings(array):
            assert isinstance(text, str)
            if own is not None and _name_of(text) == own:
                # myproj[lint]: the requirements of extra lint (see the docstring)
                _, its = _split_marker(text)
                for name in _extras_of(text):
                    extra(name, f'({marker}) and ({its})' if marker and its else marker or its)
                continue
            add(where, line, _add_marker(text, marker))

    if 'dependencies' in dynamic:
        gone.append('dependencies')
    elif 'dependencies' in table:
        read(('project', 'dependencies'), '')
    for name in list(by_name) if all_extras else wanted:
        extra(name, '')
    if all_extras and extras_dynamic:
        gone.append('optional-dependencies')
    if gone:
        what = ' and '.join(w for w in ('dependencies', 'optional-dependencies') if w in gone)
        computed.append(Computed(
            p.path, p.key_line('project', 'dynamic'),
            f'not checked: {what} are dynamic (dynamic = {dynamic!r})',
        ))


def _read_groups(p: _Pyproject, groups, add) -> None:  # type: ignore[no-untyped-def]
    key = ('dependency-groups',)
    table = p.table(*key) or {}
    by_name: dict[str, str] = {}
    for k in table:
        if pip_syntax.normalize(k) in by_name:
            raise BadInput(p.path, p.key_line(*key, k), f'dependency group {k!r} is defined twice ({by_name[pip_syntax.normalize(k)]!r})')
        by_name[pip_syntax.normalize(k)] = k
    for name in groups:
        if pip_syntax.normalize(name) not in by_name:
            raise BadInput(p.path, p.key_line(*key), f'--group {name}: no such dependency group in [dependency-groups]')
    done: set[str] = set()

    def read(group: str, stack: tuple[str, ...]) -> None:
        for where, line, item in p.strings(key + (by_name[group],), includes=True):
            if isinstance(item, str):
                add(where, line, item)
                continue
            assert isinstance(item, dict)
            target = pip_syntax.normalize(item['include-group'])
            if target not in by_name:
                raise BadInput(p.path, line, f'dependency group {by_name[group]!r} includes {item["include-group"]!r}, which does not exist')
            if target in stack:
                chain = ' -> '.join(by_name[g] for g in stack + (target,))
                raise BadInput(p.path, line, f'dependency group include cycle ({chain})')
            read(target, stack + (target,))
        done.add(group)

    for name in groups:
        n = pip_syntax.normalize(name)
        if n not in done:
            read(n, (n,))


# --- setup.cfg --------------------------------------------------------------------

def _config(text: str, path: str):  # type: ignore[no-untyped-def]
    """The ConfigParser setuptools reads setup.cfg with."""
    import configparser

    parser = configparser.ConfigParser()
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text, path)
    except configparser.MissingSectionHeaderError as e:
        raise BadInput(path, e.lineno, 'cannot read setup.cfg: a line before any [section] header') from None
    except configparser.ParsingError as e:
        raise BadInput(path, e.errors[0][0] if e.errors else 1, 'cannot read setup.cfg: not an option, a [section] or a comment') from None
    except (configparser.DuplicateOptionError, configparser.DuplicateSectionError) as e:
        what = f'option {e.option!r} in [{e.section}]' if isinstance(e, configparser.DuplicateOptionError) else f'[{e.section}]'
        raise BadInput(path, e.lineno or 1, f'cannot read setup.cfg: {what} is given twice') from None
    except configparser.Error as e:  # pragma: no cover (no other error of read_string)
        raise BadInput(path, 1, f'cannot read setup.cfg: {e.message.splitlines()[0]}') from None
    return parser


def _cfg_get(parser, section: str, option: str, path: str, line: int) -> str:  # type: ignore[no-untyped-def]
    import configparser
    try:
        return parser.get(section, option)  # type: ignore[no-any-return]
    except configparser.Error as e:
        raise BadInput(path, line, f'cannot read setup.cfg: {e.message.splitlines()[0]}') from None


def _cfg_options(text: str) -> dict[tuple[str, str], list[tuple[int, str]]]:
    """(section, option) -> the (line, text) of each physical line of its
    value: the option's line, then its continuation lines; (section, '[')
    -> the line of the section's header.  As
    configparser: a line indented deeper than its option continues it, a
    blank line does not end it, comment lines are not part of it."""
    options: dict[tuple[str, str], list[tuple[int, str]]] = {}
    section = None
    current: list[tuple[int, str]] | None = None
    indent = 0
    for n, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(('#', ';')):
            continue
        level = len(raw) - len(raw.lstrip())
        if current is not None and level > indent:
            current.append((n, stripped))
            continue
        current = None
        if stripped.startswith('[') and ']' in stripped:
            section = stripped[1:stripped.rindex(']')]
            options.setdefault((section, '['), [(n, '')])  # the header's line
            continue
        cut = min((i for i in (stripped.find('='), stripped.find(':')) if i >= 0), default=-1)
        if section is None or cut < 0:
            continue
        option = stripped[:cut].strip()
        current = [(n, stripped[cut + 1:].strip())]
        options.setdefault((section, option), current)
        indent = level
    return options


def _cfg_requirements(parser, where, section: str, option: str, path: str):  # type: ignore[no-untyped-def]
    """The (line, text) of the requirements of one option, as setuptools'
    ``_parse_requirements_list``; a ``file:`` directive gives None."""
    physical = where.get((section, option)) or [(1, '')]
    value = _cfg_get(parser, section, option, path, physical[0][0])
    if value.startswith('file:'):
        return None
    if '\n' in value:
        chunks = [c.strip() for c in value.splitlines() if c.strip()]
        raw = [(n, t) for n, t in physical if t]
        lines = [n for n, _ in raw] if len(raw) == len(chunks) else [physical[0][0]] * len(chunks)
    else:
        chunks = [c.strip() for c in value.split(';') if c.strip()]
        lines = [next((n for n, t in physical if t), physical[0][0])] * len(chunks)
    found = []
    for n, chunk in zip(lines, chunks):
        if chunk.startswith('#'):
            continue
        chunk = chunk.partition(' #')[0].strip()  # setuptools drops ' #' comments
        if chunk:
            found.append((n, _check_text(chunk, path, n)))
    return found


def read_setup_cfg(
        data: bytes, path: str, extras: list[str] = (),  # type: ignore[assignment]
        all_extras: bool = False, *, unknown_extras_ok: bool = False,
) -> tuple[list[requirements.InputFile], list[Computed]]:
    """The requirements of a setup.cfg: ``[options] install_requires`` and
    the chosen ``[options.extras_require]``."""
    text = decode(data, path)
    parser = _config(text, path)
    where = _cfg_options(text)
    found: dict[int, list[pip_syntax.Line]] = {}
    computed: list[Computed] = []

    def read(section: str, option: str, label: str) -> None:
        reqs = _cfg_requirements(parser, where, section, option, path)
        line = (where.get((section, option)) or [(1, '')])[0][0]
        if reqs is None:
            value = _cfg_get(parser, section, option, path, line)
            computed.append(Computed(path, line, f'not checked: {label} is read from a file ({value})'))
            return
        for n, req in reqs:
            found.setdefault(n, [])
            line_ = pip_syntax.Line(path, n, req, '', False)
            if line_ not in found[n]:
                found[n].append(line_)

    for option in ('install_requires', 'install-requires'):
        if parser.has_option('options', option):
            read('options', option, option)
            break
    section = 'options.extras_require'
    if extras or all_extras:
        have = {pip_syntax.normalize(o): o for o in parser.options(section)} if parser.has_section(section) else {}
        wanted = list(have) if all_extras else [pip_syntax.normalize(e) for e in extras]
        for name in wanted:
            if name not in have:
                if unknown_extras_ok:
                    continue
                line = where.get((section, '['), [(1, '')])[0][0]
                raise BadInput(path, line, f'--extra {name}: no such extra in [{section}]')
            read(section, have[name], f'extras_require {have[name]}')
    lines = [line for n in sorted(found) for line in found[n]]
    return [requirements.InputFile(path, 'in', lines)], computed


def read_setup_py(path: str) -> list[Computed]:
    """setup.py: its dependencies are whatever running it says."""
    return [Computed(path, 1, SETUP_PY)]
