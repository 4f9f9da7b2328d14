"""What a recompile changed, in words (README.md, "`requirements-compile`"):
pins added, removed, upgraded, downgraded or changed; or what else did.
"""
from __future__ import annotations

from hooks import fingerprint
from hooks.readers import pinfile
from hooks.report import BadInput
from hooks.report import decode


def describe_changes(old: bytes | None, new: bytes, path: str) -> list[str]:
    """``added x 1.0``, ``removed y 2.0``, ``upgraded z 1.0 -> 1.1``,
    ``downgraded ...``, ``changed w <url>``; or what else changed."""
    before, after = _pins(old, path), _pins(new, path)
    lines = []
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name), after.get(name)
        if a is None and b is not None:
            lines.append(f'added {name} {_label(b)}')
        elif b is None and a is not None:
            lines.append(f'removed {name} {_label(a)}')
        elif a is not None and b is not None and _label(a) != _label(b):
            single = not a.alternatives and not b.alternatives
            direction = _direction(a.version, b.version) if single else 'changed'
            lines.append(f'{direction} {name} {_label(a)} -> {_label(b)}')
    if not lines:
        if old is None:
            lines.append('created (no pins)')
        elif not _has_fingerprint(old, path):
            lines.append('pins unchanged; fingerprint stamped')
        else:
            lines.append('pins unchanged; header, annotations or fingerprint updated')
    return lines


def _pins(data: bytes | None, path: str) -> dict[str, pinfile.Pin]:
    if data is None:
        return {}
    try:
        from hooks.readers import pylock
        if pylock.is_pylock(path):
            return pylock.read_pins(decode(data, path), path)
        return pinfile.read_pins(decode(data, path), path)
    except BadInput:
        return {}


def _label(pin: pinfile.Pin) -> str:
    # every pin of the name (uv --universal pins one per marker)
    return ', '.join(p.version or ('(unsafe)' if p.unsafe else '(url)') for p in pinfile.all_pins(pin))


def _has_fingerprint(data: bytes, path: str) -> bool:
    try:
        return fingerprint.read_header(data.decode('utf-8', 'replace').lstrip('\ufeff'), path) is not None
    except BadInput:
        return True


def _direction(a: str | None, b: str | None) -> str:
    if a is None or b is None:
        return 'changed'
    # packaging once the compiler has written: not before it starts
    from packaging.version import InvalidVersion
    from packaging.version import Version
    try:
        return 'upgraded' if Version(b) > Version(a) else 'downgraded'
    except InvalidVersion:
        return 'changed'
