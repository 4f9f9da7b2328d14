"""The requirements pip-compile and ``uv pip compile`` take from a
``setup.cfg`` (:func:`read_setup_cfg`), each on its line of the file:

* ``setup.cfg``: ``[options] install_requires`` and
  ``[options.extras_require]``, by setuptools' rules: a value of several
  lines is one requirement a line, a one-line value is split at ``;``;
  ``#`` comment lines and `` #`` comments are dropped.
"""
from __future__ import annotations

from collections.abc import Sequence

from hooks.readers import pip_syntax
from hooks.readers import requirements
from hooks.readers.metadata import cfg_get
from hooks.readers.metadata import check_text
from hooks.readers.metadata import Computed
from hooks.readers.metadata import config_parser
from hooks.report import BadInput
from hooks.report import decode

TYPE_CHECKING = False  # configparser is imported when a setup.cfg is read
if TYPE_CHECKING:
    import configparser

Where = dict[tuple[str, str], list[tuple[int, str]]]


def _cfg_options(text: str) -> Where:
    """(section, option) -> the (line, text) of each physical line of its
    value: the option's line, then its continuation lines; (section, '[')
    -> the line of the section's header.  As
    configparser: a line indented deeper than its option continues it, a
    blank line does not end it, comment lines are not part of it."""
    options: dict[tuple[str, str], list[tuple[int, str]]] = {}
    section = None
    current: list[tuple[int, str]] | None = None
    indent = 0
    for n, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(('#', ';')):
            continue
        level = len(raw) - len(raw.lstrip())
        if current is not None and level > indent:
            current.append((n, stripped))
            continue
        current = None
        if stripped.startswith('[') and ']' in stripped:
            section = stripped[1:stripped.rindex(']')]
            options.setdefault((section, '['), [(n, '')])  # the header's line
            continue
        cut = min((i for i in (stripped.find('='), stripped.find(':')) if i >= 0), default=-1)
        if section is None or cut < 0:
            continue
        option = stripped[:cut].strip()
        current = [(n, stripped[cut + 1:].strip())]
        options.setdefault((section, option), current)
        indent = level
    return options


def _cfg_requirements(
        parser: configparser.ConfigParser, where: Where, section: str, option: str, path: str,
) -> list[tuple[int, str]] | None:
    """The (line, text) of the requirements of one option, as setuptools'
    ``_parse_requirements_list``; a ``file:`` directive gives None."""
    physical = where.get((section, option)) or [(1, '')]
    value = cfg_get(parser, section, option, path, physical[0][0])
    if value.startswith('file:'):
        return None
    if '\n' in value:
        chunks = [c.strip() for c in value.splitlines() if c.strip()]
        raw = [(n, t) for n, t in physical if t]
        lines = [n for n, _ in raw] if len(raw) == len(chunks) else [physical[0][0]] * len(chunks)
    else:
        chunks = [c.strip() for c in value.split(';') if c.strip()]
        lines = [next((n for n, t in physical if t), physical[0][0])] * len(chunks)
    found = []
    for n, chunk in zip(lines, chunks, strict=False):
        if chunk.startswith('#'):
            continue
        chunk = chunk.partition(' #')[0].strip()  # setuptools drops ' #' comments
        if chunk:
            found.append((n, check_text(chunk, path, n)))
    return found


def read_setup_cfg(
        data: bytes, path: str, extras: Sequence[str] = (),
        all_extras: bool = False, *, unknown_extras_ok: bool = False,
) -> tuple[list[requirements.InputFile], list[Computed]]:
    """The requirements of a setup.cfg: ``[options] install_requires`` and
    the chosen ``[options.extras_require]``."""
    text = decode(data, path)
    parser = config_parser(text, path)
    where = _cfg_options(text)
    found: dict[int, list[pip_syntax.Line]] = {}
    computed: list[Computed] = []

    def read(section: str, option: str, label: str) -> None:
        reqs = _cfg_requirements(parser, where, section, option, path)
        line = (where.get((section, option)) or [(1, '')])[0][0]
        if reqs is None:
            value = cfg_get(parser, section, option, path, line)
            computed.append(Computed(path, line, f'not checked: {label} is read from a file ({value})'))
            return
        for n, req in reqs:
            found.setdefault(n, [])
            line_ = pip_syntax.Line(path, n, req, '', False)
            if line_ not in found[n]:
                found[n].append(line_)

    for option in ('install_requires', 'install-requires'):
        if parser.has_option('options', option):
            read('options', option, option)
            break
    section = 'options.extras_require'
    if extras or all_extras:
        have = {pip_syntax.normalize(o): o for o in parser.options(section)} if parser.has_section(section) else {}
        wanted = list(have) if all_extras else [pip_syntax.normalize(e) for e in extras]
        for name in wanted:
            if name not in have:
                if unknown_extras_ok:
                    continue
                line = where.get((section, '['), [(1, '')])[0][0]
                raise BadInput(path, line, f'--extra {name}: no such extra in [{section}]')
            read(section, have[name], f'extras_require {have[name]}')
    lines = [line for n in sorted(found) for line in found[n]]
    return [requirements.InputFile(path, 'in', lines)], computed
