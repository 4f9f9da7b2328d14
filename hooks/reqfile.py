"""Reading pip requirement files: requirements.in (and its ``-r``/``-c``
includes) and requirements.txt (pip-compile output).

Two layers, so the fast path stays cheap:

* :func:`read_inputs` and :func:`read_pins` use only ``re``: logical lines
  (``\\`` continuations, comments, inline comments, options, includes, the
  Divio ``# <INSTALLED_ADDONS>`` block) and pins;
* :func:`requirements` hands each requirement line to
  ``packaging.requirements.Requirement`` (imported only when called).

pip's own parser is private; this follows its rules (``pip._internal.req.
req_file`` and ``req.constructors``, pip 23.2 to 26; tests/pip_oracle_test.py
holds pip to it): a ``#`` starts a comment at the start of a line or after
whitespace, so ``url#egg=name`` is not a comment, and a comment line ends a
continuation; ``${NAME}`` is expanded from the environment; the words after
the requirement that start with ``-`` are options, split as a shell splits
them and read as optparse reads them (:func:`parse_line`); a URL needs
``'; '`` before its marker; relative path requirements are taken from the
project folder (pip takes them from where it runs), includes from the
including file.  The differences kept on purpose are in README.md
(Reliability).
"""
from __future__ import annotations

import os
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
# pip's archive file names (pip._internal.utils.filetypes)
ARCHIVE_EXTENSIONS = (
    '.zip', '.whl', '.tar.bz2', '.tbz', '.tar.gz', '.tgz', '.tar', '.tar.xz', '.txz',
    '.tlz', '.tar.lz', '.tar.lzma',
)
# a pip-compile pin: "name==1.0", "name[extra]==1.0", "name===x", "name==1.0 ; marker"
PIN_RE = re.compile(
    r'^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?\s*'
    r'===?\s*(?P<version>[^\s;,]+)\s*(?:;(?P<marker>.*))?$',
)
NAME_AT_RE = re.compile(r'^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?\s*@\s*(?P<url>\S+)')

# pip's requirement-file options (pip._internal.req.req_file, pip 23.2 to
# 26): every one is read on every line, as pip's option parser does; the
# value says whether it takes a value.  Long options may be abbreviated to
# a unique prefix (optparse).
OPTIONS = {
    '--index-url': True, '--pypi-url': True, '--extra-index-url': True,
    '--no-index': False, '--constraint': True, '--requirement': True,
    '--editable': True, '--find-links': True, '--no-binary': True,
    '--only-binary': True, '--prefer-binary': False,
    '--require-hashes': False, '--no-require-hashes': False, '--pre': False,
    '--all-releases': True, '--only-final': True, '--trusted-host': True,
    '--use-feature': True,
    # per requirement
    '--hash': True, '--config-settings': True, '--global-option': True,
}
SHORT_OPTIONS = {
    '-i': '--index-url', '-c': '--constraint', '-r': '--requirement',
    '-e': '--editable', '-f': '--find-links', '-C': '--config-settings',
}
HASH_ALGORITHMS = ('sha256', 'sha384', 'sha512')
INCLUDE_OPTIONS = {'--requirement': '-r', '--constraint': '-c'}
# pip's is_url: these schemes make a URL requirement (and need '; ' before
# a marker)
URL_SCHEMES = frozenset((
    'http', 'https', 'file', 'ftp',
    'git', 'git+http', 'git+https', 'git+ssh', 'git+git', 'git+file',
    'hg', 'hg+http', 'hg+https', 'hg+ssh', 'hg+static-http', 'hg+file',
    'svn', 'svn+ssh', 'svn+http', 'svn+https', 'svn+svn', 'svn+file',
    'bzr', 'bzr+http', 'bzr+https', 'bzr+ssh', 'bzr+sftp', 'bzr+ftp', 'bzr+lp', 'bzr+file',
))
VCS_PREFIXES = ('git+', 'hg+', 'svn+', 'bzr+', 'git:', 'hg:', 'svn:', 'bzr:')
ENV_VAR_RE = re.compile(r'\$\{([A-Z0-9_]+)\}')
EXTRAS_RE = re.compile(r'^(.+)(\[[^\]]+\])$')


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


