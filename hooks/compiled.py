"""Compiled files: an output (requirements.txt, requirements/dev.txt, ...)
with its inputs, the tool that wrote it and the options it was written with
(README.md, "Layouts").

Found in the snapshot in this order, each output claimed once:

1. a tracked ``.txt`` file whose header records the command that wrote it
   (pip-compile, ``uv pip compile``; hooks.readers.header reads it), or,
   in a uv project, ``uv export --no-header`` output without a ``NAME.in``
   beside it (hooks.readers.uv_export_txt);
2. ``NAME.in`` with ``NAME.txt`` beside it (pip-compile's default output
   name: pip-reqs output, ``--no-header`` files);
3. the Divio folder (hooks.project): requirements.txt beside
   requirements.in, with the addons list (addons/*/addon.json,
   settings.py) -- found by rule 1 or 2, marked ``divio`` here.

An input without an output is unpinned, which is allowed; only
``requirements-compile --create`` looks at those (a ``requirements.in``, or
a ``*.in`` named like requirements or kept in a ``requirements/`` folder).
"""
from __future__ import annotations

import os
import posixpath

from hooks.finding import Finding
from hooks.project import addon_jsons
from hooks.project import folder_given
from hooks.project import inside
from hooks.project import join
from hooks.project import REQUIREMENTS_IN
from hooks.project import REQUIREMENTS_TXT
from hooks.project import SETTINGS_PY
from hooks.readers import header
from hooks.readers import recorded_paths
from hooks.report import BadInput
from hooks.snapshot import PRUNE
from hooks.snapshot import Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable


class Compiled:
    """One compiled file, the unit of work of both requirement hooks
    (README.md, "Layouts"), immutable: built whole by :func:`discover` (or
    :meth:`configured`), never changed after.  (A plain class with
    ``__slots__``, not a NamedTuple or dataclass: the everyday
    ``requirements-fresh`` imports neither typing nor collections nor
    dataclasses; README.md, "Benchmarks".)

    ``output``: its repo-relative path; ``sources``: the repo-relative input
    files the compiler is given (requirement files, pyproject.toml,
    setup.cfg, setup.py); ``cwd``: the repo-relative folder the recorded
    command ran in (its paths are relative to it); ``recorded``: the
    header's command (hooks.readers.header.Recorded) or None; ``options``:
    the recorded options, and what the tool's configuration adds once
    :meth:`configured` read it; ``divio``: the output is a Divio folder's
    requirements.txt (hooks.project), so the addons list applies; ``dir``:
    the output's folder, which the fingerprint's keys are relative to.
    Equal, hashed and ordered by ``output``."""
    __slots__ = ('output', 'sources', 'cwd', 'recorded', 'options', 'divio', 'dir')

    output: str
    sources: tuple[str, ...]
    cwd: str
    recorded: header.Recorded | None
    options: tuple[str, ...]
    divio: bool
    dir: str

    def __init__(
            self, output: str, sources: Iterable[str], cwd: str = '',
            recorded: header.Recorded | None = None,
            options: Iterable[str] | None = None,
    ) -> None:
        init = object.__setattr__
        init(self, 'output', output)
        init(self, 'sources', tuple(sources))
        init(self, 'cwd', cwd)
        init(self, 'recorded', recorded)
        if options is None:
            options = recorded.options if recorded is not None else ()
        init(self, 'options', tuple(options))
        folder = posixpath.dirname(output)
        init(self, 'dir', folder)
        init(self, 'divio', (
            posixpath.basename(output) == REQUIREMENTS_TXT
            and self.sources == (join(folder, REQUIREMENTS_IN),)
        ))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f'Compiled is immutable: cannot set {name}')

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f'Compiled is immutable: cannot delete {name}')

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Compiled) and other.output == self.output

    def __lt__(self, other: Compiled) -> bool:
        return self.output < other.output

    def __hash__(self) -> int:
        return hash(self.output)

    def __repr__(self) -> str:
        return f'Compiled({self.output!r}, {list(self.sources)!r}, cwd={self.cwd!r})'

    def path(self, name: str) -> str:
        """``name`` in the output's folder."""
        return join(self.dir, name)

    @property
    def label(self) -> str:
        """The output's folder as ``--project`` takes it."""
        return self.dir or '.'

    @property
    def first_source(self) -> str:
        """The first input (a Divio folder's requirements.in)."""
        return self.sources[0] if self.sources else self.path(REQUIREMENTS_IN)

    @property
    def settings_py(self) -> str | None:
        """The Divio addons list's settings.py; None: not a Divio output."""
        return self.path(SETTINGS_PY) if self.divio else None

    def addon_jsons(self, files: list[str]) -> list[str]:
        """The Divio addons list's ``addons/*/addon.json`` among ``files``
        (the snapshot's file list), sorted; none for other outputs."""
        return addon_jsons(self.dir, files) if self.divio else []

    def configured(self, read: Callable[[str], bytes | None]) -> Compiled:
        """This compiled file with the options the tool's configuration sets
        and the header leaves out (``[tool.pip-tools]``, ``.pip-tools.toml``,
        ``[tool.uv]``; README.md, "What is read"), read through ``read``.
        Read only by a full check or a compile, not by :func:`discover`: the
        fingerprint covers the everyday case without TOML (no tomllib on the
        fast path), and a broken configuration file only matters where it is
        read.  Raises BadInput."""
        if self.recorded is None or self.recorded.tool not in (header.PIP_COMPILE, header.UV):
            return self  # pip-compile-multi, pylock.toml's producers: none read here
        from hooks.readers import compiler_config  # tomllib: off the fast path
        folder = posixpath.dirname(self.sources[0]) if self.sources else self.cwd
        options = list(self.options)
        for word in compiler_config.config(read, folder, self.recorded.tool):
            if word not in options:
                options.append(word)
        return Compiled(self.output, self.sources, self.cwd, self.recorded, options)

    def has(self, option: str) -> bool:
        """Whether the options hold ``option`` (``--generate-hashes``) or
        ``option=VALUE``."""
        return any(o == option or o.startswith(option + '=') for o in self.options)

    def values(self, option: str) -> list[str]:
        return [o.partition('=')[2] for o in self.options if o.startswith(option + '=')]

    @property
    def tool(self) -> str | None:
        return self.recorded.tool if self.recorded is not None else None

    def with_options(self, words: tuple[str, ...] | list[str]) -> Compiled:
        """This compiled file as if its command also recorded ``words``
        (right after the subcommand): the options a header-less ``uv
        export`` was judged with (hooks.rules.uv_export), which its fix
        line prints and requirements-compile replays."""
        if self.recorded is None or not words:
            return self
        argv = self.recorded.argv
        at = 2 if argv[1:2] == ['export'] else 1
        recorded = header.from_words([*argv[:at], *words, *argv[at:]], self.recorded.line)
        return self if recorded is None else Compiled(self.output, self.sources, self.cwd, recorded)

    def fix_words(self) -> list[str]:
        """The command that recompiles this output as it was compiled: the
        recorded one, run in :attr:`cwd`; else pip-compile's default, run at
        the repository root (it writes NAME.txt beside NAME.in).  Printed
        by hooks.fix_line."""
        if self.recorded is None:
            src = self.first_source
            if self.output == posixpath.splitext(src)[0] + '.txt':
                return ['pip-compile', src]
            return ['pip-compile', f'--output-file={self.output}', src]
        return list(self.recorded.argv)


