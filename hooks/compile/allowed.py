"""Which recorded options the replay passes on (README.md, "What the replay
passes on").

A committed header is the repository's word, and a pull request is enough
to change it: replaying every option it records let one append pip's log to
``~/.bashrc`` (``--pip-args=--log ...``), print a secret in an error
(``--constraint=../secret.env``, uv ``--config-file=/etc/passwd``), write
outside the repository (uv ``--cache-dir``, ``--directory``) or run a
committed program (uv ``--python=./probe.sh``).  So the replay is an
allow-list: the options that shape the output, with their paths inside the
repository.  Anything else, unknown options too, refuses that output; the
user passes it deliberately after ``--`` in their own hook arguments, which
are trusted and not filtered.
"""
from __future__ import annotations

import os

from hooks.compile.errors import CompileError
from hooks.compile.replay import replayed
from hooks.compiled import Compiled

FLAG = 'flag'  # no value
VALUE = 'value'  # a value the compiler reads as a word (a name, a version)
PATH = 'path'  # a file the compiler reads: inside the repository
URL = 'url'  # an http(s) URL, or a file: URL or path inside the repository

PIP = 'pip-compile'  # pip-tools 4-7
UV = 'uv'  # uv pip compile (and uv's global options before ``pip compile``)
BOTH = (PIP, UV)

# option -> (kind, the tools that have it); one-off options (--upgrade,
# --verbose ...) and --output-file never reach here (hooks.readers.header)
ALLOWED: dict[str, tuple[str, tuple[str, ...]]] = {
    # hashes, extras, groups
    '--generate-hashes': (FLAG, BOTH),
    '--reuse-hashes': (FLAG, BOTH),
    '--no-reuse-hashes': (FLAG, BOTH),
    '--extra': (VALUE, BOTH),
    '--all-extras': (FLAG, BOTH),
    '--group': (VALUE, BOTH),
    '--no-deps': (FLAG, (UV,)),
    # build dependencies (pip-tools 7.4)
    '--build-deps-for': (VALUE, (PIP,)),
    '--all-build-deps': (FLAG, (PIP,)),
    '--only-build-deps': (FLAG, (PIP,)),
    # what the output looks like
    '--header': (FLAG, BOTH),
    '--no-header': (FLAG, BOTH),
    '--annotate': (FLAG, BOTH),
    '--no-annotate': (FLAG, BOTH),
    '--annotation-style': (VALUE, BOTH),
    '--strip-extras': (FLAG, BOTH),
    '--no-strip-extras': (FLAG, BOTH),
    '--strip-markers': (FLAG, (UV,)),
    '--no-strip-markers': (FLAG, (UV,)),
    '--allow-unsafe': (FLAG, BOTH),
    '--no-allow-unsafe': (FLAG, BOTH),
    '--unsafe-package': (VALUE, BOTH),
    '--no-emit-package': (VALUE, (UV,)),
    '--emit-index-url': (FLAG, BOTH),
    '--no-emit-index-url': (FLAG, BOTH),
    '--emit-find-links': (FLAG, BOTH),
    '--no-emit-find-links': (FLAG, BOTH),
    '--emit-trusted-host': (FLAG, BOTH),
    '--no-emit-trusted-host': (FLAG, BOTH),
    '--emit-options': (FLAG, BOTH),
    '--no-emit-options': (FLAG, BOTH),
    '--emit-build-options': (FLAG, (UV,)),
    '--no-emit-build-options': (FLAG, (UV,)),
    '--emit-index-annotation': (FLAG, (UV,)),
    '--no-emit-index-annotation': (FLAG, (UV,)),
    '--emit-marker-expression': (FLAG, (UV,)),
    '--no-emit-marker-expression': (FLAG, (UV,)),
    '--newline': (VALUE, BOTH),
    '--format': (VALUE, (UV,)),
    '--custom-compile-command': (VALUE, (UV,)),
    '--color': (VALUE, BOTH),  # pip-compile: a flag (_PIP_KINDS)
    '--no-color': (FLAG, BOTH),
    # where packages come from
    '--index-url': (URL, BOTH),
    '--extra-index-url': (URL, BOTH),
    '--index': (URL, BOTH),  # uv: [NAME=]URL; pip-tools < 5.2: a flag
    '--default-index': (URL, (UV,)),
    '--find-links': (URL, BOTH),
    '--no-index': (FLAG, BOTH),
    '--trusted-host': (VALUE, BOTH),
    '--allow-insecure-host': (VALUE, (UV,)),
    '--index-strategy': (VALUE, (UV,)),
    '--torch-backend': (VALUE, (UV,)),
    '--no-sources': (FLAG, (UV,)),
    '--no-sources-package': (VALUE, (UV,)),
    '--offline': (FLAG, (UV,)),
    '--no-cache': (FLAG, (UV,)),
    '--no-config': (FLAG, BOTH),
    '--native-tls': (FLAG, (UV,)),
    '--system-certs': (FLAG, (UV,)),
    '--no-python-downloads': (FLAG, (UV,)),
    # what gets resolved
    '--constraint': (PATH, BOTH),
    '--constraints': (PATH, (UV,)),
    '--override': (PATH, (UV,)),
    '--overrides': (PATH, (UV,)),
    '--excludes': (PATH, (UV,)),
    '--build-constraint': (PATH, (UV,)),
    '--build-constraints': (PATH, (UV,)),
    '--pre': (FLAG, BOTH),
    '--prerelease': (VALUE, (UV,)),
    '--prerelease-package': (VALUE, (UV,)),
    '--resolution': (VALUE, (UV,)),
    '--fork-strategy': (VALUE, (UV,)),
    '--exclude-newer': (VALUE, (UV,)),
    '--exclude-newer-package': (VALUE, (UV,)),
    '--uploaded-prior-to': (VALUE, (PIP,)),
    '--universal': (FLAG, (UV,)),
    '--no-universal': (FLAG, (UV,)),
    '--python-version': (VALUE, (UV,)),
    '--python-platform': (VALUE, (UV,)),
    '--no-binary': (VALUE, (UV,)),
    '--only-binary': (VALUE, (UV,)),
    '--no-build': (FLAG, (UV,)),
    '--build-isolation': (FLAG, BOTH),
    '--no-build-isolation': (FLAG, BOTH),
    '--no-build-isolation-package': (VALUE, (UV,)),
    '--require-build-hashes': (FLAG, (UV,)),
    '--resolver': (VALUE, BOTH),
    '--max-rounds': (VALUE, BOTH),
    '--no-upgrade': (FLAG, (PIP,)),
    '--link-mode': (VALUE, (UV,)),
}
# where pip-compile's kind differs from uv's: its --color is a flag, and
# pip-tools < 5.2 had --index / --no-index for --emit-index-url
_PIP_KINDS = {'--color': FLAG, '--index': FLAG}

