"""Reading pip requirement files: requirements.in (and its ``-r``/``-c``
includes) and requirements.txt (pip-compile output).

Two layers, so the fast path stays cheap:

* :func:`read_inputs` and :func:`read_pins` use only ``re``: logical lines
  (``\\`` continuations, comments, inline comments, options, includes, the
  Divio ``# <INSTALLED_ADDONS>`` block) and pins;
* :func:`requirements` hands each requirement line to
  ``packaging.requirements.Requirement`` (imported only when called).

pip's own parser is private; this follows its rules (``pip._internal.req.
req_file``): a ``#`` starts a comment at the start of a line or after
whitespace, so ``url#egg=name`` is not a comment, and a comment line ends a
continuation.
"""
from __future__ import annotations

import posixpath
import re
from collections import namedtuple

from hooks.project import resolve
from hooks.report import BadInput
from hooks.report import decode
from hooks.snapshot import Snapshot

ADDONS_OPEN_RE = re.compile(r'^\s*#\s*<INSTALLED_ADDONS>', re.IGNORECASE)
ADDONS_CLOSE_RE = re.compile(r'^\s*#\s*</INSTALLED_ADDONS>', re.IGNORECASE)
NAME_RE = re.compile(r'^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)')
_NORMALIZE_RE = re.compile(r'[-_.]+')
EGG_RE = re.compile(r'[#&]egg=([^&\s]+)')
URL_RE = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*://')
# "aldryn-django-3.0.14.0.tar.gz", "Django-4.2.7-py3-none-any.whl"
ARCHIVE_RE = re.compile(
    r'^(?P<name>.+?)-(?P<version>\d[^-]*?)(?:-[^/]*)?'
    r'\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|zip|whl|tar)$',
    re.IGNORECASE,
)
# a pip-compile pin: "name==1.0", "name[extra]==1.0", "name===x", "name==1.0 ; marker"
PIN_RE = re.compile(
    r'^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?\s*'
    r'===?\s*(?P<version>[^\s;,]+)\s*(?:;(?P<marker>.*))?$',
)
NAME_AT_RE = re.compile(r'^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?\s*@\s*(?P<url>\S+)')

# pip's requirement-file options (pip._internal.req.req_file), with older
# ones users still have; the value says whether the option takes a value.
GLOBAL_OPTIONS = {
    '-i': True, '--index-url': True, '--extra-index-url': True,
    '--no-index': False, '-c': True, '--constraint': True,
    '-r': True, '--requirement': True, '-e': True, '--editable': True,
    '-f': True, '--find-links': True, '--no-binary': True,
    '--only-binary': True, '--prefer-binary': False,
    '--require-hashes': False, '--no-require-hashes': False, '--pre': False,
    '--all-releases': False, '--only-final': False,
    '--trusted-host': True, '--use-feature': True,
    '--process-dependency-links': False,
}
REQUIREMENT_OPTIONS = frozenset((
    '--hash', '--config-settings', '--global-option', '--install-option',
))
INCLUDE_OPTIONS = {
    '-r': '-r', '--requirement': '-r', '-c': '-c', '--constraint': '-c',
}


def normalize(name: str) -> str:
    """PEP 503 name normalisation (as packaging.utils.canonicalize_name)."""
    return _NORMALIZE_RE.sub('-', name).lower()


# (namedtuple, not typing.NamedTuple: importing typing costs the check 2 ms)

# A logical line: continuations joined, the comment taken off.
#   path    the repo-relative file
#   lineno  its first physical line
#   text    without the comment, stripped ('' for comment and blank lines)
#   comment the comment's text after '#' (leading blanks kept)
#   addon   inside the # <INSTALLED_ADDONS> block
Line = namedtuple('Line', 'path lineno text comment addon')


def comment_start(raw: str) -> int:
    """Where the comment of a physical line starts (its '#'), or -1.  As
    pip (``(^|\\s+)#.*$``): a '#' at the start of the line or after
    whitespace, so ``url#egg=name`` is not a comment."""
    i = raw.find('#')
    while i > 0 and not raw[i - 1].isspace():
        i = raw.find('#', i + 1)
    return i


