"""What the Dockerfile rules say: findings as objects, and what one check of
one parsed Dockerfile gives (README.md, "dockerfile-requirements").  They are
printed in one place, :meth:`hooks.report.Report.found`, in every output
format (README.md, "Output formats").
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.dockerfile.edits import Edit

FIX = 'dockerfile-requirements --fix'


class Finding:
    """One finding: path (from the repository root), line (1-based; 0 is
    printed as 1), message, severity ('error' or 'warning'; --strict makes a
    warning an error) and fix, how to fix it (None: no fix line; :data:`FIX`
    is printed as the user can run it, hooks.fix_line.dockerfile_fix);
    alternative: another command that fixes it, or None; hint: what to do
    when no command does it (prose, printed ``  hint: ...``), or None."""
    __slots__ = ('alternative', 'fix', 'hint', 'line', 'message', 'path', 'severity')

    def __init__(
            self, path: str, line: int, message: str, severity: str = 'error', fix: str | None = None,
            alternative: str | None = None, hint: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.message = message
        self.severity = severity
        self.fix = fix
        self.alternative = alternative
        self.hint = hint


class Result:
    """What the rules say of one parsed Dockerfile: findings; warnings (the
    Divio tags left: exit 0 unless --strict); edits, what --fix would do."""
    __slots__ = ('edits', 'findings', 'warnings')

    def __init__(self, findings: list[Finding], warnings: list[Finding], edits: list[Edit]) -> None:
        self.findings = findings
        self.warnings = warnings
        self.edits = edits