HOW = 'pass it yourself after -- in your .pre-commit-config.yaml args'
_YAML_PLAIN = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=+-')


class Refused(CompileError):
    """A recorded option the replay does not pass on (exit 2 for that
    output); ``line``: the header line that records it."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def refusal(tool: str, option: str, root: str, cwd: str) -> str | None:
    """Why ``option`` (``--name`` or ``--name=value``, as the header reader
    records it) is not replayed by ``tool`` (PIP or UV) running in the
    folder ``cwd`` of the repository ``root`` (both absolute, symlinks
    resolved); None: it is."""
    name, eq, value = option.partition('=')
    kind, tools = ALLOWED.get(name, (None, ()))
    if tool == PIP and name in _PIP_KINDS:
        kind = _PIP_KINDS[name]
    if kind is None or tool not in tools:
        return 'not on the allow-list'
    if kind == FLAG:
        return 'a flag recorded with a value' if eq else None
    if not value:
        return 'no value recorded'
    if kind == URL:
        return _url_refusal(name, value, root, cwd)
    if kind == PATH:
        return _path_refusal(value, root, cwd)
    return None


def _url_refusal(name: str, value: str, root: str, cwd: str) -> str | None:
    if name == '--index' and '=' in value.partition('://')[0]:
        value = value.split('=', 1)[1]  # uv: --index NAME=URL
    scheme, colon, rest = value.partition(':')
    scheme = scheme.lower()
    if not colon or len(scheme) < 2 or not scheme.replace('+', '').isalnum():
        return _path_refusal(value, root, cwd)  # a path (or C:\...)
    if scheme in ('http', 'https'):
        if '@' in rest.lstrip('/').split('/', 1)[0]:
            return 'a URL with credentials: keep them out of the repository'
        return None
    if scheme == 'file':
        from urllib.parse import unquote
        if rest.startswith('//'):  # file:///abs, file://host/abs
            rest = '/' + rest[2:].partition('/')[2]
        return _path_refusal(unquote(rest), root, cwd)
    return f'a {scheme} URL: only http, https and paths inside the repository are'


def _path_refusal(value: str, root: str, cwd: str) -> str | None:
    """A path is replayed when it stays inside the repository, symlinks
    resolved: the compiler would read what they point at."""
    target = os.path.realpath(os.path.join(cwd, os.path.expanduser(value)))
    if target != root and not target.startswith(root.rstrip(os.sep) + os.sep):
        return 'a path outside the repository'
    return None


def _redacted(option: str) -> str:
    """``option`` with the password of a URL in it replaced by ``****``."""
    head, sep, rest = option.partition('://')
    userinfo, at, tail = rest.partition('@')
    if not (sep and at) or '/' in userinfo or ':' not in userinfo:
        return option
    return f'{head}{sep}{userinfo.partition(":")[0]}:****@{tail}'


def _yaml(word: str) -> str:
    """``word`` as an item of a YAML flow sequence."""
    if word and all(c in _YAML_PLAIN for c in word):
        return word
    return "'" + word.replace("'", "''") + "'"


def check(tool: str, options: list[str], root: str, cwd: str, line: int) -> None:
    """Raise Refused for the first of ``options`` (what the replay would
    pass: the recorded ones that the arguments after ``--`` leave, see
    hooks.compile.replay.replayed) that ``tool`` may not replay in
    ``cwd``, the repo-relative folder the command ran in under ``root``;
    ``line``: the header line recording them."""
    real_root = os.path.realpath(root)
    folder = os.path.realpath(os.path.join(real_root, *cwd.split('/'))) if cwd else real_root
    for option in options:
        why = refusal(UV if tool == UV else PIP, option, real_root, folder)
        if why is not None:
            option = _redacted(option)  # never print a committed token in CI logs
            raise Refused(
                f'the header records {option}, which requirements-compile does not replay ({why}); '
                f'{HOW} (args: [--, {_yaml(option)}])',
                line,
            )


def check_replay(project: Compiled, chosen: str | None, command: str | None, extra: list[str], root: str) -> None:
    """Raise Refused when the replay of ``project``'s recorded command
    would pass an option it may not (see :func:`check`): with the same
    compiler and no ``--command``, the recorded options that ``extra``
    (the arguments after ``--``, the user's own) leave."""
    recorded = project.recorded
    if command is not None or recorded is None:
        return
    tool = chosen or recorded.tool
    if (tool == UV) != (recorded.tool == UV):
        return  # another compiler: nothing recorded is replayed
    check(recorded.tool, replayed(recorded.options, extra), root, project.cwd, recorded.line)