def logical_lines(text: str, path: str) -> list[Line]:
    lines = []
    addon = False
    opened = 0
    parts: list[str] = []
    first = 0
    # str.splitlines, as pip: LF, CRLF, a lone CR (and the other Unicode
    # line breaks) end a line
    for n, raw in enumerate(text.splitlines(), 1):
        hash_at = comment_start(raw)
        is_comment = hash_at == 0 or (hash_at > 0 and raw[:hash_at].isspace())
        if raw.endswith('\\') and not is_comment:
            if not parts:
                first = n
            parts.append(raw[:-1])
            continue
        if parts:
            if is_comment:
                raw = ' ' + raw
            parts.append(raw)
            raw, n_first = ''.join(parts), first
            parts = []
            hash_at = comment_start(raw)
        else:
            n_first = n
        if hash_at < 0:
            lines.append(Line(path, n_first, raw.strip(), '', addon))
            continue
        if ADDONS_OPEN_RE.match(raw):
            if addon:
                raise BadInput(path, n_first, '# <INSTALLED_ADDONS> opened twice')
            addon, opened = True, n_first
            continue
        if ADDONS_CLOSE_RE.match(raw):
            if not addon:
                raise BadInput(path, n_first, '# </INSTALLED_ADDONS> without an opening tag')
            addon = False
            continue
        lines.append(Line(path, n_first, raw[:hash_at].strip(), raw[hash_at + 1:].rstrip(), addon))
    if parts:
        lines.append(Line(path, first, ''.join(parts).strip(), '', addon))
    if addon:
        raise BadInput(path, opened, '# <INSTALLED_ADDONS> is never closed (# </INSTALLED_ADDONS>)')
    return lines


def split_option(text: str) -> tuple[str, str | None]:
    """``-r x`` / ``--requirement=x`` / ``-rx`` → (option, value)."""
    if text.startswith('--'):
        head, sep, rest = text.partition('=')
        if sep and ' ' not in head:
            return head, rest.strip()
        head, _, rest = text.partition(' ')
        return head, rest.strip() or None
    head, rest = text[:2], text[2:]
    rest = rest.lstrip('=') if rest.startswith('=') else rest
    return head, rest.strip() or None


# An input file: kind is 'in' for requirements.in, '-r' or '-c' for includes.
InputFile = namedtuple('InputFile', 'path kind lines')


def read_file(snapshot: Snapshot, path: str, *, via: Line | None = None) -> str:
    data = snapshot.read(path)
    if data is None:
        if via is None:
            raise BadInput(path, 0, 'file not found')
        raise BadInput(via.path, via.lineno, f'{path}: included file not found')
    return decode(data, path)


def read_inputs(snapshot: Snapshot, requirements_in: str) -> list[InputFile]:
    """requirements.in and every file it includes (``-r``, ``-c``, also
    nested), each once, in reading order.  Includes are relative to the
    including file; a cycle, a URL, or a path leaving the repository is bad
    input."""
    files: list[InputFile] = []
    seen: set[str] = set()

    def visit(path: str, kind: str, stack: tuple[str, ...], via: Line | None) -> None:
        lines = logical_lines(read_file(snapshot, path, via=via), path)
        files.append(InputFile(path, kind, lines))
        seen.add(path)
        for line in lines:
            if not line.text.startswith('-'):
                continue
            opt, value = split_option(line.text)
            if opt not in GLOBAL_OPTIONS:
                raise BadInput(path, line.lineno, f'unknown option: {opt}')
            if GLOBAL_OPTIONS[opt] and not value:
                raise BadInput(path, line.lineno, f'{opt} needs a value')
            if opt not in INCLUDE_OPTIONS:
                continue
            assert value is not None
            if URL_RE.match(value):
                raise BadInput(path, line.lineno, f'{opt} {value}: remote includes cannot be checked offline')
            try:
                target = resolve(path, value)
            except ValueError:
                raise BadInput(path, line.lineno, f'{opt} {value}: include leaves the repository') from None
            if target in stack:
                raise BadInput(path, line.lineno, f'{opt} {value}: include cycle ({" -> ".join(stack + (target,))})')
            if target not in seen:
                visit(target, INCLUDE_OPTIONS[opt], stack + (target,), line)

    visit(requirements_in, 'in', (requirements_in,), None)
    return files


