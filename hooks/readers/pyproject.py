"""The requirements pip-compile and ``uv pip compile`` take from a
``pyproject.toml`` (:func:`read_pyproject`), each on the line of the file
where its requirement string stands.

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

tomllib gives no positions: :class:`hooks.readers.toml.TomlLines` walks
the (already validated) TOML text and notes the line of every value by its
key path.
"""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence

from hooks.readers import pip_syntax
from hooks.readers import requirements
from hooks.readers import toml
from hooks.readers.metadata import add_marker
from hooks.readers.metadata import check_text
from hooks.readers.metadata import Computed
from hooks.readers.metadata import extras_of
from hooks.readers.metadata import name_of
from hooks.readers.metadata import NOT_BUILT
from hooks.readers.metadata import split_marker
from hooks.report import BadInput

Add = Callable[[tuple[object, ...], int, str], None]


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
        items: list[tuple[tuple[object, ...], int, object]] = []
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
    return check_text(text, path, line)


def read_pyproject(
        data: bytes, path: str, extras: Sequence[str] = (),
        all_extras: bool = False, groups: Sequence[str] = (),
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


def _read_project(
        p: _Pyproject, extras: Sequence[str], all_extras: bool, unknown_ok: bool, add: Add, computed: list[Computed],
) -> None:
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
            if own is not None and name_of(text) == own:
                # myproj[lint]: the requirements of extra lint (see the docstring)
                _, its = split_marker(text)
                for name in extras_of(text):
                    extra(name, f'({marker}) and ({its})' if marker and its else marker or its)
                continue
            add(where, line, add_marker(text, marker))

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


def _read_groups(p: _Pyproject, groups: Sequence[str], add: Add) -> None:
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
