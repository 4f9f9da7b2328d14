"""The fingerprint ``requirements-compile`` stamps into requirements.txt.

One header comment line, versioned::

    # aldryn-pins: v1 output=<hex> options=<hex> <bytes>=<hex> requirements.in=<hex> base.txt=<hex> <addons>=<hex>

* ``output``: the pins (requirement and option lines of requirements.txt;
  comments, blank lines, order, whitespace and CRLF ignored);
* ``options``: the compiler and its arguments (only requirements-compile
  knows them, so only it compares them);
* one digest per input file (requirements.in and its ``-r``/``-c``
  includes, by path relative to the project folder) of its normalised
  lines: comments, blank lines, order, whitespace, CRLF and the spelling of
  names (PEP 503) are ignored; URLs and their fragments are kept;
* ``<addons>``: the addons list (addons/*/addon.json, settings.py);
* ``<bytes>`` (optional): the bytes of every file the verdict reads --
  requirements.txt without this line, each input, each addon.json and
  settings.py.  Written only when the stamped file passed every rule
  (rule 3 included, which no compile fixes), it answers the everyday case --
  nothing touched since the compile -- without reading a requirement or
  JSON: the check then imports neither reqfile's patterns nor json.  When
  it does not match, the normalised digests above decide, as without it.

Digests are the first 16 hex digits of sha256: change detection, not
security.  Nothing here imports more than the builtin sha256; reqfile (and
with it ``re``) and addons are imported only by what needs them, so that the
``<bytes>`` check stays light.
"""
from __future__ import annotations

import posixpath

from hooks.compiled import Compiled
from hooks.report import BadInput
from hooks.snapshot import Remembering
from hooks.snapshot import Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the fast path)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from hashlib import sha256 as sha256  # noqa: PLC0414 (re-exported to hooks.verdict_cache, mypy --strict)

    from hooks.readers import addons as addons_mod
    from hooks.readers import requirements
else:
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
BYTES_KEY = '<bytes>'
_HEX = frozenset('0123456789abcdef')
_CANONICAL_OPTIONS = {
    '-i': '--index-url', '-f': '--find-links', '-r': '--requirement',
    '-c': '--constraint', '-e': '--editable',
}


class Fingerprint:
    """A fingerprint as read: its line in requirements.txt, the output and
    options digests, the digest of each input, and the <bytes> digest (None
    when the stamp has none).  (A plain class: see hooks.compiled.Compiled.)"""
    __slots__ = ('bytes', 'inputs', 'line', 'options', 'output')

    def __init__(self, line: int, output: str, options: str, inputs: dict[str, str], bytes: str | None) -> None:
        self.line = line
        self.output = output
        self.options = options
        self.inputs = inputs
        self.bytes = bytes


def _digest(items: Iterable[str]) -> str:
    h = sha256()
    for item in sorted(set(items)):
        h.update(item.encode())
        h.update(b'\n')
    return h.hexdigest()[:16]


def _normal_line(text: str) -> str:
    from hooks.readers import pip_syntax

    if text.startswith('-'):
        opt, value = pip_syntax.split_option(text)
        return f'{_CANONICAL_OPTIONS.get(opt, opt)} {"".join((value or "").split())}'.rstrip()
    text = ''.join(text.split())
    if pip_syntax.URL_RE.match(text) or text.startswith(('.', '/', '~')):
        return text
    m = pip_syntax.NAME_RE.match(text)
    if m:
        return pip_syntax.normalize(m.group(1)) + text[m.end():]
    return text


def _escape(key: str) -> str:
    return key.replace('%', '%25').replace(' ', '%20').replace('=', '%3D')


def _unescape(key: str) -> str:
    return key.replace('%20', ' ').replace('%3D', '=').replace('%25', '%')


def digests(project: Compiled, files: list[requirements.InputFile], addons: list[addons_mod.Addon]) -> dict[str, str]:
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


def files_digest(snapshot: Snapshot, project: Compiled, keys: Iterable[str], files: list[str]) -> str:
    """sha256 of the bytes of the inputs named by ``keys`` (input digest
    keys), of each addon.json and of settings.py (absent ones too): what
    the verdict reads besides requirements.txt.  ``files``: the snapshot's
    file list."""
    paths = {posixpath.normpath(project.path(k)) for k in keys if k != ADDONS_KEY}
    paths.update(project.addon_jsons(files))
    if project.settings_py is not None:
        paths.add(project.settings_py)
    h = sha256()
    for path in sorted(paths):
        data = snapshot.read(path)
        h.update(path.encode('utf-8', 'surrogateescape') + b'\0')  # any bytes git allows
        h.update(b'-\0' if data is None else b'%d\0%b' % (len(data), data))
    return h.hexdigest()


def _bytes_digest(files_hex: str, body: str) -> str:
    h = sha256(files_hex.encode())
    h.update(body.encode())
    return h.hexdigest()[:16]