class Req(namedtuple('Req', 'path lineno text name req version editable addon')):
    """A requirement of the inputs.

    name     PEP 503-normalised; for a path without a name, its folder name
    req      packaging.requirements.Requirement, or None for URLs and paths
    version  an exact version the line fixes (==, #egg=x==v, archive name)
    """
    __slots__ = ()

    @property
    def marker(self) -> object:
        return self.req.marker if self.req is not None else None


def _url_name_version(url: str) -> tuple[str | None, str | None]:
    m = EGG_RE.search(url)
    if m:
        egg = m.group(1)
        name, _, version = egg.partition('==')
        return normalize(name), version or None
    base = posixpath.basename(url.split('#', 1)[0].split('?', 1)[0].rstrip('/'))
    m = ARCHIVE_RE.match(base)
    if m:
        return normalize(m.group('name')), m.group('version')
    return None, None


def _split_requirement_options(line: Line) -> str:
    """The requirement part of a line; per-requirement options (``--hash``)
    are checked and dropped."""
    tokens = line.text.split()
    for i, tok in enumerate(tokens):
        if tok.startswith('-'):
            for opt in tokens[i:]:
                name = opt.partition('=')[0]
                if opt.startswith('-') and name not in REQUIREMENT_OPTIONS:
                    raise BadInput(line.path, line.lineno, f'unknown option: {name}')
            return ' '.join(tokens[:i])
    return line.text


def _is_path(text: str) -> bool:
    return text.startswith(('.', '/', '~')) or (
        '/' in text and NAME_AT_RE.match(text) is None and not URL_RE.match(text)
        and ';' not in text.split('/', 1)[0]
    )


def path_name(location: str, including: str = '', root_name: str = '') -> str:
    """The name a path or URL requirement without ``#egg=`` goes by: its
    folder's name, as pip-compile pins it (``-e .`` in the repository root
    is ``-e file:///.../<root folder>``).  A relative path is taken from
    ``including``'s folder; ``root_name`` names the repository root."""
    path = location.split('#', 1)[0].split('?', 1)[0].rstrip('/')
    if path.startswith('file:'):
        path = '/' + path[5:].lstrip('/')
    elif not path.startswith(('/', '~')) and not URL_RE.match(path):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(including), path))
    base = posixpath.basename(path)
    if base in ('', '.'):
        base = root_name
    return normalize(base)


def requirements(files: list[InputFile], root_name: str = '') -> list[Req]:
    """Every requirement of the ``'in'`` and ``-r`` files (``-c``
    constraints are not requirements), parsed with packaging.
    ``root_name``: the repository root's folder name (for ``-e .``)."""
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement

    reqs = []
    for f in files:
        if f.kind == '-c':
            continue
        for line in f.lines:
            text = line.text
            if not text:
                continue
            editable = False
            if text.startswith('-'):
                opt, value = split_option(text)
                if opt not in ('-e', '--editable'):
                    continue
                text, editable = value or '', True
            else:
                text = _split_requirement_options(line)
            if editable or URL_RE.match(text) or _is_path(text):
                name, version = _url_name_version(text)
                if name is None:
                    name = path_name(text, line.path, root_name)
                reqs.append(Req(line.path, line.lineno, line.text, name, None, version, editable, line.addon))
                continue
            try:
                req = Requirement(text)
            except InvalidRequirement as e:
                msg = str(e).splitlines()[0]
                raise BadInput(line.path, line.lineno, f'invalid requirement: {text!r}: {msg}') from None
            version = None
            if req.url:
                _, version = _url_name_version(req.url)
            else:
                specs = list(req.specifier)
                if len(specs) == 1 and specs[0].operator in ('==', '===') and '*' not in specs[0].version:
                    version = specs[0].version
            reqs.append(Req(line.path, line.lineno, line.text, normalize(req.name), req, version, False, line.addon))
    return reqs


