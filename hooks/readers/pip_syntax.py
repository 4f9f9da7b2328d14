"""pip's requirement-file syntax, shared by the readers of requirement
inputs (:mod:`hooks.readers.requirements`) and pinned outputs
(:mod:`hooks.readers.pinfile`), and by the compiler runner's rewriting of
``#egg=`` lines (:mod:`hooks.compile.pip_readable`).

pip's own parser is private; this follows its rules (``pip._internal.req.
req_file`` and ``req.constructors``, pip 23.2 to 26; tests/pip_oracle_test.py
holds pip to it): a ``#`` starts a comment at the start of a line or after
whitespace, so ``url#egg=name`` is not a comment, and a comment line ends a
continuation; ``${NAME}`` is expanded from the environment; the words after
the requirement that start with ``-`` are options, split as a shell splits
them and read as optparse reads them (:func:`parse_line`); a URL needs
``'; '`` before its marker.  The differences kept on purpose are in
README.md ("Reliability").

Only ``re`` is imported (``shlex`` when an option holds a quote): the
fingerprint's normalised digests read lines on the everyday path.
"""
from __future__ import annotations

import os
import posixpath
import re
from collections import namedtuple

from hooks.report import BadInput

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Iterator

# the Divio addons block, in requirements.in and in settings.py
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



def joined_lines(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """(first, end, text, open) of each line pip reads: the physical lines
    ``first`` to ``end`` (0-based, ``end`` exclusive) joined where they end
    with ``\\`` (without it), a comment line ending a continuation (joined
    after a blank).  ``open``: the text ended inside a continuation (the
    last line's ``\\`` taken off too).  str.splitlines, as pip: LF, CRLF, a
    lone CR (and the other Unicode line breaks) end a line."""
    lines = text.splitlines()
    parts: list[str] = []
    first = 0
    for n, raw in enumerate(lines):
        hash_at = comment_start(raw)
        is_comment = hash_at == 0 or (hash_at > 0 and raw[:hash_at].isspace())
        if raw.endswith('\\') and not is_comment:
            if not parts:
                first = n
            parts.append(raw[:-1])
            continue
        if parts:
            parts.append(' ' + raw if is_comment else raw)
            yield first, n + 1, ''.join(parts), False
            parts = []
        else:
            yield n, n + 1, raw, False
    if parts:
        yield first, len(lines), ''.join(parts), True


def logical_lines(text: str, path: str) -> list[Line]:
    """The logical lines of a requirements file: continuations joined, the
    comment taken off, the ``# <INSTALLED_ADDONS>`` block marked."""
    lines = []
    addon = False
    opened = 0
    for first, _, raw, open_ in joined_lines(text):
        n_first = first + 1
        if open_:
            lines.append(Line(path, n_first, raw.strip(), '', addon))
            continue
        hash_at = comment_start(raw)
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


def is_url(text: str) -> bool:
    """pip's is_url: a scheme pip downloads from (http, file, git+https...)."""
    scheme, sep, _ = text.partition(':')
    return bool(sep) and scheme.lower() in URL_SCHEMES


def strip_extras(text: str) -> tuple[str, str]:
    """``./pkg[a,b]`` → (``./pkg``, ``[a,b]``), as pip's strip_extras."""
    m = EXTRAS_RE.match(text)
    return (m.group(1), m.group(2)) if m else (text, '')


def looks_like_path(text: str) -> bool:
    """pip's looks_like_path (a '/' or a leading '.'), but ``name @ url``
    is a requirement."""
    return ('/' in text or text.startswith('.')) and NAME_AT_RE.match(text) is None


def _wheel_name_version(filename: str) -> tuple[str, str] | None:
    """``Foo_Bar-1.0(-build)-py3-none-any.whl`` → (``foo-bar``, ``1.0``), as
    packaging.utils.parse_wheel_filename; None when it is no wheel name."""
    parts = filename[:-4].split('-')
    if len(parts) not in (5, 6) or not parts[0] or not parts[1]:
        return None
    if len(parts) == 6 and not parts[2][:1].isdigit():
        return None
    return normalize(parts[0]), parts[1]


def url_name_version(url: str) -> tuple[str | None, str | None]:
    base = posixpath.basename(url.split('#', 1)[0].split('?', 1)[0].rstrip('/'))
    if base.lower().endswith('.whl'):
        wheel = _wheel_name_version(base)
        if wheel is not None:
            return wheel
    m = EGG_RE.search(url)
    if m:
        egg = m.group(1)
        name, _, version = egg.partition('==')
        return normalize(name.split('[', 1)[0]), version or None  # #egg=name[extra]==v
    m = ARCHIVE_RE.match(base)
    if m:
        return normalize(m.group('name')), m.group('version')
    return None, None


def is_path(text: str) -> bool:
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



def include(line: Line) -> tuple[str, str | None] | None:
    """(``-r`` or ``-c``, the file as written) of a ``-r``/``--requirement``
    or ``-c``/``--constraint`` line, read as :func:`split_option` reads it;
    None for any other line."""
    text = line.text
    for short, long in (('-r', '--requirement'), ('-c', '--constraint')):
        if text.startswith((short, long)):
            return short, split_option(text)[1]
    return None