def expand_env(text: str) -> str:
    """pip's environment variables: ``${NAME}`` (NAME of A-Z, 0-9, _) is
    replaced by its value from the environment the check runs in; an unset
    or empty variable stays as written."""
    if '${' not in text:
        return text
    for name in ENV_VAR_RE.findall(text):
        value = os.environ.get(name)
        if value:
            text = text.replace('${' + name + '}', value)
    return text


def _long_option(line: Line, word: str) -> str:
    """``word`` (``--name``, maybe abbreviated) as one of :data:`OPTIONS`."""
    if word in OPTIONS:
        return word
    found = [o for o in OPTIONS if o.startswith(word)]
    if not found:
        raise BadInput(line.path, line.lineno, f'unknown option: {word}')
    if len(found) > 1:
        raise BadInput(line.path, line.lineno, f'ambiguous option: {word} ({", ".join(found)}?)')
    return found[0]


def _check_value(line: Line, option: str, shown: str, value: str) -> None:
    """``value`` of ``option`` (canonical), as pip's option callbacks check
    it; ``shown`` is the option as written."""
    if not value:
        raise BadInput(line.path, line.lineno, f'{shown} needs a value')
    if option == '--hash':
        algo, sep, _ = value.partition(':')
        if not sep or algo not in HASH_ALGORITHMS:
            raise BadInput(line.path, line.lineno, f'--hash={value}: a hash is ALGORITHM:HEX, the algorithm one of {", ".join(HASH_ALGORITHMS)}')
    elif option == '--config-settings' and '=' not in value:
        raise BadInput(line.path, line.lineno, f'{shown} {value}: expected KEY=VALUE')
    elif option in ('--no-binary', '--only-binary') and value.startswith('-'):
        raise BadInput(line.path, line.lineno, f'{shown} needs a value')


def _words(line: Line, options: str) -> list[str]:
    """The option part of a line split as pip splits it (``shlex.split``,
    so quotes and backslashes work); shlex is imported only when needed."""
    if options.isascii() and options.isprintable() and not any(c in options for c in '\'"\\'):
        return [w for w in options.split(' ') if w]
    import shlex

    try:
        return shlex.split(options)
    except ValueError as e:
        raise BadInput(line.path, line.lineno, f'cannot split the options: {e}') from None


def parse_line(line: Line) -> tuple[str, dict[str, list[str]]]:
    """A logical line as pip reads it: environment variables expanded, then
    the requirement part (the words before the first one starting with
    ``-``) and the options after it, ``{long option: [values]}`` (``''``
    for a flag).  Options are read as optparse reads them: ``--name=v``,
    ``--name v``, ``-rv``, ``-r v``, unique prefixes of long options, words
    that are no option ignored, ``--`` ends them.  Raises BadInput."""
    text = expand_env(line.text)
    if ' -' not in text and not text.startswith('-'):
        return text, {}
    tokens = text.split(' ')
    n = 0
    while n < len(tokens) and not tokens[n].startswith('-'):
        n += 1
    args = ' '.join(tokens[:n])
    words = _words(line, ' '.join(tokens[n:]))
    opts: dict[str, list[str]] = {}
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == '--':
            break
        if word.startswith('--'):
            name, eq, value = word.partition('=')
            option = _long_option(line, name)
            if OPTIONS[option]:
                if not eq:
                    if i == len(words):
                        raise BadInput(line.path, line.lineno, f'{name} needs a value')
                    value, i = words[i], i + 1
            elif eq:
                raise BadInput(line.path, line.lineno, f'{name} takes no value')
        elif word.startswith('-') and word != '-':
            name, value = word[:2], word[2:]
            if name not in SHORT_OPTIONS:
                raise BadInput(line.path, line.lineno, f'unknown option: {name}')
            option = SHORT_OPTIONS[name]
            if not value:
                if i == len(words):
                    raise BadInput(line.path, line.lineno, f'{name} needs a value')
                value, i = words[i], i + 1
        else:
            continue  # not an option: pip ignores it
        if OPTIONS[option]:
            _check_value(line, option, name, value)
        opts.setdefault(option, []).append(value)
    return args, opts


