"""requirements-compile: recompile requirements.txt when, and only when, it
is stale (DESIGN.md, "Recompile").

It decides with the verdict of requirements-fresh, read from the snapshot
(what is being committed); it compiles and writes the working tree, and
stamps the fingerprint of the inputs the compiler read there.  The running
of compilers and the never-lose-the-file machinery live in hooks.compiler.
"""
from __future__ import annotations

import os
import sys

from hooks import cli
from hooks import compiled as compiled_mod
from hooks import fingerprint
from hooks import options
from hooks import verdict_cache
from hooks.check import check
from hooks.compiled import Compiled
from hooks.finding import Finding
from hooks.finding import Verdict
from hooks.git_snapshot import open_snapshot
from hooks.report import BadInput
from hooks.report import CANNOT_DECIDE
from hooks.report import choose_format
from hooks.report import FINDING
from hooks.report import OK
from hooks.report import Report
from hooks.snapshot import Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # (collections.abc imports collections: 7 M instructions)
    from collections.abc import Callable
    from collections.abc import Sequence
    from typing import Any

DESCRIPTION = '''\
Recompile requirements.txt when requirements-fresh would fail for it, and
only then; stamp the fingerprint; print what changed; exit 1 when the file
was rewritten. Arguments after -- go to the compiler.'''

EPILOG = '''\
examples:
  requirements-compile -- --no-index --find-links wheels/
  requirements-compile --compiler uv -- --generate-hashes
  requirements-compile --command "docker compose run --rm web pip-reqs compile"'''


PARSER = cli.Parser(
    prog='requirements-compile', description=DESCRIPTION, epilog=EPILOG,
    raw_description=True,
    options=(
        options.OUTPUTS,
        options.PROJECT,
        options.SOURCE,
        cli.option(
            '--compiler', choices=('pip-tools', 'uv'), default=None,
            help='pip-tools: pip-compile (default); uv: uv pip compile',
        ),
        cli.option(
            '--command', metavar='COMMAND',
            help='run this command (split like a shell, never run by one) in the project folder instead; '
                 'it must write requirements.txt there, e.g. "docker compose run --rm web pip-reqs compile"',
        ),
        cli.option(
            '--create', action='store_true',
            help='also compile projects that have no requirements.txt yet (default: unpinned projects are left alone)',
        ),
        cli.option(
            '--lock-wait', type=float, default=60.0, metavar='SECONDS',
            help='how long to wait for another run on the same project (default: 60)',
        ),
        options.NO_CACHE,
        options.FORMAT,
    ),
)


def _split(argv: list[str]) -> tuple[list[str], list[str]]:
    if '--' in argv:
        i = argv.index('--')
        return argv[:i], argv[i + 1:]
    return argv, []


def options_argv(compiler: str | None, command: str | None, extra: list[str]) -> list[str]:
    """What the options digest covers: the compiler and its arguments."""
    if command is not None:
        import shlex
        try:
            return [*shlex.split(command), *extra]
        except ValueError:
            return [command, *extra]
    return ['uv' if compiler == 'uv' else 'pip-compile', *extra]


def main(argv: Sequence[str] | None = None) -> int:
    own, extra = _split(list(sys.argv[1:] if argv is None else argv))
    args = PARSER.parse_args(own)
    verdict_cache.use(not args.no_cache)
    if args.command is not None and args.compiler is not None:
        PARSER.error('--command and --compiler cannot be used together')
    report = Report('requirements-compile', choose_format(getattr(args, 'format', None), PARSER.error))
    return report.close(_run(args, extra, report))


