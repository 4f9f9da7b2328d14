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
from hooks import verdict_cache
from hooks.atomic import Locked
from hooks.atomic import NotAFile
from hooks.check import check
from hooks.compile import allowed
from hooks.compile.changes import describe_changes
from hooks.compile.command import Compiler
from hooks.compile.command import uv_missing
from hooks.compile.errors import CompileError
from hooks.compile.errors import NotInstalled
from hooks.compile.failure import failed
from hooks.compile.replace import BOM
from hooks.compile.replace import compile_project
from hooks.compile.replay import compiler_for
from hooks.compile.runner import interrupted
from hooks.compile.tool import options_argv
from hooks.compile.tool import tool_for
from hooks.compiled import Compiled
from hooks.finding import Finding
from hooks.finding import Verdict
from hooks.readers import header
from hooks.readers import recorded_paths
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
        pythons: dict[str, str] | None = None,
        verbose: bool = False,
        stamp: bool = False,
) -> int:
    """Recompile the ``stale`` files (with their verdict and options digest)
    of ``found``, read from ``snapshot`` and written in ``worktree``; the
    exit code (OK, FINDING or CANNOT_DECIDE).  ``pythons``: output -> the
    X.Y to compile it for (rule 8, uv); ``verbose``: a failing compiler's
    whole output; ``stamp``: stamp a compile that changes nothing else."""
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
            allowed.check_replay(project, chosen, command, extra, worktree.root)
            compiler, directory, output = compiler_for(project, chosen, command, extra, worktree.root, (pythons or {}).get(project.output))
        except allowed.Refused as e:  # this output only; the others go on
            report.finding(project.output, e.line, str(e))
            ret = CANNOT_DECIDE
            continue
        except NotInstalled as e:
            if e.tool == 'uv' and chosen is None and command is None and project.recorded is not None:
                # the header chose uv: say so, at its line
                report.finding(project.output, project.recorded.line, uv_missing(project.output))
                ret = CANNOT_DECIDE
                continue
            report.finding('.', 0, str(e))
            return CANNOT_DECIDE
        except CompileError as e:
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
            code = recompile(worktree, project, verdict, compiler, options, committed, lock_wait, explain if verdict.txt_exists and verdict.findings else None, directory, output, report, verbose=verbose, stamp=stamp, files=files)
        except BaseException as e:
            if not interrupted(e):
                raise
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
        verbose: bool = False,
        stamp: bool = False,
        files: list[str] | None = None,
) -> int:
    """Recompile ``project`` (a stale ``verdict``) with ``compiler`` in
    ``directory`` and stamp it with ``options``; report what changed and
    return the exit code.  ``committed``: the file's bytes in what is being
    committed (None: the working tree decided).

    The compiled file is judged before it is written: only one that passes
    every rule is stamped (a compile that left it stale is a finding, exit
    1).  A compile whose output is the old file but for the fingerprint
    line it would add is not written (a hand compile drops that line: the
    two would take turns), unless ``stamp``."""
    report = report or Report('requirements-compile')

    txt = project.output
    if verdict.txt_exists and explain is None and not verdict.findings:
        report.line(f'{txt}: fresh, compiling with {compiler.name} to stamp the fingerprint (--stamp)')
    elif verdict.txt_exists:
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

    still: list[Finding] = []
    try:
        before = worktree.read(txt)
    except BadInput:
        before = None

    def finish(text: str) -> str:  # after while_running (the runner's run)
        still.extend(judged(worktree, project, text, files))
        if still:
            return text  # stale still: no stamp vouches for it
        if not stamp and before is not None and text.encode('utf-8') == before.removeprefix(BOM):
            return text  # the same file, only the fingerprint would be new
        return rule5_fingerprint.stamp(text, inputs[0], options, project.output)

    try:
        outcome = compile_project(directory, compiler, finish, lock_wait, while_running, output=output, root=worktree.root)
    except CompileError as e:
        failed(report, txt, e, verbose)
        return CANNOT_DECIDE
    except Locked as e:
        report.finding(txt, 0, f'another requirements-compile is running on this project (lock file {e}); left as it was')
        return CANNOT_DECIDE
    except BadInput as e:
        report.bad(e)
        return CANNOT_DECIDE
    except NotAFile as e:  # a symlink or fifo where we would write: not followed
        report.bad(BadInput(e.where(worktree.root), 0, f'{e.strerror}; left as it was'))
        return CANNOT_DECIDE
    except OSError as e:
        report.finding(txt, 0, f'cannot write: {e.strerror or e}; left as it was')
        return CANNOT_DECIDE

    if still:
        # exit 1 with what is still wrong: never a stamp that says fresh
        if outcome.changed:
            for line in describe_changes(outcome.old, outcome.new, txt):
                report.line(f'  {line}')
        what = 'rewritten, but still stale' if outcome.changed else f'still stale: {compiler.name} changed nothing'
        report.finding(txt, None, f'{what}; the fingerprint is not stamped:')
        for finding in still:
            report.add(finding, indent='  ')
        return FINDING
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