def _is_url(text: str) -> bool:
    """pip's is_url: a scheme pip downloads from (http, file, git+https...)."""
    scheme, sep, _ = text.partition(':')
    return bool(sep) and scheme.lower() in URL_SCHEMES


def _strip_extras(text: str) -> tuple[str, str]:
    """``./pkg[a,b]`` → (``./pkg``, ``[a,b]``), as pip's _strip_extras."""
    m = EXTRAS_RE.match(text)
    return (m.group(1), m.group(2)) if m else (text, '')


def _looks_like_path(text: str) -> bool:
    """pip's _looks_like_path (a '/' or a leading '.'), but ``name @ url``
    is a requirement."""
    return ('/' in text or text.startswith('.')) and NAME_AT_RE.match(text) is None


def _local(path: str) -> bool:
    """A path pip looks for on this machine and we can look for in the
    snapshot: relative (absolute paths such as Divio's
    ``/app/addons-dev/x`` are the build container's)."""
    return (
        not path.startswith(('/', '\\')) and URL_RE.match(path) is None
        and not path.lower().startswith(VCS_PREFIXES + ('file:',))
    )


def _check_path(snapshot: Snapshot, line: Line, project_dir: str, text: str, editable: bool) -> None:
    """A relative path requirement must be in the snapshot, taken (as pip
    takes it) from the folder pip runs in: the project's folder.  A folder
    is a project when it holds setup.py or pyproject.toml; an archive must
    exist (pip only warns when it does not: we cannot pin it)."""
    if not editable:
        sep = '; ' if _is_url(text) else ';'
        text = text.split(sep, 1)[0].strip()
        if not _looks_like_path(text):
            return
    elif NAME_AT_RE.match(text):
        return
    path, _ = _strip_extras(text)
    path = path.split('#', 1)[0]
    if not _local(path):
        return
    try:
        target = resolve(project_dir + '/' if project_dir else '', path)
    except ValueError:
        return  # outside the repository: cannot be checked
    archive = target.lower().endswith(ARCHIVE_EXTENSIONS)
    if archive:
        found = snapshot.exists(target)
    else:
        prefix = target + '/' if target else ''
        found = snapshot.exists(prefix + 'pyproject.toml') or snapshot.exists(prefix + 'setup.py')
    if not found:
        what = 'is not there' if archive else 'has no setup.py or pyproject.toml'
        unset = ' (an environment variable is not set)' if '${' in path else ''
        raise BadInput(line.path, line.lineno, f'{text}: {target or "."} {what}{unset} (paths are taken from the project folder, as pip takes them from where it runs)')


