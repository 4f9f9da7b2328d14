"""``requirements-compile`` for uv.lock and ``uv export`` output (README.md,
"`requirements-compile`"): ``uv lock``, and the recorded ``uv export``
command replayed word for word where it ran (uv locks first unless
``--frozen``; uv writes the file and records the same header as a hand run),
with the arguments after ``--`` added.

The replay is an allow-list: only options that shape the output are
replayed, index options only when they point at a URL or inside the
repository; any other recorded option refuses the output (exit 2) and names
how to pass it deliberately (after ``--``, where arguments are trusted).
"""
from __future__ import annotations

import os
import posixpath

from hooks.compile.changes import describe_changes
from hooks.compile.command import find_program
from hooks.compile.command import uv_missing
from hooks.compile.errors import CompileError
from hooks.compile.failure import failed
from hooks.compile.replay import INDEX_OPTIONS
from hooks.compile.replay import replayed
from hooks.compile.runner import run
from hooks.compiled import Compiled
from hooks.finding import Verdict
from hooks.readers.header import UV_EXPORT_VALUED
from hooks.readers.header import UV_LOCK
from hooks.readers.header import UV_SHORT
from hooks.report import BadInput
from hooks.report import FINDING
from hooks.report import OK
from hooks.report import Report

# uv export's options that shape what it writes (or how it reads the lock)
SHAPING = frozenset((
    '--format', '--no-dev', '--dev', '--extra', '--all-extras', '--no-extra',
    '--group', '--no-group', '--only-group', '--all-groups', '--only-dev',
    '--no-default-groups', '--package', '--all-packages', '--no-emit-project',
    '--no-emit-workspace', '--no-emit-package', '--no-hashes', '--no-header',
    '--no-annotate', '--prune', '--frozen', '--locked', '--no-editable',
    '--offline', '--no-cache', '--no-progress', '--quiet',
))


def refused(project: Compiled, extra: list[str]) -> str | None:
    """The first recorded option that is not replayed, or None."""
    recorded = project.recorded
    if recorded is None or recorded.tool == UV_LOCK:
        return None
    for option in replayed(recorded.options, extra):
        name, _, value = option.partition('=')
        if name in SHAPING:
            continue
        if name in INDEX_OPTIONS and (not value or value.startswith(('https://', 'http://')) or _inside(value, project.cwd)):
            continue
        return option
    return None


def _inside(path: str, cwd: str) -> bool:
    if path.startswith(('/', '~')) or '://' in path:
        return False
    norm = posixpath.normpath(posixpath.join(cwd, path))
    return norm != '..' and not norm.startswith('../')


def argv(project: Compiled, uv: str, extra: list[str]) -> list[str]:
    """The command to run: ``uv lock``, or the recorded export word for
    word, less the options ``--`` overrides, with ``extra`` added."""
    recorded = project.recorded
    if recorded is None or recorded.tool == UV_LOCK:
        return [uv, 'lock', *extra]
    kept = set(replayed(recorded.options, extra))
    words = recorded.argv[1:]
    out: list[str] = []
    i = 0
    while i < len(words):
        group = [words[i]]
        i += 1
        word = group[0]
        if not word.startswith('-') or word == '-':
            out.append(word)  # the subcommand
            continue
        name, eq, value = word.partition('=')
        if not word.startswith('--'):
            name = UV_SHORT.get(word[:2], word)
            value = word[2:].removeprefix('=') if len(word) > 2 else ''
            eq = '=' if value else ''
        if not eq and name in UV_EXPORT_VALUED and i < len(words):
            group.append(words[i])
            value = words[i]
            i += 1
            eq = '='
        if name == '--output-file' or (f'{name}={value}' if eq else name) in kept:
            out.extend(group)
    return [uv, *out, *extra]


def recompile(root: str, project: Compiled, verdict: Verdict, extra: list[str], report: Report, verbose: bool = False) -> int:
    """Replay uv for one stale file; the exit code it asks for."""
    option = refused(project, extra)
    if option is not None:
        name = option.partition('=')[0]
        line = project.recorded.line if project.recorded is not None else 1
        report.bad(BadInput(
            project.output, line,
            f'the header records {option}, which requirements-compile does not replay; pass it after -- to use it deliberately ({name} ...)',
        ))
        return 2
    uv = find_program('uv')
    if uv is None:
        line = project.recorded.line if project.recorded is not None else 1
        report.bad(BadInput(project.output, line, uv_missing(project.output, 'uv lock' if project.tool == UV_LOCK else 'uv export')))
        return 2
    command = argv(project, uv, extra)
    name = 'uv lock' if command[1] == 'lock' else 'uv export'
    report.line(f'{project.output}: stale, recompiling with {name}:')
    full = os.path.join(root, *project.output.split('/'))
    with open(full, 'rb') as f:
        old = f.read()
    cwd = os.path.join(root, *project.cwd.split('/')) if project.cwd else root
    try:
        run(command, cwd, name)
    except CompileError as e:
        failed(report, project.output, e, verbose)  # one or two lines
        return 2
    with open(full, 'rb') as f:
        new = f.read()
    if new == old:
        report.line('  unchanged')
        return OK
    if name == 'uv export':
        for change in describe_changes(old, new, project.output):
            # no fingerprint in an export: the same pins, other annotations
            report.line('  pins unchanged; annotations updated' if change.startswith('pins unchanged') else f'  {change}')
    else:
        report.line('  rewritten')
    return FINDING
