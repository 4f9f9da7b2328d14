"""The targets of rule 8 (README.md, "requirements-fresh"), each judged
when it names a major.minor (``py3`` does not), in the order reported:

* the Dockerfile of the output's folder (hooks.rules.python_dockerfile);
* the wheels platform of a Divio index in the file's own ``--index-url`` /
  ``--extra-index-url`` line (``.../aldryn-extras+pypi/buster-py38/+simple/``);
* ``requires-python`` of the pyproject.toml beside the output, else of one
  it is compiled from (not a parent project's): some X.Y.* must satisfy it;
* ``.python-version`` beside the output, else at the root (uv, pyenv).

On the fast path: str methods only; tomllib (through hooks.readers.toml) only for
a ``requires-python`` not written as one plain string on its line,
packaging only for a specifier not made of releases alone.
"""
from __future__ import annotations

import posixpath

from hooks.readers import toml
from hooks.report import BadInput
from hooks.report import decode
from hooks.rules.python_dockerfile import dockerfile_targets
from hooks.rules.specifiers import simple_specifier
from hooks.rules.target import join
from hooks.rules.target import major_minor
from hooks.rules.target import platform_python
from hooks.rules.target import Target

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the fast path)
if TYPE_CHECKING:
    from hooks.compiled import Compiled
    from hooks.snapshot import Snapshot

PYPROJECT = 'pyproject.toml'
PYTHON_VERSION_FILE = '.python-version'
_INDEX_OPTIONS = ('--index-url', '--extra-index-url', '-i')


def targets(snapshot: Snapshot, project: Compiled, text: str, txt_path: str) -> list[Target]:
    """What names the Python ``project`` builds and runs on, in the order
    reported: the Dockerfile, the file's own index, requires-python,
    .python-version."""
    found = dockerfile_targets(snapshot, project, txt_path)
    found += index_targets(text, txt_path)
    # requires-python speaks for the project it describes: the pyproject.toml
    # beside the output, or one the output is compiled from -- not a parent
    # project's (a repository's own pyproject.toml above a nested project)
    pyprojects = [join(project.dir, PYPROJECT)]
    pyprojects += [s for s in project.sources if posixpath.basename(s) == PYPROJECT and s not in pyprojects]
    for path in pyprojects:
        target = requires_python(snapshot, path)
        if target is not None:
            found.append(target)
            break
    folders = [project.dir, ''] if project.dir else ['']
    for folder in folders:
        data = snapshot.read(join(folder, PYTHON_VERSION_FILE))
        if data is not None:
            target = python_version_file(data, join(folder, PYTHON_VERSION_FILE))
            if target is not None:
                found.append(target)
            break
    return found


def index_platform(url: str) -> str | None:
    """The wheels platform of a Divio index URL, the folder after the
    ``...+pypi`` index (``/v1/aldryn-extras+pypi/buster-py38/+simple/``)."""
    parts = url.split('#', 1)[0].split('?', 1)[0].split('/')
    for i, part in enumerate(parts[:-1]):
        if part.endswith('+pypi') and parts[i + 1] and '$' not in parts[i + 1]:
            return parts[i + 1]
    return None


def index_targets(text: str, txt_path: str) -> list[Target]:
    """The wheels platform of the file's own Divio index lines."""
    if '+pypi/' not in text:
        return []
    found = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        for option in _INDEX_OPTIONS:
            if line.startswith(option) and line[len(option):len(option) + 1] in (' ', '\t', '='):
                url = line[len(option) + 1:].strip().split()[0] if line[len(option) + 1:].strip() else ''
                platform = index_platform(url)
                python = platform_python(platform) if platform is not None else None
                if python is not None:
                    found.append(Target(
                        txt_path, lineno, python,
                        f'installs wheels for Python {python} ({option} .../{platform}/...)', True,
                    ))
                break
    return found


def requires_python(snapshot: Snapshot, path: str) -> Target | None:
    """``[project] requires-python`` of a pyproject.toml, if it has one.
    The usual one-line ``requires-python = ">=3.11"`` is read with str
    methods; any other spelling with tomllib."""
    data = snapshot.read(path)
    if data is None or b'requires-python' not in data:
        return None
    text = decode(data, path)
    found = toml.simple_value(text, 'project', 'requires-python')
    if found is None:
        table = toml.document(data, path).get('project')
        if not isinstance(table, dict) or 'requires-python' not in table:
            return None
        found = table['requires-python'], _key_line(text, 'project', 'requires-python')
    value, line = found
    if not isinstance(value, str):
        raise BadInput(path, line, f'requires-python must be a string, found {type(value).__name__} {value!r}')
    if simple_specifier(value) is None:
        from packaging.specifiers import InvalidSpecifier
        from packaging.specifiers import SpecifierSet
        try:
            SpecifierSet(value)
        except InvalidSpecifier:
            raise BadInput(path, line, f'requires-python {value!r} is not a version specifier (PEP 440: ">=3.11")') from None
    spec = value.strip()
    return Target(path, line, spec, f'requires-python {spec}')


def _key_line(text: str, table: str, key: str) -> int:
    """The line of ``key = ...`` in ``[table]`` of a TOML text tomllib has
    read (the first line naming ``key`` for another spelling: a dotted key,
    an inline table)."""
    current = ''
    first = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith('['):
            current = stripped.strip('[]').strip()
            continue
        if key not in stripped or stripped.startswith('#'):
            continue
        first = first or lineno
        name = stripped.partition('=')[0].strip().strip('"\'')
        if current == table and name == key:
            return lineno
    return first or 1


def python_version_file(data: bytes, path: str) -> Target | None:
    """The first version of a ``.python-version`` (``3.12``, ``3.12.1``,
    ``cpython@3.12``, ``pypy3.10``); None for a name without one
    (``system``) or a minor-less ``3``."""
    for lineno, line in enumerate(decode(data, path).splitlines(), 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        version = line
        for prefix in ('cpython@', 'cpython-', 'cpython', 'pypy@', 'pypy-', 'pypy', 'python'):
            if version.startswith(prefix):
                version = version[len(prefix):]
                break
        python = major_minor(version.split('-', 1)[0])
        return Target(path, lineno, python, f'says {line}') if python is not None else None
    return None
