"""requirements-fresh: fail when requirements.txt is stale.  Never writes."""
from __future__ import annotations

from hooks import cli
from hooks import project as project_mod
from hooks import staleness
from hooks.report import BadInput
from hooks.report import CANNOT_DECIDE
from hooks.report import FINDING
from hooks.report import OK
from hooks.snapshot import open_snapshot
from hooks.snapshot import SOURCES_HELP

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence

PARSER = cli.Parser(
    prog='requirements-fresh',
    description='Fail when requirements.txt is stale against requirements.in, its includes and the addons list.',
    options=(
        cli.option(
            '--project', action='append', metavar='DIR',
            help='check only this project folder (repeatable); default: every folder with a requirements.in',
        ),
        cli.option('--source', default='auto', metavar='SOURCE', help=SOURCES_HELP),
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    args = PARSER.parse_args(argv)

    ret = OK
    try:
        with open_snapshot(args.source) as snapshot:
            files = snapshot.files()
            for project in project_mod.discover(snapshot, args.project):
                try:
                    verdict = staleness.check(snapshot, project, files=files)
                except BadInput as e:
                    print(e)
                    ret = CANNOT_DECIDE
                    continue
                if verdict.findings:
                    for finding in verdict.findings:
                        print(finding)
                    print(staleness.fix_hint(project, verdict.divio))
                    ret = max(ret, FINDING)
    except BadInput as e:
        print(e)
        return CANNOT_DECIDE
    return ret


if __name__ == '__main__':
    raise SystemExit(main())
