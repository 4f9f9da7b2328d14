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


def compiler_for(project: Compiled, chosen: str | None, command: str | None, extra: list[str], root: str) -> tuple[Compiler, str, str]:
    """(compiler, folder it runs in, output relative to it): ``--command``
    runs in the output's folder; otherwise the recorded command is replayed
    where it ran, with its options (``--generate-hashes``, ``--extra``...)
    and the arguments after ``--``.  Raises CompileError."""
    def folder(rel: str) -> str:
        return os.path.join(root, *rel.split('/')) if rel else root

    if command is not None:
        compiler = make_compiler('pip-tools', command, extra)
        return compiler, folder(project.dir), posixpath.basename(project.output)
    locker = lock_compiler(project, extra) if chosen is None else None
    if locker is not None:  # pip lock, uv export, pdm export: as recorded
        return locker, folder(project.cwd), posixpath.relpath(project.output, project.cwd or '.')
    tool = tool_for(project, chosen) or 'pip-tools'
    cwd = project.cwd
    recorded = project.recorded
    same_tool = recorded is not None and (recorded.tool == 'uv') == (tool == 'uv')
    recorded_options = replayed(recorded.options, extra) if same_tool and recorded is not None else []
    sources = [posixpath.relpath(s, cwd or '.') for s in project.sources]
    compiler = make_compiler(tool, None, [*recorded_options, *extra], sources=sources)
    return compiler, folder(cwd), posixpath.relpath(project.output, cwd or '.')
