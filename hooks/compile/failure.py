"""A compiler failure in one or two lines (README.md, "`requirements-compile`"):
the compiler's own error line out of pip's traceback or uv's causes, and,
when the package index could not be reached, exactly that (pre-commit.ci
runs hooks without network).  ``--verbose`` shows the whole output instead.
"""
from __future__ import annotations

import re

from hooks.compile.errors import CompileError
from hooks.report import Report

# what pip (urllib3), pip-tools and uv say when no connection can be made
_UNREACHABLE = (
    'Connection refused', 'Network is unreachable', 'No route to host',
    'Temporary failure in name resolution', 'Name or service not known',
    'nodename nor servname provided', 'No address associated with hostname',
    'Failed to establish a new connection', 'ConnectTimeoutError',
    'ConnectionFailedError', 'connection-failed', 'dns error',
    'tcp connect error', 'Connection timed out',
)
_PIP_URL = re.compile(r"HTTP(S?)Connection\(host='([^']+)', port=(\d+)\).*?: (/\S*)$")
_UV_URL = re.compile(r'Failed to fetch: `?(\S+?)`?$')
_EXCEPTION = re.compile(r'^(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*(?:Error|Exception|NotFound|Impossible|Conflicted)\b.*)$')

HINT = ('on pre-commit.ci, which runs hooks without network, add to .pre-commit-config.yaml: '
        'ci: skip: [requirements-compile]')


def unreachable(output: str) -> str | None:
    """``URL: reason`` (or the reason alone) when the compiler could not
    reach the package index; None otherwise."""
    reason = next((r for r in _UNREACHABLE if r in output), None)
    if reason is None:
        return None
    for line in output.splitlines():
        line = line.strip()
        pip = _PIP_URL.search(line.rstrip("'"))
        if pip is not None:
            scheme = 'https' if pip.group(1) else 'http'
            return f'{scheme}://{pip.group(2)}:{pip.group(3)}{pip.group(4)}: {reason}'
        uv = _UV_URL.search(line)
        if uv is not None:
            return f'{uv.group(1)}: {reason}'
    return reason


def error_line(output: str) -> str | None:
    """The compiler's own error line: uv's ``error:`` with its last
    ``cause:``; pip's last ``ERROR:`` line (it names the conflict); the
    exception that ends a traceback (its module path taken off); click's
    ``Error:``; else the last line.  None for no output."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if not lines:
        return None
    for i, line in enumerate(lines):
        if line.startswith('error: '):
            causes = [c[len('cause: '):] for c in lines[i + 1:] if c.startswith('cause: ')]
            return f'{line} ({causes[-1]})' if causes else line
    for prefix in ('ERROR:', None, 'Error:'):
        if prefix is None:
            found = next((_EXCEPTION.match(line) for line in reversed(lines) if _EXCEPTION.match(line)), None)
            if found is not None:
                return found.group(1)
            continue
        errors = [line for line in lines if line.startswith(prefix)]
        if errors:
            return errors[-1]
    return lines[-1]


def failed(report: Report, txt: str, e: CompileError, verbose: bool) -> None:
    """A compiler failure in one or two lines: what failed and the
    compiler's own error line; the package index that cannot be reached,
    with the pre-commit.ci hint; the whole output with ``verbose``."""
    cause = unreachable(e.output) if e.output else None
    if cause is not None:
        report.finding(txt, 0, f'the package index cannot be reached ({cause}); left as it was')
        report.hint(HINT)
    else:
        report.finding(txt, 0, f'{e}; left as it was')
    if verbose:
        for line in e.output.splitlines():
            report.line(f'  | {line}')
        return
    own = error_line(e.output) if e.output else (e.tail[-1] if e.tail else None)
    if cause is None and own is not None:
        report.line(f'  | {own}')
