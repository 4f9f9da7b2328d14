"""requirements-compile: recompile requirements.txt when, and only when, it
is stale (README.md, "`requirements-compile`").

It decides with the verdict of requirements-fresh, read from the snapshot
(what is being committed); it compiles and writes the working tree, and
stamps the fingerprint of the inputs the compiler read there.  Recompiling
lives in hooks.compile.recompile, imported only once a file is stale; the
running of compilers and the never-lose-the-file machinery in the rest of
hooks.compile.
"""
from __future__ import annotations

import sys

from hooks import cli
from hooks import compiled as compiled_mod
from hooks import fingerprint
from hooks import fix_line
from hooks import options
from hooks import unchecked as unchecked_mod
from hooks import verdict_cache
from hooks.check import check
from hooks.check import UV_LOCKS
from hooks.compile.tool import options_argv
from hooks.compile.tool import tool_for
from hooks.compiled import Compiled
from hooks.finding import Verdict
from hooks.readers.header import PCM
from hooks.readers.header import UV_LOCK
from hooks.report import BadInput
from hooks.report import CANNOT_DECIDE
from hooks.report import choose_format
from hooks.report import FINDING
from hooks.report import OK
from hooks.report import Report
from hooks.snapshot import Snapshot
from hooks.sources import open_snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # (collections.abc imports collections: 7 M instructions)
    from collections.abc import Sequence
    from typing import Any

DESCRIPTION = '''\
Recompile requirements.txt when requirements-fresh would fail for it, and
only then, replaying the command its header records (and keeping it as
written); stamp the fingerprint on a file that passes every rule; print what
changed; exit 1 when the file was rewritten or is still stale. Arguments
after -- go to the compiler.'''

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
            '--stamp', action='store_true',
            help='stamp the fingerprint also where it is the only change (a file a hand compile left without one)',
        ),
        cli.option(
            '--verbose', action='store_true',
            help="on a compiler failure, show the compiler's whole output (default: its error line)",
        ),
        cli.option(
            '--lock-wait', type=float, default=60.0, metavar='SECONDS',
            help='how long to wait for another run on the same project (default: 60)',
        ),
        options.NO_CACHE,
        options.FORMAT,
        options.UNCHECKED,
    ),
)


def _split(argv: list[str]) -> tuple[list[str], list[str]]:
    if '--' in argv:
        i = argv.index('--')
        return argv[:i], argv[i + 1:]
    return argv, []


def main(argv: Sequence[str] | None = None) -> int:
    own, extra = _split(list(sys.argv[1:] if argv is None else argv))
    args = PARSER.parse_args(own)
    verdict_cache.use(not args.no_cache)
    if args.command is not None and args.compiler is not None:
        PARSER.error('--command and --compiler cannot be used together')
    report = Report('requirements-compile', choose_format(getattr(args, 'format', None), PARSER.error))
    try:
        code = requirements_compile(args, extra, report)
    finally:
        verdict_cache.flush()  # once a run: the verdicts found fresh
    return report.close(code)


def requirements_compile(args: Any, extra: list[str], report: Report) -> int:
    """Recompile every stale compiled file ``args`` select (the parsed
    options; ``extra``: the arguments after ``--``), reporting to
    ``report``; the exit code (OK, FINDING or CANNOT_DECIDE)."""
    ret = OK
    try:
        with open_snapshot(args.source) as snapshot:
            files = snapshot.files()
            worktree = snapshot if snapshot.kind == 'worktree' else Snapshot(snapshot.root, getattr(snapshot, 'is_git', False))
            found, notices = compiled_mod.discover(snapshot, args.project, args.outputs, files, args.create)
            unchecked = unchecked_mod.paths(args.unchecked, snapshot.root)
            for notice in notices:
                ret = max(ret, unchecked_mod.report(report, notice, notice.path, unchecked))
            stale: list[tuple[Compiled, Verdict, str]] = []
            pythons: dict[str, str] = {}
            uv_stale: list[tuple[Compiled, Verdict]] = []
            for project in found:
                options = fingerprint.options_digest(options_argv(tool_for(project, args.compiler), args.command, extra))
                try:
                    verdict = check(snapshot, project, options, files=files, explain=False)
                except BadInput as e:
                    report.bad(e)
                    ret = CANNOT_DECIDE
                    continue
                for unjudged in verdict.notices:
                    ret = max(ret, unchecked_mod.report(report, unjudged, project.output, unchecked))
                if verdict.txt_exists and not verdict.findings:
                    if not args.stamp or _stamped(snapshot, project):
                        continue  # fresh
                    verdict = Verdict([], True)  # --stamp: compile it, to stamp what passes
                if not verdict.txt_exists and not args.create:
                    continue  # unpinned, which is allowed
                hint = fix_line.addon_hint(project, verdict)
                if hint is not None:
                    # an installed addon that requirements.in does not ask
                    # for: no compile can pin it
                    for finding in verdict.findings:
                        report.add(finding)
                    report.hint(hint)
                    ret = max(ret, FINDING)
                    continue
                if project.tool in UV_LOCKS:
                    # uv.lock and uv export output: uv's own commands
                    if verdict.findings:
                        # a header-less export: replayed with the options it was judged with
                        uv_stale.append((project.with_options(verdict.inferred), verdict))
                    continue
                rule8 = [f for f in verdict.findings if f.rule == 8]
                if rule8 and args.command is None and not any(a.startswith('--python-version') for a in extra):
                    # compiled for another Python than the project runs on:
                    # uv compiles for it; pip-compile would resolve for
                    # its own Python and write the same mismatch again
                    from hooks.compile.recompile import python_for
                    python, why = python_for(snapshot, project, tool_for(project, args.compiler), extra)
                    if python is None:
                        for finding in verdict.findings:
                            report.add(finding)
                        report.finding(project.output, rule8[0].line, why)
                        report.fix(fix_line.compiled_file(project, verdict)[0])
                        ret = max(ret, FINDING)
                        continue
                    pythons[project.output] = python
                if project.tool == PCM:
                    for finding in verdict.findings:
                        report.add(finding)
                    report.fix(*fix_line.compiled_file(project, verdict))
                    ret = max(ret, FINDING)
                    continue
                stale.append((project, verdict, options))
            if uv_stale:
                from hooks.compile import uv_replay
                # uv.lock before the exports (each export locks first)
                for project, verdict in sorted(uv_stale, key=lambda pv: (pv[0].tool != UV_LOCK, pv[0].output)):
                    ret = max(ret, uv_replay.recompile(worktree.root, project, verdict, extra, report, args.verbose))
            if not stale:
                return ret
            # the compiler's machinery: only once a file is stale
            from hooks.compile.recompile import recompile_stale
            code = recompile_stale(snapshot, worktree, found, stale, files, report, args.compiler, args.command, extra, args.lock_wait, pythons, args.verbose, args.stamp)
    except BadInput as e:
        report.bad(e)
        return CANNOT_DECIDE
    return max(ret, code)


def _stamped(snapshot: Snapshot, project: Compiled) -> bool:
    """Whether ``project``'s output carries the fingerprint line."""
    data = snapshot.read(project.output)
    return data is not None and fingerprint.read_header(data.decode('utf-8', 'replace').lstrip('\ufeff'), project.output) is not None


if __name__ == '__main__':
    raise SystemExit(main())
