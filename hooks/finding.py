"""What a check finds: :class:`Finding` (one reason a compiled file is
stale) and :class:`Verdict` (every reason for one compiled file), the rules
being those of README.md, "requirements-fresh".

A leaf: it imports only the one formatter of a located message
(hooks.report.located), so that every rule and the check share these types
without importing one another.  Plain slot classes, not dataclasses or
NamedTuples: a verdict is built on the fast path (a stamped or cached file),
where ``dataclasses`` (with ``re`` and ``inspect``) or ``typing`` would cost
more than the whole check.
"""
from __future__ import annotations

from hooks.report import located


class Finding:
    """A reason a compiled file is stale; ``rule`` is its number in
    README.md, "requirements-fresh" (1-8).  ``severity`` ``notice``: a file
    the check could not judge (``not checked: ...``, exit 0).
    ``str(finding)`` is ``path:line: message``."""
    __slots__ = ('line', 'message', 'path', 'rule', 'severity')

    def __init__(self, path: str, line: int, message: str, rule: int = 0, severity: str = 'error') -> None:
        self.path = path
        self.line = line
        self.message = message
        self.rule = rule
        self.severity = severity

    def __str__(self) -> str:
        return located(self.path, self.line, self.message)

    def __repr__(self) -> str:
        return f'Finding({self.path!r}, {self.line!r}, {self.message!r}, {self.rule!r})'


class Verdict:
    """``findings``: list[Finding]; ``txt_exists``: whether there is a
    compiled file; ``divio``: an INSTALLED_ADDONS block or an addons list
    (it decides the fix line); ``notices``: findings of severity
    ``notice`` (``not checked: ...``, exit 0); ``fix``: the command a rule
    decided fixes it (rule 8: compile on the runtime's Python), None for
    the recorded compile (hooks.fix_line); ``inferred``: the options a file
    that records none was judged with, beyond what it is taken to record
    (a header-less ``uv export``: hooks.rules.uv_export), for the fix line
    and the replay (hooks.compiled.Compiled.with_options)."""
    __slots__ = ('divio', 'findings', 'fix', 'inferred', 'notices', 'txt_exists')

    def __init__(self, findings: list[Finding], txt_exists: bool, divio: bool = False, notices: list[Finding] | None = None) -> None:
        self.findings = findings
        self.txt_exists = txt_exists
        self.divio = divio
        self.notices = notices or []
        self.fix: str | None = None
        self.inferred: tuple[str, ...] = ()