def _within(folder: str, top: str) -> bool:
    """Whether ``folder`` is ``top`` or below it ('' is the root)."""
    return not top or folder == top or folder.startswith(top + '/')


def _pruned(path: str) -> bool:
    return bool(PRUNE.intersection(path.split('/')[:-1]))


def _wanted_unpinned(path: str) -> bool:
    """An ``.in`` without its ``.txt`` that --create compiles: not any
    ``.in`` (MANIFEST.in, config.h.in) but requirement inputs by name."""
    folder, name = posixpath.split(path)
    return (
        name == REQUIREMENTS_IN or name.startswith('requirements')
        or posixpath.basename(folder) == 'requirements'
    )


UV_LOCK_FILE = recorded_paths.UV_LOCK_FILE


def discover(
        snapshot: Snapshot,
        only: list[str] | None = None,
        outputs: list[str] | None = None,
        files: list[str] | None = None,
        create: bool = False,
) -> tuple[list[Compiled], list[Finding]]:
    """The compiled files of the snapshot, sorted by output, and the
    notices discovery has (a header whose inputs are nowhere).  ``only``:
    ``--project`` folders (relative to the current folder): outputs that lie
    in one of them; ``outputs``: output files named on the command line,
    each of which must exist (with ``create``: or be an unpinned input's).
    Compiled files whose output does not exist yet (an unpinned input) are
    included with ``exists`` false for ``--create``."""
    files = snapshot.files() if files is None else files
    fileset = set(files)
    found: dict[str, Compiled] = {}
    notices: list[Finding] = []
    named_sources: set[str] = set()

    for f in files:
        if f.endswith('.toml') and posixpath.basename(f).startswith('pylock.') and _is_pylock(f) and not _pruned(f):
            located = _pylock(snapshot, f, fileset)
            if isinstance(located, Finding):
                notices.append(located)
            elif located is not None:
                named_sources.update(located.sources)
                found[f] = located
            continue
        if not f.endswith('.txt') or _pruned(f):
            folder = posixpath.dirname(f)
            if posixpath.basename(f) == UV_LOCK_FILE and not _pruned(f) and join(folder, 'pyproject.toml') in fileset:
                # uv.lock against the pyproject.toml files it records
                found[f] = Compiled(f, [f, join(folder, 'pyproject.toml')], folder, header.Recorded(header.UV_LOCK, 1, ['uv', 'lock']))
            continue
        try:
            data = snapshot.read(f)
        except BadInput:
            continue  # not ours to judge (a symlink out, a special file): only named inputs are
        if not data:
            continue
        if not header.may_record(data):
            if f[:-4] + '.in' not in fileset:
                # uv export --no-header output of a uv project, or none
                from hooks.readers import uv_export_txt
                exported = uv_export_txt.locate(f, data, fileset.__contains__)
                if isinstance(exported, Finding):
                    notices.append(exported)
                elif exported is not None:
                    named_sources.update(exported[1])
                    found[f] = Compiled(f, exported[1], exported[0], exported[2])
            continue
        text = header.head_text(data)
        recorded = header.read(text, f)
        if recorded is None:
            unread = header.unread_command(text)
            if unread is not None and f[:-4] + '.in' not in fileset:
                # a lock no rule can judge: never passed in silence
                notices.append(Finding(f, unread[0], f'not checked: its header records {unread[1]!r}, no command this hook can judge', severity='notice'))
            continue
        where = recorded_paths.locate(recorded, f, fileset.__contains__)
        if isinstance(where, Finding):
            notices.append(where)
            continue
        cwd, sources, _ = where
        named_sources.update(sources)
        found[f] = Compiled(f, sources, cwd, recorded)

    for f in files:
        if not f.endswith('.in') or _pruned(f):
            continue
        txt = f[:-3] + '.txt'
        if txt in found:
            continue
        if txt in fileset or (_wanted_unpinned(f) and f not in named_sources):
            found[txt] = Compiled(txt, [f], posixpath.dirname(f))

    chosen = sorted(found.values())
    if only:
        dirs = [folder_given(snapshot, given, files) for given in only]
        chosen = [c for c in chosen if any(_within(c.dir, d) for d in dirs)]
    if outputs:
        wanted = {}
        for given in outputs:
            rel = os.path.relpath(os.path.abspath(given), snapshot.root)
            try:
                wanted[inside(rel.replace(os.sep, '/'))] = given
            except ValueError:
                raise BadInput(given, 0, 'is outside the repository') from None
        for path, given in wanted.items():
            if path not in fileset and not (path in found and create):
                raise BadInput(given, 0, f'no such file in {snapshot.label}')
            if path not in found:
                raise BadInput(given, 0, 'not a compiled requirements file: no recorded pip-compile or uv command, and no .in file of its name beside it')
        chosen = [c for c in chosen if c.output in wanted]
    return chosen, notices


