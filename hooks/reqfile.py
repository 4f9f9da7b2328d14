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
    r'^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*'
    r'===?\s*(?P<version>[^\s;,]+)\s*(?:;.*)?$',
)
NAME_AT_RE = re.compile(r'^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*@\s*(?P<url>\S+)')

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


# A pin of requirements.txt.
#   name     PEP 503-normalised
#   version  None for a URL or path pin without a version
#   via      the '# via' entries, inline or in a block; () if none
#   exact    False for a line that is not a pin (django>=4 by hand)
Pin = namedtuple('Pin', 'name version line via editable exact', defaults=(False, True))


def _via_entries(text: str) -> list[str]:
    return [e.strip() for e in text.split(',') if e.strip()]


def read_pins(text: str, path: str) -> dict[str, Pin]:
    """The pins of a requirements.txt, by normalised name.  Reads
    ``name==version``, ``name @ url``, ``url#egg=name==version``, ``-e``
    lines and both ``# via`` styles; the local-only footer and options are
    skipped."""
    pins: dict[str, Pin] = {}
    order: list[str] = []
    via: dict[str, list[str]] = {}
    in_block: str | None = None  # the pin whose '# via' block we are reading
    last: str | None = None
    for line in logical_lines(text, path):
        if not line.text:
            comment = line.comment.strip()
            if last is not None and comment.startswith('via'):
                rest = comment[3:].strip()
                via.setdefault(last, []).extend(_via_entries(rest))
                in_block = last if not rest else None
            elif in_block is not None and line.comment.startswith('  '):
                # the entries of a '# via' block: '    #   django-cms'
                via[in_block].extend(_via_entries(comment))
            else:
                in_block = None
                last = None
            continue
        in_block = None
        last = None
        text_ = line.text
        editable = False
        if text_.startswith('-'):
            opt, value = split_option(text_)
            if opt in ('-e', '--editable') and value:
                text_, editable = value, True
            else:
                continue
        else:
            text_ = text_.split(' --', 1)[0].strip()
        m = PIN_RE.match(text_)
        if m and not editable:
            pin = Pin(normalize(m.group('name')), m.group('version'), line.lineno, ())
        else:
            m = NAME_AT_RE.match(text_)
            if m and not editable:
                _, version = _url_name_version(m.group('url'))
                pin = Pin(normalize(m.group('name')), version, line.lineno, ())
            elif editable or URL_RE.match(text_) or _is_path(text_):
                name, version = _url_name_version(text_)
                if name is None:
                    name = path_name(text_)
                pin = Pin(name, version, line.lineno, (), editable)
            else:
                m = NAME_RE.match(text_)
                if m is None:
                    raise BadInput(path, line.lineno, f'cannot read this line: {line.text!r}')
                pin = Pin(normalize(m.group(1)), None, line.lineno, (), exact=False)
        if pin.name not in pins:
            order.append(pin.name)
        pins[pin.name] = pin
        last = pin.name
        comment = line.comment.strip()
        if comment.startswith('via'):
            via.setdefault(last, []).extend(_via_entries(comment[3:]))
    return {
        name: pins[name]._replace(via=tuple(via.get(name, ())))
        for name in order
    }
