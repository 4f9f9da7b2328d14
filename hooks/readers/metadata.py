"""Project metadata files (``pyproject.toml``, ``setup.cfg``,
``setup.py``): what the readers of their requirements share
(:mod:`hooks.readers.pyproject`, :mod:`hooks.readers.setup_cfg`), and the
distribution name a project folder holds (:func:`project_name`,
:func:`dist_name`).

The requirements are read as the compilers read them (README.md,
"Layouts"), as the :class:`requirements.InputFile` / :class:`pip_syntax.Line`
the rules consume; dependencies that only running code can tell
(``setup.py``, ``dynamic = ["dependencies"]``, no ``[project]`` table, a
``file:`` directive) are not read: a :class:`Computed` says why.

tomllib (tomli before Python 3.11), configparser and packaging are imported
when a file is read; this module itself imports nothing heavy.
"""
from __future__ import annotations

import posixpath
from typing import NamedTuple

from hooks.readers import pip_syntax
from hooks.readers import toml
from hooks.report import BadInput
from hooks.report import decode
from hooks.snapshot import Snapshot

TYPE_CHECKING = False  # configparser is imported when a setup.cfg is read
if TYPE_CHECKING:
    import configparser

NOT_BUILT = 'not checked: pyproject.toml has no [project] dependencies; they are computed by its build backend'
SETUP_PY = 'not checked: dependencies are computed by setup.py'
_NAME_CHARS = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-')
# what may follow the name of a PEP 508 requirement
_AFTER_NAME = frozenset('[(<>=!~;@')



class Computed(NamedTuple):
    """Dependencies that cannot be known without running code."""
    path: str
    line: int
    message: str


def project_name(data: bytes, path: str) -> str | None:
    """The distribution a ``pyproject.toml`` (``[project] name``) or a
    ``setup.cfg`` (``[metadata] name``) describes; None when absent or
    dynamic.  Which of the two, the path's basename says."""
    if posixpath.basename(path) == 'setup.cfg':
        parser = config_parser(decode(data, path), path)
        if parser.has_option('metadata', 'name'):
            name = cfg_get(parser, 'metadata', 'name', path, 0).strip()
            return name or None
        return None
    _, doc = toml.load(data, path)
    project = doc.get('project')
    if not isinstance(project, dict):
        return None
    value = project.get('name')
    dynamic = project.get('dynamic')
    if not isinstance(value, str) or (isinstance(dynamic, list) and 'name' in dynamic):
        return None
    return value


def dist_name(snapshot: Snapshot, folder: str) -> str | None:
    """The distribution the folder ``folder`` holds, PEP 503-normalised:
    :func:`project_name` of its pyproject.toml, else of its setup.cfg
    (never an ``attr:`` directive).  A file that cannot be read, or does
    not parse, names nothing (the name then comes from elsewhere)."""
    for basename in ('pyproject.toml', 'setup.cfg'):
        path = f'{folder}/{basename}' if folder else basename
        try:
            data = snapshot.read(path)
            name = project_name(data, path) if data is not None else None
        except BadInput:
            continue  # not a folder, a link out, a file that does not parse
        if name is not None and name.strip() and 'attr:' not in name:
            return pip_syntax.normalize(name.strip())
    return None


def check_text(text: str, path: str, line: int) -> str:
    """A requirement string as a line of the reader: stripped, and plainly
    a PEP 508 requirement (``-e .``, ``./lib`` or a bare URL would mean
    something else in a requirements file; packaging says why not)."""
    text = text.strip()
    i = 0
    while i < len(text) and text[i] in _NAME_CHARS:
        i += 1
    rest = text[i:].lstrip()
    # (a blank-separated '-...' is an option to requirements files: --hash)
    if i and text[0].isalnum() and (not rest or rest[0] in _AFTER_NAME) and not any(t[0] == '-' for t in rest.split()):
        return text
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement
    try:
        Requirement(text)
    except InvalidRequirement as e:
        msg = str(e).splitlines()[0]
        raise BadInput(path, line, f'invalid requirement: {text!r}: {msg}') from None
    return text


def name_of(text: str) -> str:
    i = 0
    while i < len(text) and text[i] in _NAME_CHARS:
        i += 1
    return pip_syntax.normalize(text[:i])


def extras_of(text: str) -> list[str]:
    """``['lint', 'test']`` of ``myproj[lint, test]>=1``."""
    rest = text[len(text) - len(text.lstrip()):]
    i = 0
    while i < len(rest) and rest[i] in _NAME_CHARS:
        i += 1
    rest = rest[i:].lstrip()
    if not rest.startswith('['):
        return []
    inner = rest[1:].partition(']')[0]
    return [pip_syntax.normalize(e.strip()) for e in inner.split(',') if e.strip()]


def split_marker(text: str) -> tuple[str, str]:
    """(requirement, marker) of a PEP 508 string; after a URL only a ';'
    with a blank before it starts the marker."""
    at = text.find('@')
    i = text.find(';')
    if 0 <= at < i or (at >= 0 and i < 0):
        i = text.find(';', at)
        while i >= 0 and not text[i - 1].isspace():
            i = text.find(';', i + 1)
    if i < 0:
        return text, ''
    return text[:i].rstrip(), text[i + 1:].strip()


def add_marker(text: str, marker: str) -> str:
    if not marker:
        return text
    req, own = split_marker(text)
    both = f'({own}) and ({marker})' if own else marker
    return f'{req} ; {both}'


# --- setup.cfg's parser ----------------------------------------------------------

def config_parser(text: str, path: str) -> configparser.ConfigParser:
    """The ConfigParser setuptools reads setup.cfg with."""
    import configparser

    parser = configparser.ConfigParser()
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text, path)
    except configparser.MissingSectionHeaderError as e:
        raise BadInput(path, e.lineno, 'cannot read setup.cfg: a line before any [section] header') from None
    except configparser.ParsingError as e:
        raise BadInput(path, e.errors[0][0] if e.errors else 1, 'cannot read setup.cfg: not an option, a [section] or a comment') from None
    except (configparser.DuplicateOptionError, configparser.DuplicateSectionError) as e:
        what = f'option {e.option!r} in [{e.section}]' if isinstance(e, configparser.DuplicateOptionError) else f'[{e.section}]'
        raise BadInput(path, e.lineno or 1, f'cannot read setup.cfg: {what} is given twice') from None
    except configparser.Error as e:  # pragma: no cover (no other error of read_string)
        raise BadInput(path, 1, f'cannot read setup.cfg: {e.message.splitlines()[0]}') from None
    return parser


def cfg_get(parser: configparser.ConfigParser, section: str, option: str, path: str, line: int) -> str:
    import configparser
    try:
        return parser.get(section, option)
    except configparser.Error as e:
        raise BadInput(path, line, f'cannot read setup.cfg: {e.message.splitlines()[0]}') from None


def read_setup_py(path: str) -> list[Computed]:
    """setup.py: its dependencies are whatever running it says."""
    return [Computed(path, 1, SETUP_PY)]