def _is_pylock(path: str) -> bool:
    from hooks.readers import pylock  # imported where a file is named like one
    return pylock.is_pylock(path)


def _pylock(snapshot: Snapshot, f: str, fileset: set[str]) -> Compiled | Finding | None:
    """A pylock.toml (PEP 751) as a compiled file (hooks.readers.pylock)."""
    from hooks.readers import pylock
    try:
        data = snapshot.read(f)
    except BadInput:
        return None
    if not data:
        return None
    # the header, and the lines below it that name the lock's producer
    where = pylock.locate(f, header.head_text(data, header.HEADER_BYTES), fileset.__contains__)
    if where is None or isinstance(where, Finding):
        return where
    cwd, sources, recorded = where
    return Compiled(f, sources, cwd, recorded)


def constrained_first(compiled: list[Compiled], constraints: dict[str, set[str]]) -> list[Compiled]:
    """``compiled`` ordered so that an output others constrain with (``-c
    base.txt``) comes before them.  ``constraints``: output -> the outputs
    its inputs constrain with."""
    by_output = {c.output: c for c in compiled}
    done: list[Compiled] = []
    seen: set[str] = set()
    for root in compiled:
        if root.output in seen:
            continue
        # depth first without recursion (a chain of thousands of layers);
        # an output already on the path is a cycle, not followed
        path = [(root, iter(sorted(constraints.get(root.output, ()))))]
        on_path = {root.output}
        while path:
            c, deps = path[-1]
            for dep in deps:
                if dep in by_output and dep not in seen and dep not in on_path:
                    path.append((by_output[dep], iter(sorted(constraints.get(dep, ())))))
                    on_path.add(dep)
                    break
            else:
                path.pop()
                on_path.discard(c.output)
                seen.add(c.output)
                done.append(c)
    return done