# a line of requirements.txt that is a requirement but no pin ("django>=4"
# by hand): a name, extras, specifiers, a marker; anything else is bad input
_SPEC = r'(?:~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9][A-Za-z0-9.*+!_-]*'
LOOSE_RE = re.compile(
    r'^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*'
    rf'(?:\(?\s*{_SPEC}(?:\s*,\s*{_SPEC})*\s*\)?)?\s*(?:;.*)?$',
)
# the footer pip-compile writes instead of pins without --allow-unsafe
UNSAFE_FOOTER = 'The following packages are considered to be unsafe in a requirements file'
_URL_MARKER_RE = re.compile(r'\s;\s*(?P<marker>.*)$')


# A pin of requirements.txt.
#   name     PEP 503-normalised
#   version  None for a URL or path pin without a version, and for an
#            unsafe package pip-compile lists in its footer (unsafe)
#   via      the '# via' entries, inline or in a block; () if none
#   exact    False for a line that is not a pin (django>=4, django==4.2.*)
#   marker   the environment marker's text, or None
#   hashes   the line (or its continuations) has --hash
#   extras   the extras written on the pin, normalised and sorted: () if none
#   url      the location of a URL or path pin, as written (without -e)
#   unsafe   listed as '# name' under pip-compile's unsafe footer: pinned,
#            without a version
#   alternatives  the other pins of the same name, in file order (uv
#            --universal pins one package once per exclusive marker)
Pin = namedtuple(
    'Pin', 'name version line via editable exact marker hashes extras url unsafe alternatives',
    defaults=(False, True, None, False, (), None, False, ()),
)


def _via_entries(text: str) -> list[str]:
    return [e.strip() for e in text.split(',') if e.strip()]


def _extras(text: str | None) -> tuple[str, ...]:
    return tuple(sorted({normalize(e.strip()) for e in (text or '').split(',') if e.strip()}))


def _pin_options(line: Line, options: str) -> bool:
    """Check a pin line's per-requirement options (``--hash=...``); return
    whether it has a ``--hash``."""
    hashes = False
    for tok in options.split():
        if not tok.startswith('-'):
            continue  # the value of '--hash sha256:...'
        name = tok.partition('=')[0]
        if name not in REQUIREMENT_OPTIONS:
            raise BadInput(line.path, line.lineno, f'unknown option: {name}')
        hashes = hashes or name == '--hash'
    return hashes


def _read_pin(line: Line, path: str) -> Pin | None:
    """One logical line of requirements.txt as a pin; None for an option
    line (``--index-url``)."""
    text = line.text
    editable = False
    if text.startswith('-'):
        opt, value = split_option(text)
        if opt in ('-e', '--editable'):
            if not value:
                raise BadInput(path, line.lineno, f'{opt} needs a value')
            text, editable = value, True
        elif opt in GLOBAL_OPTIONS:
            if GLOBAL_OPTIONS[opt] and not value:
                raise BadInput(path, line.lineno, f'{opt} needs a value')
            return None
        else:
            raise BadInput(path, line.lineno, f'unknown option: {opt}')
    requirement, sep, options = text.partition(' -')
    hashes = _pin_options(line, sep + options) if sep else False
    requirement = requirement.strip()
    if not editable:
        m = PIN_RE.match(requirement)
        if m:
            version = m.group('version')
            marker = (m.group('marker') or '').strip() or None
            return Pin(
                normalize(m.group('name')), version, line.lineno, (), exact='*' not in version,
                marker=marker, hashes=hashes, extras=_extras(m.group('extras')),
            )
    m = _URL_MARKER_RE.search(requirement)
    marker = m.group('marker').strip() or None if m else None
    location = requirement[:m.start()].strip() if m else requirement
    m = None if editable else NAME_AT_RE.match(location)
    if m:
        url = m.group('url')
        _, version = _url_name_version(url)
        return Pin(
            normalize(m.group('name')), version, line.lineno, (), marker=marker, hashes=hashes,
            extras=_extras(m.group('extras')), url=url,
        )
    if editable or URL_RE.match(location) or _is_path(location):
        name, version = _url_name_version(location)
        if name is None:
            name = path_name(location, path)
        return Pin(name, version, line.lineno, (), editable, marker=marker, hashes=hashes, url=location)
    m = NAME_RE.match(requirement)
    if m is None:
        raise BadInput(path, line.lineno, f'cannot read this line: {line.text!r}')
    if LOOSE_RE.match(requirement) is None:
        raise BadInput(path, line.lineno, f'invalid pin: {requirement!r}')
    return Pin(normalize(m.group(1)), None, line.lineno, (), exact=False, hashes=hashes)