class Inputs:
    """A project's inputs as requirements-compile stamps them, read at once:
    ``digests`` (per input, and the addons list), ``files`` (files_digest)
    and ``addons`` (the addons list)."""
    __slots__ = ('addons', 'digests', 'files')

    def __init__(self, digests: dict[str, str], files: str, addons: list[addons_mod.Addon]) -> None:
        self.digests = digests
        self.files = files
        self.addons = addons


def inputs(snapshot: Snapshot, project: Compiled, files: list[str] | None = None) -> Inputs:
    """Read a project's inputs from ``snapshot`` and digest them."""
    from hooks.readers import addons as addons_mod

    files = snapshot.files() if files is None else files
    # <bytes> digests the very bytes the other digests were made of, even
    # when a file is edited while this runs
    remembering = Remembering(snapshot)
    read = _read_inputs(remembering, project)
    addons = addons_mod.read(remembering, project.addon_jsons(files), project.settings_py)
    result = digests(project, read, addons)
    return Inputs(result, files_digest(remembering, project, result, files), addons)


def _read_inputs(snapshot: Snapshot, project: Compiled) -> list[requirements.InputFile]:
    from hooks import inputs as inputs_mod  # reqfile and re: off the <bytes> check
    return inputs_mod.read(snapshot, project)[0]


def options_digest(argv: list[str]) -> str:
    return _digest(['\0'.join(argv)])[:8]


def output_digest(text: str) -> str:
    from hooks.readers import pip_syntax

    lines = pip_syntax.logical_lines(text, 'requirements.txt')
    # line.text is stripped: whitespace runs inside become one space
    return _digest(' '.join(line.text.split()) for line in lines if line.text)


def read_header(text: str, path: str) -> Fingerprint | None:
    """The fingerprint of a requirements.txt, or None if it has none."""
    if PREFIX not in text:
        return None
    for lineno, line in enumerate(text.splitlines(), 1):  # noqa: B007 (the line number is the message's)
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
        if not sep or not key or not 8 <= len(value) <= 64 or not _HEX.issuperset(value):
            raise BadInput(path, lineno, f'malformed fingerprint field {field!r}; recompile to restamp')
        values[_unescape(key)] = value
    output = values.pop('output', None)
    options = values.pop('options', None)
    if output is None or options is None:
        raise BadInput(path, lineno, 'malformed fingerprint (no output= or options=); recompile to restamp')
    return Fingerprint(lineno, output, options, values, values.pop(BYTES_KEY, None))


def unchanged(fp: Fingerprint, snapshot: Snapshot, project: Compiled, text: str, files: list[str]) -> bool:
    """Whether ``<bytes>`` vouches for ``text``: every file the verdict
    reads is byte for byte as when requirements-compile stamped it, and it
    was fresh then."""
    if fp.bytes is None:
        return False
    body = _without_header(text, fp.line)
    return _bytes_digest(files_digest(snapshot, project, fp.inputs, files), body) == fp.bytes


def changes(fp: Fingerprint, project: Compiled, current: dict[str, str], text: str, options: str | None = None) -> list[str]:
    """Why the fingerprint no longer matches, one message per reason."""
    def name(key: str) -> str:
        if key == ADDONS_KEY:
            return 'the addons list (addons/*/addon.json, settings.py)'
        return project.path(key) if not key.startswith('../') else posixpath.normpath(project.path(key))

    txt = posixpath.basename(project.output)
    found = []
    for key in sorted(set(fp.inputs) | set(current)):
        if key not in current:
            found.append(f'{name(key)} is no longer an input, but {txt} was compiled with it')
        elif key not in fp.inputs:
            found.append(f'{name(key)} is new since {txt} was compiled')
        elif current[key] != fp.inputs[key]:
            found.append(f'{name(key)} changed since {txt} was compiled')
    if options is not None and options != fp.options:
        found.append(f'the compile options changed since {txt} was compiled')
    if output_digest(_without_header(text, fp.line)) != fp.output:
        found.append(f'the pins were edited by hand since {txt} was compiled')
    return found


def _without_header(text: str, lineno: int) -> str:
    lines = text.splitlines(keepends=True)
    del lines[lineno - 1]
    return ''.join(lines)


def stamp(text: str, inputs: Inputs, options: str, vouch: bool = False) -> str:
    """``text`` with its fingerprint line put first (or replaced); line
    endings as the file has them.  ``vouch``: ``text`` passes every rule
    (see hooks.rules.rule5_fingerprint.stamp), so ``<bytes>`` may answer for it."""
    old = read_header(text, 'requirements.txt')
    if old is not None:
        text = _without_header(text, old.line)
    newline = '\r\n' if '\r\n' in text else '\n'
    fields = [VERSION, f'output={output_digest(text)}', f'options={options}']
    if vouch:
        fields.append(f'{BYTES_KEY}={_bytes_digest(inputs.files, text)}')
    fields += [f'{_escape(k)}={v}' for k, v in sorted(inputs.digests.items())]
    return f'{PREFIX} {" ".join(fields)}{newline}{text}'
