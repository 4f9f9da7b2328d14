"""A requirements.txt written by ``uv export --no-header`` (README.md,
"Layouts"): no header records the command, so the file is recognised by
what real uv writes, and only there (uv 0.13):

* in a uv project: a ``uv.lock`` in its folder or above
  (hooks.readers.recorded_paths.uv_project), and no ``NAME.in`` beside it
  (the discovery's second rule claims those first);
* every line is uv's: ``-e PATH`` (the project, a member) or a bare local
  path (``--no-editable``), ``name==version`` or ``name @ URL``, a marker
  written `` ; marker``, a ``\\`` then ``    --hash=...`` lines, and ``# via``
  annotations under a pin (``    # via app`` or a ``    # via`` block of
  ``    #   NAME`` entries) naming packages and projects alone -- never
  ``-r requirements.in`` nor ``app (pyproject.toml)``, which are
  pip-compile's and ``uv pip compile``'s.  No other comment, no option, no
  range: a list a person writes (``django>=4``, a ``-r``, a comment) is not
  claimed;
* with ``# via`` annotations (uv's default): taken for ``uv export
  --no-header -o NAME`` run where the uv.lock is, with ``--no-hashes`` when
  no pin has a hash (what uv wrote says so), and judged as every uv export
  is (hooks.rules.uv_export);
* without them (``--no-annotate``) but every pin hashed: a lock that
  cannot be judged (uv export and ``pip-compile --no-header`` write the
  same lines): a notice, never silent, until ``--unchecked`` accepts it;
* without either: not claimed.  Pins alone (``--no-annotate
  --no-hashes``) cannot be told from a hand-written list or ``pip freeze``
  (a docs/requirements.txt in a uv project), which is not a lock.

Read with str methods, after a byte test (:data:`MARKS`): no file of the
snapshot without ``# via`` or ``--hash`` is decoded.
"""
from __future__ import annotations

import posixpath

from hooks.finding import Finding
from hooks.readers import header
from hooks.readers import recorded_paths

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the fast path)
if TYPE_CHECKING:
    from collections.abc import Callable

MARKS = (b'# via', b'--hash=')
UV_NO_HEADER = ['uv', 'export', '--no-header']
_NAME_CHARS = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-')


def locate(
        path: str, data: bytes, exists: Callable[[str], bool],
) -> tuple[str, list[str], header.Recorded] | Finding | None:
    """(cwd, sources, recorded command) of ``path`` when it is ``uv export
    --no-header`` output of a uv project; a notice when it is a hashed lock
    without annotations there; None when it is not claimed."""
    if not any(mark in data for mark in MARKS):
        return None
    folder = recorded_paths.uv_project(path, exists)
    lock = posixpath.join(folder, recorded_paths.UV_LOCK_FILE) if folder else recorded_paths.UV_LOCK_FILE
    if not exists(lock):
        return None
    shape = _shape(data.decode('utf-8', 'replace'))
    if shape is None:
        return None
    annotated, pins, hashed = shape
    if not annotated:
        if not pins or hashed < pins:
            return None
        message = (
            'not checked: no header records the command that wrote it, and without # via annotations its pins '
            f'cannot be told apart from another compiler\'s (uv export --no-header --no-annotate, pip-compile --no-header); '
            f'export it with its header to have it judged against {lock}'
        )
        return Finding(path, 1, message, severity='notice')
    words = [*UV_NO_HEADER, *(['--no-hashes'] if not hashed else []), '-o', posixpath.relpath(path, folder or '.')]
    recorded = header.from_words(words, 1)
    if recorded is None:  # pragma: no cover (uv export is a tool header knows)
        return None
    return folder, [lock, posixpath.join(folder, recorded_paths.PYPROJECT) if folder else recorded_paths.PYPROJECT], recorded


def _shape(text: str) -> tuple[bool, int, int] | None:
    """(annotated, pins, hashed pins) when every line of ``text`` is one
    ``uv export`` writes; None when one is not."""
    annotated = False
    pins = hashed = 0
    after_pin = in_block = continued = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if continued:
            if not line.startswith('    --hash='):
                return None
            continued = line.endswith(' \\')
            hashed += not continued  # the last --hash line of a pin
            continue
        if not line:
            after_pin = in_block = False
            continue
        if line.startswith('    #'):
            entry = line[5:].strip()
            if after_pin and entry.startswith('via'):
                rest = entry[3:].strip()
                if rest and not _names(rest):
                    return None
                annotated = True
                in_block = not rest
                after_pin = False
            elif in_block and line.startswith('    #   ') and _names(entry):
                pass
            else:
                return None
            continue
        in_block = False
        if line.startswith('-e '):
            if not _local(line[3:].strip()):
                return None
            after_pin = True
            continue
        if _local(line):
            after_pin = True
            continue
        body = line[:-2] if line.endswith(' \\') else line
        if not _pin(body):
            return None
        pins += 1
        continued = line.endswith(' \\')
        after_pin = True
    return annotated, pins, hashed


def _names(text: str) -> bool:
    """``django``, ``requests[socks]``, comma-separated: names alone."""
    return all(_name(word.strip()) for word in text.split(','))


def _name(word: str) -> bool:
    name, bracket, extras = word.partition('[')
    return bool(name) and _NAME_CHARS.issuperset(name) and (not bracket or extras.endswith(']'))


def _local(text: str) -> bool:
    """A local path as uv exports a project: ``.``, ``./pkg``, ``../pkg``."""
    return (text in ('.', '..') or text.startswith(('./', '../'))) and ' ' not in text


def _pin(text: str) -> bool:
    """``name==version`` or ``name @ URL``, with uv's `` ; marker``."""
    requirement, semicolon, marker = text.partition(' ; ')
    if ';' in requirement or (semicolon and not marker.strip()):
        return False
    name, sep, version = requirement.partition('==')
    if not sep:
        name, sep, url = requirement.partition(' @ ')
        return bool(sep) and _name(name) and '://' in url and ' ' not in url.strip()
    return _name(name) and bool(version) and ' ' not in version and '*' not in version