def _unsafe_pin(comment: str, lineno: int) -> Pin | None:
    """``# setuptools`` (or ``# setuptools==41.0.1  # via x``, older
    pip-tools) under the unsafe footer."""
    comment = comment.split('#', 1)[0].strip()
    m = PIN_RE.match(comment) or NAME_RE.match(comment)
    if m is None or m.end() != len(comment):
        return None
    version = m.group('version') if m.re is PIN_RE else None
    return Pin(normalize(m.group(1)), version, lineno, (), unsafe=True)


def read_pins(text: str, path: str) -> dict[str, Pin]:
    """The pins of a requirements.txt, by normalised name.  Reads
    ``name==version``, ``name @ url``, ``url#egg=name==version``, ``-e``
    lines, markers, ``--hash``, both ``# via`` styles and the packages of
    pip-compile's unsafe footer; option lines are checked and skipped.
    A name pinned more than once (under exclusive markers) maps to its
    first pin, which holds the others in ``alternatives``.  A line that is
    no requirement, or an unknown option, is bad input."""
    found: list[Pin] = []
    via: list[list[str]] = []
    in_block = False  # reading the entries of the last pin's '# via' block
    last = False  # the comment lines follow a pin
    unsafe = False  # below pip-compile's unsafe footer
    for line in logical_lines(text, path):
        if not line.text:
            comment = line.comment.strip()
            if last and comment.startswith('via'):
                rest = comment[3:].strip()
                via[-1].extend(_via_entries(rest))
                in_block = not rest
            elif in_block and line.comment.startswith('  '):
                # the entries of a '# via' block: '    #   django-cms'
                via[-1].extend(_via_entries(comment))
            else:
                in_block = last = False
                if comment.startswith(UNSAFE_FOOTER):
                    unsafe = True
                elif unsafe and line.comment.startswith(' ') and not line.comment.startswith('  '):
                    pin = _unsafe_pin(comment, line.lineno)
                    if pin is not None:
                        found.append(pin)
                        via.append([])
                        last = True
            continue
        in_block = last = False
        pin = _read_pin(line, path)
        if pin is None:
            continue
        found.append(pin)
        via.append([])
        last = True
        comment = line.comment.strip()
        if comment.startswith('via'):
            via[-1].extend(_via_entries(comment[3:]))
    pins: dict[str, Pin] = {}
    more: dict[str, list[Pin]] = {}
    for pin, entries in zip(found, via):
        pin = pin._replace(via=tuple(entries))
        if pin.name in pins:
            more.setdefault(pin.name, []).append(pin)
        else:
            pins[pin.name] = pin
    for name, others in more.items():
        pins[name] = pins[name]._replace(alternatives=tuple(others))
    return pins


def all_pins(pin: Pin) -> tuple[Pin, ...]:
    """The pin and its alternatives (the other pins of its name)."""
    return (pin, *pin.alternatives)