def _run(args: Any, extra: list[str], report: Report) -> int:
    ret = OK
    try:
        with open_snapshot(args.source) as snapshot:
            files = snapshot.files()
            worktree = snapshot if snapshot.kind == 'worktree' else Snapshot(snapshot.root, getattr(snapshot, 'is_git', False))
            found, notices = compiled_mod.discover(snapshot, args.project, args.outputs, files)
            for notice in notices:
                report.notice(notice)
            stale: list[tuple[Compiled, Verdict, str]] = []
            for project in found:
                options = fingerprint.options_digest(options_argv(_tool(project, args.compiler), args.command, extra))
                try:
                    verdict = check(snapshot, project, options, files=files, explain=False)
                except BadInput as e:
                    report.bad(e)
                    ret = CANNOT_DECIDE
                    continue
                for notice in verdict.notices:
                    report.notice(notice)
                if verdict.txt_exists and not verdict.findings:
                    continue  # fresh
                if not verdict.txt_exists and not args.create:
                    continue  # unpinned, which is allowed
                if verdict.findings and all(f.rule == 3 for f in verdict.findings):
                    # an installed addon that requirements.in does not ask
                    # for: no compile can pin it
                    for finding in verdict.findings:
                        report.add(finding)
                    report.fix(f'add the addon to {project.first_source} (the Control Panel writes it into the INSTALLED_ADDONS block), or uninstall it')
                    ret = max(ret, FINDING)
                    continue
                if verdict.findings and all(f.rule == 8 for f in verdict.findings):
                    # compiled for another Python than the project runs on:
                    # this hook's compiler would resolve for its own Python
                    # and write the same mismatch again
                    for finding in verdict.findings:
                        report.add(finding)
                    report.fix(f'recompile {project.output} with the Python the project runs on (its pip-compile, uv --python-version, or --command), or change what names the other Python')
                    ret = max(ret, FINDING)
                    continue
                stale.append((project, verdict, options))
            if not stale:
                return ret
            from hooks import compiler as compiler_mod
            layers = _constraints(snapshot, found)
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
                    compiler, directory, output = _compiler_for(project, args, extra, worktree.root)
                except compiler_mod.CompileError as e:  # not installed
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
                    code = _recompile(worktree, project, verdict, compiler, options, committed, args.lock_wait, explain if verdict.txt_exists else None, directory, output, report)
                except (KeyboardInterrupt, compiler_mod.Terminated):
                    report.finding(project.output, 0, 'interrupted: left as it was')
                    return CANNOT_DECIDE
                ret = max(ret, code)
                if code == FINDING:
                    # the outputs that constrain with this one were
                    # compiled against its old pins: theirs go next
                    for other in found:
                        if project.output in layers.get(other.output, ()) and other.output not in done and other.output not in todo:
                            reason = Finding(other.output, 0, f'constrains with {project.output}, which was recompiled', 6)
                            other_options = fingerprint.options_digest(options_argv(_tool(other, args.compiler), args.command, extra))
                            todo[other.output] = (other, Verdict([reason], True), other_options)
                            queue.append(other)
    except BadInput as e:
        report.bad(e)
        return CANNOT_DECIDE
    return ret


def _tool(project: Compiled, chosen: str | None) -> str | None:
    """The compiler for ``project``: the one chosen, else the one its header
    records, else pip-tools."""
    if chosen is not None:
        return chosen
    return 'uv' if project.tool == 'uv' else None


def _constraints(snapshot: Snapshot, found: list[Compiled]) -> dict[str, set[str]]:
    """Each output -> the other outputs its inputs constrain with or
    include (``-c base.txt``, ``-r base.txt``)."""
    from hooks import inputs as inputs_mod

    outputs = {c.output for c in found}
    layers: dict[str, set[str]] = {}
    for c in found:
        try:
            read, _ = inputs_mod.read(snapshot, c)
        except BadInput:
            continue
        layers[c.output] = {f.path for f in read if f.kind != 'in' and f.path in outputs and f.path != c.output}
    return layers


INDEX_OPTIONS = frozenset((
    '-i', '--index-url', '--extra-index-url', '--no-index', '-f', '--find-links',
    '--index', '--default-index',
))


def _replayed(recorded: list[str], extra: list[str]) -> list[str]:
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