class _Written(Snapshot):
    """The working tree with ``path`` holding ``data``: the compiled file
    as it is about to be written, judged before it is."""

    def __init__(self, worktree: Snapshot, path: str, data: bytes) -> None:
        super().__init__(worktree.root, worktree.is_git)
        self._worktree = worktree
        self._path = path
        self._data = data

    def read(self, path: str) -> bytes | None:
        return self._data if path == self._path else self._worktree.read(path)

    def exists(self, path: str) -> bool:
        return path == self._path or self._worktree.exists(path)

    def files(self) -> list[str]:
        files = self._worktree.files()
        return files if self._path in files else [*files, self._path]


def judged(worktree: Snapshot, project: Compiled, text: str, files: list[str] | None = None) -> list[Finding]:
    """What requirements-fresh would say of ``text`` written as
    ``project``'s output (its header read again, as discovery reads it: a
    compile for another Python records it), without the verdict cache."""
    data = text.encode('utf-8')
    written = _Written(worktree, project.output, data)
    listed = written.files() if files is None else [*files, project.output] if project.output not in files else files
    was = verdict_cache.active()
    verdict_cache.use(False)
    try:
        again = project
        recorded = header.read(header.head_text(data), project.output) if header.may_record(data) else None
        if recorded is not None:
            where = recorded_paths.locate(recorded, project.output, set(listed).__contains__)
            if not isinstance(where, Finding):
                again = Compiled(project.output, where[1], where[0], recorded)
        return check(written, again, None, files=listed).findings
    except BadInput as e:
        return [Finding(e.path, e.line, e.message)]
    finally:
        verdict_cache.use(was)


def python_for(snapshot: Snapshot, project: Compiled, tool: str | None, extra: list[str]) -> tuple[str | None, str]:
    """Rule 8's fix by this hook: (X.Y to compile ``project`` for, '') where
    the compiler can target a Python (uv's ``--python-version``), else
    (None, one line why it does not compile).  The X.Y is that of the
    first target that disagrees and names one (a Dockerfile's image,
    .python-version)."""
    import sys

    from hooks.report import decode
    from hooks.rules import rule8_python
    from hooks.rules.python_targets import targets
    from hooks.rules.target import major_minor

    data = snapshot.read(project.output)
    text = decode(data, project.output) if data is not None else ''
    compiled = rule8_python.compiled_for(project, text, project.output)
    wanted: list[str] = []
    for target in targets(snapshot, project, text, project.output):
        if compiled is not None and rule8_python.agrees(compiled[0], compiled[2], target):
            continue
        python = None if target.says.startswith('requires-python') else major_minor(target.python)
        if python is not None and python not in wanted:
            wanted.append(python)
    if tool != 'uv':
        here = f'{sys.version_info[0]}.{sys.version_info[1]}'
        runtime = ' or '.join(wanted) or 'the one the project runs on'
        return None, f'pip-compile compiles for the Python it runs on ({here}), not {runtime}: compile in that image, or pass --command'
    if len(wanted) != 1:
        says = 'no single Python' if not wanted else f'{" and ".join(wanted)}'
        return None, f'the project names {says} to compile for: pass -- --python-version X.Y'
    return wanted[0], ''
