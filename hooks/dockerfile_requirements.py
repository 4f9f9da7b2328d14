"""dockerfile-requirements: the Dockerfile must agree with whether
requirements.txt exists (README.md, "dockerfile-requirements"; the rules
are in hooks/dockerfile/rules/, one module each).

``--fix`` edits the working-tree Dockerfile byte for byte: it drops
``pip-reqs compile && \\`` (or a whole ``RUN pip-reqs compile``) and the tags
around the Python section, or puts ``pip-reqs compile && \\`` back before
``pip-reqs resolve``.  Every other byte stays.
"""
from __future__ import annotations

import os

from hooks import cli
from hooks import options
from hooks.dockerfile.check import check_file
from hooks.dockerfile.check import Checked
from hooks.dockerfile.findings import FIX
from hooks.project import discover
from hooks.project import DivioProject
from hooks.project import resolve
from hooks.report import BadInput
from hooks.report import CANNOT_DECIDE
from hooks.report import choose_format
from hooks.report import FINDING
from hooks.report import OK
from hooks.report import Report
from hooks.snapshot import Snapshot
from hooks.sources import open_snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

DOCKERFILE = 'Dockerfile'


def run(snap: Snapshot, args: Any, report: Report) -> int:
    """Check the Dockerfile of every project in ``snap`` (with ``args.fix``,
    write the edits), tell ``report``; the exit code (README.md, "Exit codes
    (all hooks)")."""
    checked: list[Checked] = []
    bad: list[BadInput] = []
    seen_any = False
    for project in discover(snap, args.project):
        try:
            if args.dockerfile:
                try:
                    path = resolve(project.path(DOCKERFILE), args.dockerfile)
                except ValueError:
                    raise BadInput(args.dockerfile, 0, '--dockerfile: the path leaves the repository') from None
            else:
                path = project.path(DOCKERFILE)
            data = snap.read(path)
            if data is None:
                continue  # a project without a Dockerfile passes
            seen_any = True
            checked.append(check_file(data, path, project.requirements_txt, _txt_state(snap, project), args.fix, args.strict))
        except BadInput as e:
            bad.append(e)
    if args.dockerfile and not seen_any and not bad:
        bad.append(BadInput(args.dockerfile, 0, '--dockerfile: no such file in any project'))

    if args.fix and not bad:
        for c in checked:
            if c.new is None:
                continue
            full = os.path.join(snap.root, *c.path.split('/'))
            try:
                with open(full, 'rb') as f:
                    disk = f.read()
            except OSError as e:
                bad.append(BadInput(c.path, 0, f'--fix: cannot read the working-tree file: {e.strerror}'))
                continue
            if disk != c.data:
                bad.append(BadInput(
                    c.path, 0,
                    f'--fix: the working-tree file differs from the one checked (unstaged changes); '
                    f'git add {c.path} and run again, or fix it by hand',
                ))
    if bad:
        for c in checked:
            for found in c.unfixed:
                _report(report, found)
        for problem in bad:
            report.add(problem)
        return CANNOT_DECIDE

    ret = OK
    for c in checked:
        if args.fix and c.new is not None:
            # the only write: its imports (subprocess) stay off every check
            from hooks.dockerfile.rewrite import rewrite
            rewrite(os.path.join(snap.root, *c.path.split('/')), c.path, c.data, c.new, snap.root)
            for found in c.fixed:
                _report(report, found)
            ret = FINDING
        for found in c.findings:
            _report(report, found)
        if c.failed:
            ret = FINDING
    return ret


def _report(report: Report, found: Any) -> None:
    """One finding, its fix line as the user can run it where they stand
    (README.md, "Fix lines"): ``dockerfile-requirements --fix`` and the
    requirements-compile console script exist only in the hook's
    environment under pre-commit."""
    if found.fix != FIX:
        report.found(found)
        return
    from hooks import fix_line  # only a finding prints one
    report.finding(found.path, found.line, found.message, None, found.severity)
    report.fix(fix_line.dockerfile_fix(), None if fix_line.under_pre_commit() else found.alternative)


def _txt_state(snap: Snapshot, project: DivioProject) -> str | None:
    txt = project.requirements_txt
    if snap.read(txt) is not None:  # a folder or a fifo is bad input, as for requirements-fresh
        return None
    if snap.kind != 'worktree' and os.path.isfile(os.path.join(snap.root, *txt.split('/'))):
        return f'is not staged (it is on disk: git add {txt})'
    return 'does not exist'


PARSER = cli.Parser(
    prog='dockerfile-requirements',
    description=(
        'Fail when the Dockerfile disagrees with whether requirements.txt exists: '
        'it compiles requirements although requirements.txt pins them, or needs '
        'requirements.txt that does not exist.'
    ),
    options=(
        cli.option(
            '--fix', action='store_true',
            help='edit the Dockerfile: drop `pip-reqs compile && \\` and the Divio <PYTHON> tags, '
                 'or put the compile step back when there is no requirements.txt',
        ),
        cli.option('--strict', action='store_true', help='warnings (Divio tags left) fail too'),
        cli.option(
            '--dockerfile', metavar='PATH',
            help='the Dockerfile, relative to each project folder (default: Dockerfile)',
        ),
        cli.option(
            '--project', metavar='DIR', action='append',
            help='check only the project in this folder (repeatable); default: the Dockerfile beside each requirements.in',
        ),
        options.SOURCE,
        options.FORMAT,
        cli.option('filenames', nargs='*', help=cli.SUPPRESS),
    ),
)


def main(argv: Sequence[str] | None = None) -> int:
    args = PARSER.parse_args(argv)
    report = Report('dockerfile-requirements', choose_format(getattr(args, 'format', None), PARSER.error))
    try:
        with open_snapshot(args.source) as snap:
            return report.close(run(snap, args, report))
    except BadInput as e:
        report.bad(e)
        return report.close(CANNOT_DECIDE)


if __name__ == '__main__':
    raise SystemExit(main())
