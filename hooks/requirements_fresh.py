"""requirements-fresh: fail when a compiled requirements file is stale.
Never writes.  Every compiled file of the snapshot (hooks.compiled) is
checked in one run."""
from __future__ import annotations

from hooks import cli
from hooks import compiled as compiled_mod
from hooks import options
from hooks import unchecked as unchecked_mod
from hooks import verdict_cache
from hooks.check import check
from hooks.report import BadInput
from hooks.report import CANNOT_DECIDE
from hooks.report import choose_format
from hooks.report import FINDING
from hooks.report import OK
from hooks.report import Report
from hooks.sources import open_snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

PARSER = cli.Parser(
    prog='requirements-fresh',
    description='Fail when requirements.txt (or any compiled requirements file) is stale against its inputs, their includes and the addons list.',
    options=(options.OUTPUTS, options.PROJECT, options.SOURCE, options.NO_CACHE, options.FORMAT, options.UNCHECKED),
)


def main(argv: Sequence[str] | None = None) -> int:
    args = PARSER.parse_args(argv)
    verdict_cache.use(not args.no_cache)
    report = Report('requirements-fresh', choose_format(getattr(args, 'format', None), PARSER.error))
    try:
        code = _run(args, report)
    finally:
        verdict_cache.flush()  # once a run: the verdicts found fresh
    return report.close(code)


def _run(args: Any, report: Report) -> int:
    ret = OK
    try:
        with open_snapshot(args.source) as snapshot:
            files = snapshot.files()
            found, notices = compiled_mod.discover(snapshot, args.project, args.outputs, files)
            unchecked = unchecked_mod.paths(args.unchecked, snapshot.root)
            for notice in notices:
                ret = max(ret, unchecked_mod.report(report, notice, notice.path, unchecked))
            for project in found:
                try:
                    verdict = check(snapshot, project, files=files)
                except BadInput as e:
                    report.bad(e)
                    ret = CANNOT_DECIDE
                    continue
                for unjudged in verdict.notices:
                    ret = max(ret, unchecked_mod.report(report, unjudged, project.output, unchecked))
                if verdict.findings:
                    for finding in verdict.findings:
                        report.add(finding)
                    from hooks import fix_line  # only a stale file prints one
                    hint = fix_line.addon_hint(project, verdict)
                    if hint is not None:
                        report.hint(hint)  # no compile fixes it
                    else:
                        report.fix(*fix_line.compiled_file(project, verdict))
                        inferred = fix_line.inferred_hint(project, verdict)
                        if inferred is not None:
                            report.hint(inferred)  # the fix line is uv's defaults too
                    ret = max(ret, FINDING)
    except BadInput as e:
        report.bad(e)
        return CANNOT_DECIDE
    return ret


if __name__ == '__main__':
    raise SystemExit(main())