def _compiler_for(project: Compiled, args: object, extra: list[str], root: str) -> tuple[object, str, str]:
    """(compiler, folder it runs in, output relative to it): ``--command``
    runs in the output's folder; otherwise the recorded command is replayed
    where it ran, with its options (``--generate-hashes``, ``--extra``...)
    and the arguments after ``--``.  Raises CompileError."""
    import posixpath

    from hooks import compiler as compiler_mod

    def folder(rel: str) -> str:
        return os.path.join(root, *rel.split('/')) if rel else root

    command = getattr(args, 'command')
    if command is not None:
        compiler = compiler_mod.make_compiler('pip-tools', command, extra)
        return compiler, folder(project.dir), posixpath.basename(project.output)
    tool = _tool(project, getattr(args, 'compiler')) or 'pip-tools'
    cwd = project.cwd
    recorded = project.recorded
    same_tool = recorded is not None and (recorded.tool == 'uv') == (tool == 'uv')
    recorded_options = _replayed(recorded.options, extra) if same_tool and recorded is not None else []
    sources = [posixpath.relpath(s, cwd or '.') for s in project.sources]
    compiler = compiler_mod.make_compiler(tool, None, [*recorded_options, *extra], sources=sources)
    return compiler, folder(cwd), posixpath.relpath(project.output, cwd or '.')


def _recompile(
        worktree: Snapshot,
        project: Compiled,
        verdict: Verdict,
        compiler: object,
        options: str,
        committed: bytes | None,
        lock_wait: float = 60.0,
        explain: Callable[[], None] | None = None,
        directory: str | None = None,
        output: str = 'requirements.txt',
        report: Report | None = None,
) -> int:
    from hooks import compiler as compiler_mod
    assert isinstance(compiler, compiler_mod.Compiler)
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

    def finish(text: str) -> str:  # after while_running (compiler.run)
        from hooks.rules import rule5_fingerprint  # reqfile: only once a compiler ran
        return rule5_fingerprint.stamp(text, inputs[0], options)

    try:
        outcome = compiler_mod.compile_project(directory, compiler, finish, lock_wait, while_running, output=output)
    except compiler_mod.CompileError as e:
        report.finding(txt, 0, f'{e}; left as it was')
        for line in e.tail:
            report.line(f'  | {line}')
        return CANNOT_DECIDE
    except compiler_mod.Locked as e:
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


def describe_changes(old: bytes | None, new: bytes, path: str) -> list[str]:
    """``added x 1.0``, ``removed y 2.0``, ``upgraded z 1.0 -> 1.1``,
    ``downgraded ...``, ``changed w <url>``; or what else changed."""
    from hooks.readers import pinfile
    from hooks.report import decode

    def pins(data: bytes | None) -> dict[str, pinfile.Pin]:
        if data is None:
            return {}
        try:
            return pinfile.read_pins(decode(data, path), path)
        except BadInput:
            return {}

    def label(pin: pinfile.Pin) -> str:
        # every pin of the name (uv --universal pins one per marker)
        return ', '.join(p.version or ('(unsafe)' if p.unsafe else '(url)') for p in pinfile.all_pins(pin))

    before, after = pins(old), pins(new)
    lines = []
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name), after.get(name)
        if a is None and b is not None:
            lines.append(f'added {name} {label(b)}')
        elif b is None and a is not None:
            lines.append(f'removed {name} {label(a)}')
        elif a is not None and b is not None and label(a) != label(b):
            single = not a.alternatives and not b.alternatives
            direction = _direction(a.version, b.version) if single else 'changed'
            lines.append(f'{direction} {name} {label(a)} -> {label(b)}')
    if not lines:
        if old is None:
            lines.append('created (no pins)')
        elif not _has_fingerprint(old, path):
            lines.append('pins unchanged; fingerprint stamped')
        else:
            lines.append('pins unchanged; header, annotations or fingerprint updated')
    return lines


def _has_fingerprint(data: bytes, path: str) -> bool:
    try:
        return fingerprint.read_header(data.decode('utf-8', 'replace').lstrip('\ufeff'), path) is not None
    except BadInput:
        return True


def _direction(a: str | None, b: str | None) -> str:
    if a is None or b is None:
        return 'changed'
    from packaging.version import InvalidVersion
    from packaging.version import Version
    try:
        return 'upgraded' if Version(b) > Version(a) else 'downgraded'
    except InvalidVersion:
        return 'changed'


if __name__ == '__main__':
    raise SystemExit(main())
