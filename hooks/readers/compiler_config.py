"""The options a compiler's configuration file sets (pip-tools'
``[tool.pip-tools]``, uv's ``[tool.uv]`` and ``uv.toml``), as the option
words a header records; see :func:`config`."""
from __future__ import annotations

import posixpath

from hooks.readers.header import PIP_COMPILE
from hooks.readers.header import UV
from hooks.report import BadInput

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable

PIP_TOOLS_CONFIGS = ('.pip-tools.toml', 'pyproject.toml')
# config keys that are click parameter names, not option names
PIP_TOOLS_PARAMS = {
    'extras': 'extra', 'upgrade-packages': 'upgrade-package',
    'resolver-name': 'resolver', 'pip-args-str': 'pip-args',
    'build-deps-targets': 'build-deps-for',
}
# pip-compile's flags that have a --no- form
PIP_TOOLS_NEGATABLE = frozenset((
    'header', 'emit-trusted-host', 'annotate', 'upgrade', 'allow-unsafe',
    'strip-extras', 'reuse-hashes', 'build-isolation', 'emit-find-links',
    'emit-index-url', 'emit-options', 'color',
))
PIP_TOOLS_NOT_OPTIONS = frozenset((
    'src-files', 'config', 'no-config', 'cache-dir', 'reuse-hashes',
    'no-reuse-hashes', 'dry-run', 'quiet', 'verbose', 'rebuild', 'upgrade',
    'upgrade-package',
))
# ``[tool.uv]`` / uv.toml top-level settings that ``uv pip`` reads too
UV_TOP_LEVEL = frozenset((
    'index-url', 'extra-index-url', 'find-links', 'no-index',
    'index-strategy', 'keyring-provider', 'resolution', 'prerelease',
    'fork-strategy', 'exclude-newer', 'no-build-isolation', 'no-build',
    'no-binary', 'no-sources', 'link-mode', 'allow-insecure-host',
    'python-preference', 'config-settings',
))


def config(
        read: Callable[[str], bytes | None],
        folder: str,
        tool: str = PIP_COMPILE,
) -> list[str]:
    """Options a configuration file sets, as normalised option words
    (``--generate-hashes``, ``--extra=dev``).  ``read(path)``: a
    repo-relative file's bytes, None when absent.

    pip-compile (pip-tools >= 6.14): the first of ``.pip-tools.toml`` and
    ``pyproject.toml`` in ``folder`` -- the folder of the first source;
    pip-tools looks beside each source in turn -- its ``[tool.pip-tools]``
    table with ``[tool.pip-tools.compile]`` over it.  pip-tools records what
    its config set in the header too (the header leaves out only values
    equal to the option's default), so these matter where a header was
    written by hand or without the config.

    uv: the first of ``uv.toml`` and ``pyproject.toml`` with a ``[tool.uv]``
    table in ``folder`` (where uv ran) or a parent folder: its ``pip``
    table and the index settings above it.  uv's header records only its
    argv, never these.  User-level configuration is not read."""
    if tool == UV:
        return _uv_config(read, folder)
    for name in PIP_TOOLS_CONFIGS:
        path = _join(folder, name)
        data = read(path)
        if data is None:
            continue
        table = _table(_document(data, path).get('tool'), 'pip-tools', path)
        merged = {k: v for k, v in table.items() if k not in ('compile', 'sync')}
        merged.update(_table(table, 'compile', path))
        return _pip_tools_words(merged)
    return []


def _uv_config(read: Callable[[str], bytes | None], folder: str) -> list[str]:
    while True:
        data = read(_join(folder, 'uv.toml'))
        settings = None
        if data is not None:
            settings = _document(data, _join(folder, 'uv.toml'))
        else:
            path = _join(folder, 'pyproject.toml')
            data = read(path)
            if data is not None:
                tool = _document(data, path).get('tool')
                if isinstance(tool, dict) and 'uv' in tool:
                    settings = _table(tool, 'uv', path)
        if settings is not None:
            return _uv_words(settings)
        if not folder:
            return []
        folder = posixpath.dirname(folder)


def _pip_tools_words(table: dict[str, object]) -> list[str]:
    words: list[str] = []
    for key, value in table.items():
        name = key.lstrip('-').replace('_', '-').lower()
        name = PIP_TOOLS_PARAMS.get(name, name)
        if name in PIP_TOOLS_NOT_OPTIONS:
            continue
        if isinstance(value, bool):
            positive = name[3:] if name.startswith('no-') else None
            if positive in PIP_TOOLS_NEGATABLE:
                name, value = positive, not value
            if value:
                words.append(f'--{name}')
            elif name in PIP_TOOLS_NEGATABLE:
                words.append(f'--no-{name}')
        else:
            words += _valued(name, value)
    return words


def _uv_words(settings: dict[str, object]) -> list[str]:
    pip = settings.get('pip')
    pip = pip if isinstance(pip, dict) else {}
    words: list[str] = []
    for key, value in settings.items():
        if key in UV_TOP_LEVEL and key not in pip:
            words += _uv_word(key, value)
    index = settings.get('index')
    if isinstance(index, list) and 'index' not in pip:
        for entry in index:
            if isinstance(entry, dict) and isinstance(entry.get('url'), str):
                flag = 'default-index' if entry.get('default') is True else 'index'
                words.append(f'--{flag}={entry["url"]}')
    for key, value in pip.items():
        words += _uv_word(key, value)
    return words


def _uv_word(key: str, value: object) -> list[str]:
    if isinstance(value, bool):
        return [f'--{key}'] if value else []
    return _valued(key, value)


def _valued(name: str, value: object) -> list[str]:
    if isinstance(value, list):
        return [f'--{name}={v}' for v in value if isinstance(v, (str, int, float))]
    if isinstance(value, (str, int, float)):
        return [f'--{name}={value}']
    return []  # a table: no option of its own


def _table(parent: object, key: str, path: str) -> dict[str, object]:
    if not isinstance(parent, dict):
        return {}
    table = parent.get(key, {})
    if not isinstance(table, dict):
        raise BadInput(path, 0, f'{key} is not a TOML table')
    return table


def _document(data: bytes, path: str) -> dict[str, object]:
    """A configuration file's TOML document; the TOML reader is imported
    only when there is one (a header is read on the everyday path)."""
    from hooks.readers import toml

    return toml.document(data, path)


def _join(folder: str, name: str) -> str:
    return posixpath.join(folder, name) if folder else name
