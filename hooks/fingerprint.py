"""The fingerprint ``requirements-compile`` stamps into requirements.txt.

One header comment line, versioned::

    # aldryn-pins: v1 output=<hex> options=<hex> requirements.in=<hex> base.txt=<hex> <addons>=<hex>

* ``output``: the pins (requirement and option lines of requirements.txt;
  comments, blank lines, order, whitespace and CRLF ignored);
* ``options``: the compiler and its arguments (only requirements-compile
  knows them, so only it compares them);
* one digest per input file (requirements.in and its ``-r``/``-c``
  includes, by path relative to the project folder) of its normalised
  lines: comments, blank lines, order, whitespace, CRLF and the spelling of
  names (PEP 503) are ignored; URLs and their fragments are kept;
* ``<addons>``: the addons list (addons/*/addon.json, settings.py).

Digests are the first 16 hex digits of sha256: change detection, not
security.  Nothing here imports more than sha256 and ``re``.
"""
from __future__ import annotations

import posixpath
import re
from collections import namedtuple
from collections.abc import Iterable

from hooks import addons as addons_mod
from hooks import reqfile
from hooks.project import Project
from hooks.report import BadInput
from hooks.snapshot import Snapshot

try:  # the builtin module: hashlib's OpenSSL binding costs 2 ms to import
    from _sha2 import sha256  # Python >= 3.12
except ImportError:  # pragma: no cover (depends on the Python)
    try:
        from _sha256 import sha256
    except ImportError:
        from hashlib import sha256

PREFIX = '# aldryn-pins:'
VERSION = 'v1'
ADDONS_KEY = '<addons>'
_WS_RE = re.compile(r'\s+')
_CANONICAL_OPTIONS = {
    '-i': '--index-url', '-f': '--find-links', '-r': '--requirement',
    '-c': '--constraint', '-e': '--editable',
}


# A fingerprint as read: its line in requirements.txt, the output and
# options digests, and the digest of each input.
Fingerprint = namedtuple('Fingerprint', 'line output options inputs')


def _digest(items: Iterable[str]) -> str:
    h = sha256()
    for item in sorted(set(items)):
        h.update(item.encode())
        h.update(b'\n')
    return h.hexdigest()[:16]


def _normal_line(text: str) -> str:
    if text.startswith('-'):
        opt, value = reqfile.split_option(text)
        return f'{_CANONICAL_OPTIONS.get(opt, opt)} {_WS_RE.sub("", value or "")}'.rstrip()
    text = _WS_RE.sub('', text)
    if reqfile.URL_RE.match(text) or text.startswith(('.', '/', '~')):
        return text
    m = reqfile.NAME_RE.match(text)
    if m:
        return reqfile.normalize(m.group(1)) + text[m.end():]
    return text


def _escape(key: str) -> str:
    return key.replace('%', '%25').replace(' ', '%20').replace('=', '%3D')


def _unescape(key: str) -> str:
    return key.replace('%20', ' ').replace('%3D', '=').replace('%25', '%')


def digests(project: Project, files: list[reqfile.InputFile], addons: list[addons_mod.Addon]) -> dict[str, str]:
    """The per-input digests of a project's inputs, read once by the caller."""
    base = project.dir or '.'
    result = {
        posixpath.relpath(f.path, base): _digest(
            _normal_line(line.text) for line in f.lines if line.text
        )
        for f in files
    }
    if addons:
        result[ADDONS_KEY] = _digest(a.name for a in addons)
    return result


def inputs(snapshot: Snapshot, project: Project) -> dict[str, str]:
    """Read a project's inputs from ``snapshot`` and digest them."""
    files = reqfile.read_inputs(snapshot, project.requirements_in)
    return digests(project, files, addons_mod.read(snapshot, project, snapshot.files()))


def options_digest(argv: list[str]) -> str:
    return _digest(['\0'.join(argv)])[:8]


def output_digest(text: str) -> str:
    lines = reqfile.logical_lines(text, 'requirements.txt')
    return _digest(_WS_RE.sub(' ', line.text) for line in lines if line.text)


def read_header(text: str, path: str) -> Fingerprint | None:
    """The fingerprint of a requirements.txt, or None if it has none."""
    if PREFIX not in text:
        return None
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.startswith(PREFIX):
            break
    else:
        return None
    fields = line[len(PREFIX):].split()
    if not fields or fields[0] != VERSION:
        got = fields[0] if fields else 'nothing'
        raise BadInput(path, lineno, f'fingerprint {got}: not understood by this aldryn-pins (expected {VERSION}); upgrade aldryn-pins or recompile')
    values: dict[str, str] = {}
    for field in fields[1:]:
        key, sep, value = field.rpartition('=')
        if not sep or not key or not re.fullmatch(r'[0-9a-f]{8,64}', value):
            raise BadInput(path, lineno, f'malformed fingerprint field {field!r}; recompile to restamp')
        values[_unescape(key)] = value
    output = values.pop('output', None)
    options = values.pop('options', None)
    if output is None or options is None:
        raise BadInput(path, lineno, 'malformed fingerprint (no output= or options=); recompile to restamp')
    return Fingerprint(lineno, output, options, values)


def changes(fp: Fingerprint, project: Project, current: dict[str, str], text: str, options: str | None = None) -> list[str]:
    """Why the fingerprint no longer matches, one message per reason."""
    def name(key: str) -> str:
        if key == ADDONS_KEY:
            return 'the addons list (addons/*/addon.json, settings.py)'
        return project.path(key) if not key.startswith('../') else posixpath.normpath(project.path(key))

    found = []
    for key in sorted(set(fp.inputs) | set(current)):
        if key not in current:
            found.append(f'{name(key)} is no longer an input, but requirements.txt was compiled with it')
        elif key not in fp.inputs:
            found.append(f'{name(key)} is new since requirements.txt was compiled')
        elif current[key] != fp.inputs[key]:
            found.append(f'{name(key)} changed since requirements.txt was compiled')
    if options is not None and options != fp.options:
        found.append('the compile options changed since requirements.txt was compiled')
    if output_digest(_without_header(text, fp.line)) != fp.output:
        found.append('the pins were edited by hand since requirements.txt was compiled')
    return found


def _without_header(text: str, lineno: int) -> str:
    lines = text.splitlines(keepends=True)
    del lines[lineno - 1]
    return ''.join(lines)


def stamp(text: str, inputs: dict[str, str], options: str) -> str:
    """``text`` with its fingerprint line put first (or replaced); line
    endings as the file has them."""
    old = read_header(text, 'requirements.txt')
    if old is not None:
        text = _without_header(text, old.line)
    newline = '\r\n' if '\r\n' in text else '\n'
    fields = [VERSION, f'output={output_digest(text)}', f'options={options}']
    fields += [f'{_escape(k)}={v}' for k, v in sorted(inputs.items())]
    return f'{PREFIX} {" ".join(fields)}{newline}{text}'
