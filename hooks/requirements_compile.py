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
from hooks import options
from hooks import verdict_cache
from hooks.check import check
from hooks.compile.tool import options_argv
from hooks.compile.tool import tool_for
from hooks.compiled import Compiled
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


def main(argv: Sequence[str] | None = None) -> int:
    own, extra = _split(list(sys.argv[1:] if argv is None else argv))
    args = PARSER.parse_args(own)
    verdict_cache.use(not args.no_cache)
    if args.command is not None and args.compiler is not None:
        PARSER.error('--command and --compiler cannot be used together')
    report = Report('requirements-compile', choose_format(getattr(args, 'format', None), PARSER.error))
    return report.close(requirements_compile(args, extra, report))


def requirements_compile(args: Any, extra: list[str], report: Report) -> int:
    """Recompile every stale compiled file ``args`` select (the parsed
    options; ``extra``: the arguments after ``--``), reporting to
    ``report``; the exit code (OK, FINDING or CANNOT_DECIDE)."""
    ret = OK
    try:
        with open_snapshot(args.source) as snapshot:
            files = snapshot.files()
            worktree = snapshot if snapshot.kind == 'worktree' else Snapshot(snapshot.root, getattr(snapshot, 'is_git', False))
            found, notices = compiled_mod.discover(snapshot, args.project, args.outputs, files)
            for notice in notices:
                report.add(notice, 'notice')
            stale: list[tuple[Compiled, Verdict, str]] = []
            for project in found:
                options = fingerprint.options_digest(options_argv(tool_for(project, args.compiler), args.command, extra))
                try:
                    verdict = check(snapshot, project, options, files=files, explain=False)
                except BadInput as e:
                    report.bad(e)
                    ret = CANNOT_DECIDE
                    continue
                for unjudged in verdict.notices:
                    report.add(unjudged, 'notice')
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
                if any(f.rule == 8 for f in verdict.findings):
                    # compiled for another Python than the project runs on:
                    # this hook's compiler would resolve for its own Python
                    # and write the same mismatch again; the fix line
                    # compiles on the runtime's (hooks.fix_line)
                    for finding in verdict.findings:
                        report.add(finding)
                    from hooks import fix_line
                    report.fix(fix_line.compiled_file(project, verdict)[0])
                    ret = max(ret, FINDING)
                    continue
                stale.append((project, verdict, options))
            if not stale:
                return ret
            # the compiler's machinery: only once a file is stale
            from hooks.compile.recompile import recompile_stale
            code = recompile_stale(snapshot, worktree, found, stale, files, report, args.compiler, args.command, extra, args.lock_wait)
    except BadInput as e:
        report.bad(e)
        return CANNOT_DECIDE
    return max(ret, code)


if __name__ == '__main__':
    raise SystemExit(main())
