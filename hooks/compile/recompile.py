"""Recompiling the stale compiled files, and saying what changed (README.md,
"`requirements-compile`").

Files that constrain with others (``-c base.txt``) go after them; when one
is rewritten, those constraining with it are recompiled too.  The compiler
writes the working tree; the fingerprint stamped is that of the inputs it
read there.  Imported only once a file is stale: the fast path starts no
compiler.
"""
from __future__ import annotations

import os
from collections.abc import Callable

from hooks import compiled as compiled_mod
from hooks import fingerprint
from hooks import inputs as inputs_mod
from hooks.atomic import Locked
from hooks.check import check
from hooks.compile.changes import describe_changes
from hooks.compile.command import Compiler
from hooks.compile.errors import CompileError
from hooks.compile.errors import Terminated
from hooks.compile.replace import compile_project
from hooks.compile.replay import compiler_for
from hooks.compile.tool import options_argv
from hooks.compile.tool import tool_for
from hooks.compiled import Compiled
from hooks.finding import Finding
from hooks.finding import Verdict
from hooks.report import BadInput
from hooks.report import CANNOT_DECIDE
from hooks.report import FINDING
from hooks.report import OK
from hooks.report import Report
from hooks.rules import rule5_fingerprint
from hooks.snapshot import Snapshot


def recompile_stale(
        snapshot: Snapshot,
        worktree: Snapshot,
        found: list[Compiled],
        stale: list[tuple[Compiled, Verdict, str]],
        files: list[str],
        report: Report,
        chosen: str | None,
        command: str | None,
        extra: list[str],
        lock_wait: float,
) -> int:
    """Recompile the ``stale`` files (with their verdict and options digest)
    of ``found``, read from ``snapshot`` and written in ``worktree``; the
    exit code (OK, FINDING or CANNOT_DECIDE)."""
    ret = OK
    layers = constraints(snapshot, found)
    order = compiled_mod.constrained_first([p for p, _, _ in stale], layers)
    todo = {p.output: (p, v, o) for p, v, o in stale}
    done: set[str] = set()
    queue = list(order)
    while queue:
        project = queue.pop(0)
        if project.output in done:
            continue
        done.add(project.output)
        _, verdict, options = todo[project.output]
        try:
            compiler, directory, output = compiler_for(project, chosen, command, extra, worktree.root)
        except CompileError as e:  # not installed
            report.finding('.', 0, str(e))
            return CANNOT_DECIDE
        committed = snapshot.read(project.output) if snapshot.kind != 'worktree' else None

        def explain(project: Compiled = project, options: str = options) -> None:
            # the verdict is known; its full explanation (rules 1-4,
            # which import packaging) is worked out while the
            # compiler runs
            for finding in check(snapshot, project, options, files=files).findings:
                report.add(finding, indent='  ')
        try:
            code = recompile(worktree, project, verdict, compiler, options, committed, lock_wait, explain if verdict.txt_exists else None, directory, output, report)
        except (KeyboardInterrupt, Terminated):
            report.finding(project.output, 0, 'interrupted: left as it was')
            return CANNOT_DECIDE
        ret = max(ret, code)
        if code == FINDING:
            # the outputs that constrain with this one were
            # compiled against its old pins: theirs go next
            for other in found:
                if project.output in layers.get(other.output, ()) and other.output not in done and other.output not in todo:
                    reason = Finding(other.output, 0, f'constrains with {project.output}, which was recompiled', 6)
                    other_options = fingerprint.options_digest(options_argv(tool_for(other, chosen), command, extra))
                    todo[other.output] = (other, Verdict([reason], True), other_options)
                    queue.append(other)
    return ret


def constraints(snapshot: Snapshot, found: list[Compiled]) -> dict[str, set[str]]:
    """Each output -> the other outputs its inputs constrain with or
    include (``-c base.txt``, ``-r base.txt``)."""
    outputs = {c.output for c in found}
    layers: dict[str, set[str]] = {}
    for c in found:
        try:
            read, _ = inputs_mod.read(snapshot, c)
        except BadInput:
            continue
        layers[c.output] = {f.path for f in read if f.kind != 'in' and f.path in outputs and f.path != c.output}
    return layers


def recompile(
        worktree: Snapshot,
        project: Compiled,
        verdict: Verdict,
        compiler: Compiler,
        options: str,
        committed: bytes | None,
        lock_wait: float = 60.0,
        explain: Callable[[], None] | None = None,
        directory: str | None = None,
        output: str = 'requirements.txt',
        report: Report | None = None,
) -> int:
    """Recompile ``project`` (a stale ``verdict``) with ``compiler`` in
    ``directory`` and stamp it with ``options``; report what changed and
    return the exit code.  ``committed``: the file's bytes in what is being
    committed (None: the working tree decided)."""
    report = report or Report('requirements-compile')

    txt = project.output
    if verdict.txt_exists:
        report.line(f'{txt}: stale, recompiling with {compiler.name}:')
        if explain is None:
            for finding in verdict.findings:
                report.add(finding, indent='  ')
    else:
        report.line(f'{txt}: does not exist, compiling it with {compiler.name} (--create)')
    if directory is None:
        directory = os.path.join(worktree.root, *project.dir.split('/')) if project.dir else worktree.root
    inputs: list[fingerprint.Inputs] = []

    def while_running() -> None:
        # overlaps with the compiler: what it reads is the working tree
        if explain is not None:
            explain()
        # with what the configuration adds, as the full check reads them
        inputs.append(fingerprint.inputs(worktree, project.configured(worktree.read)))

    def finish(text: str) -> str:  # after while_running (the runner's run)
        return rule5_fingerprint.stamp(text, inputs[0], options, project.output)

    try:
        outcome = compile_project(directory, compiler, finish, lock_wait, while_running, output=output)
    except CompileError as e:
        report.finding(txt, 0, f'{e}; left as it was')
        for line in e.tail:
            report.line(f'  | {line}')
        return CANNOT_DECIDE
    except Locked as e:
        report.finding(txt, 0, f'another requirements-compile is running on this project (lock file {e}); left as it was')
        return CANNOT_DECIDE
    except BadInput as e:
        report.bad(e)
        return CANNOT_DECIDE
    except OSError as e:
        report.finding(txt, 0, f'cannot write: {e.strerror or e}; left as it was')
        return CANNOT_DECIDE

    ret = OK
    if outcome.changed:
        for line in describe_changes(outcome.old, outcome.new, txt):
            report.line(f'  {line}')
        report.finding(txt, None, 'rewritten; review it, git add it and commit again')
        ret = FINDING
    else:
        report.line(f'{txt}: recompiled, nothing changed')
    if committed is not None and committed != outcome.new:
        # decided on what is being committed; the fresh file is on disk only
        if not outcome.changed:
            report.finding(txt, None, 'fresh in the working tree, but not in what is being committed: git add it')
        ret = FINDING
    return ret