def _check_constraint(line: Line, args: str, editable: bool) -> None:
    """pip's resolver takes a constraint as a name and a specifier only."""
    if editable:
        raise BadInput(line.path, line.lineno, 'editable requirements are not allowed as constraints')
    head = args.split('; ', 1)[0] if _is_url(args) else args.split(';', 1)[0]
    if (_is_url(head) or _looks_like_path(head)) and EGG_RE.search(head) is None and not head.lower().endswith('.whl'):
        raise BadInput(line.path, line.lineno, 'unnamed requirements are not allowed as constraints')
    m = NAME_RE.match(head)
    if m is not None and head[m.end():].lstrip().startswith('['):
        raise BadInput(line.path, line.lineno, 'constraints cannot have extras')


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
    nested), each once, in reading order.  Every option is checked as pip
    checks it.  Includes are relative to the including file; a cycle, a
    URL, or a path leaving the repository is bad input, and so is a relative
    path requirement the snapshot does not have, or an editable constraint."""
    files: list[InputFile] = []
    seen: set[str] = set()
    project_dir = posixpath.dirname(requirements_in)

    def visit(path: str, kind: str, stack: tuple[str, ...], via: Line | None) -> None:
        lines = logical_lines(read_file(snapshot, path, via=via), path)
        files.append(InputFile(path, kind, lines))
        seen.add(path)
        for line in lines:
            text = line.text
            if not text or (  # a plain requirement: nothing to check here
                ' -' not in text and '$' not in text and '/' not in text
                and not text.startswith(('-', '.')) and (kind != '-c' or '[' not in text)
            ):
                continue
            args, opts = parse_line(line)
            editables = opts.get('--editable')
            if args and editables:
                raise BadInput(path, line.lineno, 'a requirement and -e on one line')
            if args or editables:
                if kind == '-c':
                    _check_constraint(line, args, bool(editables))
                _check_path(snapshot, line, project_dir, args or editables[0], bool(editables))
                continue
            opt = '--requirement' if '--requirement' in opts else '--constraint'
            if opt not in opts:
                continue
            short = INCLUDE_OPTIONS[opt]
            value = opts[opt][0]
            if URL_RE.match(value):
                raise BadInput(path, line.lineno, f'{short} {value}: remote includes cannot be checked offline')
            try:
                target = resolve(path, value)
            except ValueError:
                raise BadInput(path, line.lineno, f'{short} {value}: include leaves the repository') from None
            if target in stack:
                raise BadInput(path, line.lineno, f'{short} {value}: include cycle ({" -> ".join(stack + (target,))})')
            if target not in seen:
                visit(target, short, stack + (target,), line)

    visit(requirements_in, 'in', (requirements_in,), None)
    return files


class Req(namedtuple('Req', 'path lineno text name req version editable addon extras url_marker location', defaults=(frozenset(), None, None))):
    """A requirement of the inputs.

    name       PEP 503-normalised; for a path without a name, its folder name
    req        packaging.requirements.Requirement, or None for URLs and paths
    version    an exact version the line fixes (==, #egg=x==v, archive name)
    extras     the extras asked for (lower case)
    url_marker the environment marker of a URL or path line (a Marker)
    location   the URL or path of a URL or path line, as written
    """
    __slots__ = ()

    @property
    def marker(self) -> object:
        return self.req.marker if self.req is not None else self.url_marker


def _wheel_name_version(filename: str) -> tuple[str, str] | None:
    """``Foo_Bar-1.0(-build)-py3-none-any.whl`` → (``foo-bar``, ``1.0``), as
    packaging.utils.parse_wheel_filename; None when it is no wheel name."""
    parts = filename[:-4].split('-')
    if len(parts) not in (5, 6) or not parts[0] or not parts[1]:
        return None
    if len(parts) == 6 and not parts[2][:1].isdigit():
        return None
    return normalize(parts[0]), parts[1]


def _url_name_version(url: str) -> tuple[str | None, str | None]:
    base = posixpath.basename(url.split('#', 1)[0].split('?', 1)[0].rstrip('/'))
    if base.lower().endswith('.whl'):
        wheel = _wheel_name_version(base)
        if wheel is not None:
            return wheel
    m = EGG_RE.search(url)
    if m:
        egg = m.group(1)
        name, _, version = egg.partition('==')
        return normalize(name), version or None
    m = ARCHIVE_RE.match(base)
    if m:
        return normalize(m.group('name')), m.group('version')
    return None, None


def _is_path(text: str) -> bool:
    return text.startswith(('.', '/', '~')) or (
        '/' in text and NAME_AT_RE.match(text) is None and not URL_RE.match(text)
        and ';' not in text.split('/', 1)[0]
    )


def path_name(location: str, including: str = '', root_name: str = '') -> str:
    """The name a path or URL requirement without ``#egg=`` goes by: its
    folder's name, as pip-compile pins it (``-e .`` in the repository root
    is ``-e file:///.../<root folder>``).  A relative path is taken from
    ``including``'s folder (the project's requirements.in: pip takes paths
    from where it runs); ``root_name`` names the repository root."""
    path = location.split('#', 1)[0].split('?', 1)[0].rstrip('/')
    if path.startswith('file:'):
        path = '/' + path[5:].lstrip('/')
    elif not path.startswith(('/', '~')) and not URL_RE.match(path):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(including), path))
    base = posixpath.basename(path)
    if base in ('', '.'):
        base = root_name
    return normalize(base)


def requirements(files: list[InputFile], root_name: str = '', constraints: bool = False) -> list[Req]:
    """Every requirement of the ``'in'`` and ``-r`` files (``-c``
    constraints are not requirements, unless ``constraints``), parsed as
    pip parses them, with packaging.  Relative paths are taken from the
    project folder (requirements.in's).  ``root_name``: the repository
    root's folder name (for ``-e .``)."""
    from packaging.markers import InvalidMarker
    from packaging.markers import Marker
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement

    base = next((f.path for f in files if f.kind == 'in'), '')

    def extras_of(line: Line, text: str) -> frozenset[str]:
        if not text:
            return frozenset()
        try:
            return frozenset(Requirement('placeholder' + text.lower()).extras)
        except InvalidRequirement:
            raise BadInput(line.path, line.lineno, f'invalid extras: {text}') from None

    reqs = []
    for f in files:
        if f.kind == '-c' and not constraints:
            continue
        for line in f.lines:
            if not line.text:
                continue
            text, opts = parse_line(line)
            editable = False
            if not text:
                if '--editable' not in opts:
                    continue
                text, editable = opts['--editable'][0], True
            marker = None
            head = text
            if editable:
                location, extras = _strip_extras(text)
                if _is_url(location) and not location.lower().startswith(('file:', *VCS_PREFIXES)):
                    raise BadInput(line.path, line.lineno, f'-e {text}: not a valid editable requirement (a path or a VCS URL such as git+https://...)')
            else:
                sep = '; ' if _is_url(text) else ';'
                head, _, marker_text = text.partition(sep)
                head = head.strip()
                if marker_text.strip():
                    try:
                        marker = Marker(marker_text.strip())
                    except InvalidMarker as e:
                        raise BadInput(line.path, line.lineno, f'invalid marker: {marker_text.strip()!r}: {str(e).splitlines()[0]}') from None
                location, extras = head, ''
                if not _is_url(head):
                    location, extras = _strip_extras(head) if _looks_like_path(head) else ('', '')
                    if len(location.split()) > 1:  # "django https://...": pip reads it as a name
                        location = ''
            if location:
                egg = EGG_RE.search(location)
                if egg is not None and egg.end() < len(location) and location[egg.end()] not in '&':
                    raise BadInput(line.path, line.lineno, f'{location}: invalid #egg= fragment (a name, or name==version)')
                m = NAME_AT_RE.match(location) if editable else None
                name, version = (normalize(m.group('name')), None) if m else _url_name_version(location)
                if name is None and location.lower().endswith('.whl'):
                    raise BadInput(line.path, line.lineno, f'{location}: not a wheel file name (name-version-python-abi-platform.whl)')
                if name is None:
                    name = path_name(location, base, root_name)
                reqs.append(Req(line.path, line.lineno, line.text, name, None, version, editable, line.addon,
                                extras_of(line, extras), marker, location))
                continue
            try:
                req = Requirement(head)
            except InvalidRequirement as e:
                msg = str(e).splitlines()[0]
                raise BadInput(line.path, line.lineno, f'invalid requirement: {head!r}: {msg}') from None
            if marker is not None:
                req.marker = marker
            version = None
            if req.url:
                _, version = _url_name_version(req.url)
            else:
                specs = list(req.specifier)
                if len(specs) == 1 and specs[0].operator in ('==', '===') and '*' not in specs[0].version:
                    version = specs[0].version
            reqs.append(Req(line.path, line.lineno, line.text, normalize(req.name), req, version, False, line.addon,
                            frozenset(e.lower() for e in req.extras)))
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


def _read_pin(line: Line, path: str) -> Pin | None:
    """One logical line of requirements.txt as a pin; None for an option
    line (``--index-url``)."""
    # options as pip reads them (an unknown one, or one without its value,
    # is bad input); a line of options alone is no pin
    requirement, opts = parse_line(line)
    editable = '--editable' in opts
    if editable:
        requirement = opts['--editable'][0]
    elif not requirement:
        return None
    hashes = '--hash' in opts
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
