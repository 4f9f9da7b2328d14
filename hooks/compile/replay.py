"""Replaying the command a compiled file's header records (README.md,
"`requirements-compile`"): where it ran, its input files and its options,
with the arguments given after ``--`` overriding the recorded ones.
"""
from __future__ import annotations

import os
import posixpath

from hooks.compile.command import Compiler
from hooks.compile.command import make_compiler
from hooks.compile.lock_replay import lock_compiler
from hooks.compile.tool import tool_for
from hooks.compiled import Compiled

INDEX_OPTIONS = frozenset((
    '-i', '--index-url', '--extra-index-url', '--no-index', '-f', '--find-links',
    '--index', '--default-index',
))


def replayed(recorded: list[str], extra: list[str]) -> list[str]:
    """The recorded options that the arguments after ``--`` leave: those
    override an option of the same name, and any index option given there
    replaces every recorded one (where packages come from is one choice)."""
    given = {a.partition('=')[0] for a in extra if a.startswith('-')}
    new_index = bool(given & INDEX_OPTIONS)
    kept = []
    for option in recorded:
        name = option.partition('=')[0]
        if name in given or (new_index and name in INDEX_OPTIONS):
            continue
        kept.append(option)
    return kept


def compiler_for(project: Compiled, chosen: str | None, command: str | None, extra: list[str], root: str, python: str | None = None) -> tuple[Compiler, str, str]:
    """(compiler, folder it runs in, output relative to it): ``--command``
    runs in the output's folder; otherwise the recorded command is replayed
    where it ran, with its options (``--generate-hashes``, ``--extra``...)
    and the arguments after ``--``, and the header names it as it was
    written.  ``python``: X.Y to compile for (uv's ``--python-version``,
    rule 8's fix; then recorded in the header).  Raises CompileError."""
    def folder(rel: str) -> str:
        return os.path.join(root, *rel.split('/')) if rel else root

    if command is not None:
        compiler = make_compiler('pip-tools', command, extra)
        return compiler, folder(project.dir), posixpath.basename(project.output)
    locker = lock_compiler(project, extra) if chosen is None else None
    if locker is not None:  # pip lock, pdm export: as recorded
        return locker, folder(project.cwd), posixpath.relpath(project.output, project.cwd or '.')
    tool = tool_for(project, chosen) or 'pip-tools'
    cwd = project.cwd
    recorded = project.recorded
    same_tool = recorded is not None and (recorded.tool == 'uv') == (tool == 'uv')
    recorded_options = replayed(recorded.options, extra) if same_tool and recorded is not None else []
    header = recorded.command if same_tool and recorded is not None and _keeps_header(extra) else None
    if python is not None and tool == 'uv':
        recorded_options = [o for o in recorded_options if o.partition('=')[0] != PYTHON_VERSION]
        recorded_options.append(f'{PYTHON_VERSION}={python}')
        header = with_python_version(header, python) if header is not None else None
    sources = [posixpath.relpath(s, cwd or '.') for s in project.sources]
    compiler = make_compiler(tool, None, [*recorded_options, *extra], sources=sources, header=header)
    return compiler, folder(cwd), posixpath.relpath(project.output, cwd or '.')


PYTHON_VERSION = '--python-version'
# options after ``--`` that say where packages come from and whether the
# output names it: the header still names the command as recorded
HEADER_NEUTRAL = INDEX_OPTIONS | frozenset((
    '--trusted-host', '--emit-index-url', '--no-emit-index-url',
    '--emit-find-links', '--no-emit-find-links', '--emit-trusted-host',
    '--no-emit-trusted-host',
))


def _keeps_header(extra: list[str]) -> bool:
    """Whether the header may name the recorded command with ``extra``
    given after ``--``: only where packages come from changes (any other
    option changes the command, and the compiler names what ran)."""
    return all(a.partition('=')[0] in HEADER_NEUTRAL for a in extra if a.startswith('-'))


def with_python_version(command: str, python: str) -> str:
    """A recorded uv command (words joined by spaces, as uv writes it)
    compiling for ``python``: its ``--python-version`` value replaced, or
    ``--python-version X.Y`` added at the end, as a user would type it."""
    words = command.split(' ')
    for i, word in enumerate(words):
        if word == PYTHON_VERSION and i + 1 < len(words):
            words[i + 1] = python
            return ' '.join(words)
        if word.startswith(f'{PYTHON_VERSION}='):
            words[i] = f'{PYTHON_VERSION}={python}'
            return ' '.join(words)
    return f'{command} {PYTHON_VERSION} {python}'
