"""hooks.readers.pyproject: the requirements pip-compile and ``uv pip
compile`` take from a pyproject.toml, at the lines they stand on; checked
against what the real compilers resolve for the same file."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hooks import fingerprint
from hooks.compiled import Compiled
from hooks.readers import metadata
from hooks.readers import pinfile
from hooks.readers import pyproject
from hooks.readers import requirements
from hooks.readers import toml
from hooks.report import BadInput
from testing.metadata import computed
from testing.metadata import dedent
from testing.metadata import DOTTED
from testing.metadata import DYNAMIC
from testing.metadata import DYNAMIC_EXTRAS
from testing.metadata import GROUPS
from testing.metadata import lines
from testing.metadata import NO_PROJECT
from testing.metadata import PROJECT
from testing.metadata import SELF_MARKERS
from testing.metadata import TRICKY
from testing.toml import leaves
from testing.wheels import go_offline
from testing.wheels import make_index
from testing.wheels import offline_args

BIN = Path(sys.executable).parent

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover (Python 3.10)
    import tomli as tomllib


PYPROJECT_CASES = [
    # id, file, read_pyproject keywords, lines, computed
    ('deps only', PROJECT, {}, [(9, 'django>=4.2'), (11, 'requests[socks] ; python_version >= "3.8"'), (12, 'six')], []),
    ('an extra, self-reference expanded', PROJECT, {'extras': ['dev']}, [
        (9, 'django>=4.2'), (11, 'requests[socks] ; python_version >= "3.8"'), (12, 'six'), (16, 'pytest>=7'), (17, 'black'),
    ], []),
    ('extra names normalised', PROJECT, {'extras': ['DOCS']}, [(9, 'django>=4.2'), (11, 'requests[socks] ; python_version >= "3.8"'), (12, 'six'), (19, 'sphinx')], []),
    ('all extras', PROJECT, {'all_extras': True}, [
        (9, 'django>=4.2'), (11, 'requests[socks] ; python_version >= "3.8"'), (12, 'six'), (16, 'pytest>=7'), (17, 'black'), (19, 'sphinx'),
    ], []),
    ('unknown extra, as pip-compile', PROJECT, {'extras': ['nosuch'], 'unknown_extras_ok': True},
     [(9, 'django>=4.2'), (11, 'requests[socks] ; python_version >= "3.8"'), (12, 'six')], []),
    ('self-references with markers, nested, to a missing extra, in a loop', SELF_MARKERS, {'extras': ['all', 'loop']}, [
        (5, "pytest ; (sys_platform != 'win32') and (python_version >= '3.8')"),
        (6, "black ; python_version >= '3.8'"),
        (7, 'tox'),
    ], []),
    ('self-reference among the dependencies, as uv', b'[project]\nname = "demo"\ndependencies = ["django", "demo[lint]", "demo"]\n'
     b'[project.optional-dependencies]\nlint = ["black"]\n', {}, [(3, 'django'), (5, 'black')], []),
    ('self-reference to dynamic optional-dependencies', b'[project]\nname = "demo"\ndynamic = ["optional-dependencies"]\n'
     b'dependencies = ["django", "demo[lint]"]\n', {}, [(4, 'django')],
     [(3, "not checked: optional-dependencies are dynamic (dynamic = ['optional-dependencies'])")]),
    ('self-reference of the same extra twice', SELF_MARKERS, {'extras': ['test', 'lint']}, [(5, "pytest ; sys_platform != 'win32'"), (6, 'black')], []),
    ('groups with include-group', GROUPS, {'groups': ['test']}, [(3, 'django'), (6, 'pytest'), (8, 'black'), (11, 'mypy')], []),
    ('group names normalised, two groups sharing one', GROUPS, {'groups': ['LINT', 'types']}, [(3, 'django'), (8, 'black'), (11, 'mypy')], []),
    ('groups alone (uv pip compile --group, no source file)', GROUPS, {'groups': ['test'], 'project': False},
     [(6, 'pytest'), (8, 'black'), (11, 'mypy')], []),
    ('dynamic dependencies', DYNAMIC, {'extras': ['dev']}, [(6, 'pytest')],
     [(3, "not checked: dependencies are dynamic (dynamic = ['version', 'dependencies'])")]),
    ('dynamic optional-dependencies, no extra chosen', DYNAMIC_EXTRAS, {}, [(3, 'django')], []),
    ('dynamic optional-dependencies, an extra chosen', DYNAMIC_EXTRAS, {'extras': ['dev']}, [(3, 'django')],
     [(4, "not checked: optional-dependencies are dynamic (dynamic = ['optional-dependencies'])")]),
    ('no [project]', NO_PROJECT, {'extras': ['dev']}, [], [(1, metadata.NOT_BUILT)]),
    ('no [project], groups still read', b'[dependency-groups]\ndev = ["pytest"]\n', {'groups': ['dev']}, [(2, 'pytest')], [(1, metadata.NOT_BUILT)]),
    ('[project] without dependencies', b'[project]\nname = "demo"\n', {}, [], []),
    ('duplicate strings, "#" in strings, other tables, escapes', TRICKY, {'extras': ['dev']}, [
        (9, 'django'), (9, 'django'), (10, 'django'),
        (11, 'pkg @ https://example.com/pkg.whl#sha256=ab'), (11, 'b @ git+https://e.com/b#egg=b'), (12, 'flask'), (13, 'literal'), (17, 'django'),
    ], []),
    ('dotted keys and inline tables', DOTTED, {'extras': ['dev', 'lint']}, [(2, 'django'), (4, 'pytest'), (5, 'black')], []),
    ('CRLF and a BOM', b'\xef\xbb\xbf[project]\r\nname = "demo"\r\ndependencies = [\r\n  "django",\r\n]\r\n', {}, [(4, 'django')], []),
]


@pytest.mark.parametrize(('data', 'kwargs', 'want', 'want_computed'), [c[1:] for c in PYPROJECT_CASES], ids=[c[0] for c in PYPROJECT_CASES])
def test_read_pyproject(data: bytes, kwargs: dict[str, object], want: list[tuple[int, str]], want_computed: list[tuple[int, str]]) -> None:
    files, found = pyproject.read_pyproject(data, 'sub/pyproject.toml', **kwargs)  # type: ignore[arg-type]
    assert lines(files) == want
    assert computed(found) == want_computed
    assert all(c.path == 'sub/pyproject.toml' for c in found)
    # every line stands where its string does (or its multi-line string starts)
    text = data.decode('utf-8-sig').splitlines()
    for n, req in want:
        assert req.split(' ;')[0].replace('flask', 'lask') in text[n - 1] or text[n - 1].strip() == "'''"


def test_the_lines_are_what_the_rules_and_the_fingerprint_read() -> None:
    files, _ = pyproject.read_pyproject(PROJECT, 'pyproject.toml', ['dev'])
    reqs = requirements.requirements(files)
    assert [(r.lineno, r.name, r.version) for r in reqs] == [
        (9, 'django', None), (11, 'requests', None), (12, 'six', None), (16, 'pytest', None), (17, 'black', None),
    ]
    assert str(reqs[1].marker) == 'python_version >= "3.8"'

    digests = fingerprint.digests(Compiled('requirements.txt', ['requirements.in']), files, [])
    assert list(digests) == ['pyproject.toml']
    # comments and layout are not inputs: the same requirements, the same digest
    again, _ = pyproject.read_pyproject(
        b'[project]\nname = "demo"\ndependencies = ["django>=4.2", \'requests[socks] ; python_version >= "3.8"\', "six"]\n'
        b'optional-dependencies = {dev = ["pytest>=7", "demo[lint]"], lint = ["black"]}\n',
        'pyproject.toml', ['dev'],
    )
    assert fingerprint.digests(Compiled('requirements.txt', ['requirements.in']), again, []) == digests


def test_an_invalid_requirement_is_reported_by_the_reader_at_its_line() -> None:
    files, _ = pyproject.read_pyproject(b'[project]\ndependencies = [\n  "django",\n  "django>=>4",\n]\n', 'pyproject.toml')
    with pytest.raises(BadInput) as e:
        requirements.requirements(files)
    assert str(e.value) == "pyproject.toml:4: invalid requirement: 'django>=>4': Expected semicolon (after name with no version specifier) or end"


# --- the TOML positions of the metadata examples ---------------------------------

def test_every_toml_value_of_the_examples_has_its_line() -> None:
    for text in (TRICKY.decode(), DOTTED.decode(), PROJECT.decode(), GROUPS.decode()):
        where = toml.TomlLines(text)
        doc = tomllib.loads(text)
        assert leaves(doc) - {()} <= set(where.values) | set(where.keys)
        assert set(where.values) <= leaves(doc)


# --- what the real compilers resolve --------------------------------------------

WHEELS = {
    'django': [('4.2.7', ['asgiref>=3.6'])],
    'asgiref': ['3.7.2'],
    'six': ['1.16.0'],
    'requests': [('2.31.0', ['idna'])],
    'idna': ['3.6'],
    'pytest': [('7.4.0', ['iniconfig'])],
    'iniconfig': ['2.0.0'],
    'black': [('23.1.0', ['click'])],
    'click': ['8.1.7'],
    'sphinx': ['7.2.6'],
    'mypy': ['1.7.0'],
}

ORACLE = dedent('''
    [build-system]
    requires = ["setuptools>=61"]
    build-backend = "setuptools.build_meta"

    [project]
    name = "demo"
    version = "1.0"
    dependencies = [
        "django>=4.2",  # the web framework
        "requests",
    ]

    [project.optional-dependencies]
    dev = ["pytest>=7", "demo[lint]"]
    lint = ["black"]
    docs = ["sphinx"]

    [dependency-groups]
    test = ["six", {include-group = "types"}]
    types = ["mypy"]
''')


@pytest.fixture
def oracle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    go_offline(monkeypatch, tmp_path / 'cache')
    project = tmp_path / 'demo'
    project.mkdir()
    (project / 'pyproject.toml').write_bytes(ORACLE)
    return project, offline_args(make_index(tmp_path, WHEELS))


def top_level(out: Path) -> set[str]:
    """The pins the project requires itself, or through its own extras:
    ``# via demo (pyproject.toml)``, ``# via demo`` (pip-compile: the
    dependencies of ``demo[lint] @ file://...``), ``# via demo
    (pyproject.toml:test)`` (uv: a group)."""
    pins = pinfile.read_pins(out.read_text(), str(out))
    return {name for name, pin in pins.items() if name != 'demo' and any(v.split(' (')[0] == 'demo' for v in pin.via)}


def names(files: list[requirements.InputFile]) -> set[str]:
    return {r.name for r in requirements.requirements(files)}


def test_the_lines_agree_with_pip_compile(oracle: tuple[Path, list[str]]) -> None:
    project, offline = oracle
    # --no-build-isolation: demo[lint] makes pip build the project, with
    # the setuptools at hand (offline)
    subprocess.run(
        [str(BIN / 'pip-compile'), '-q', '--no-build-isolation', '--extra', 'dev', *offline, '-o', 'out.txt', 'pyproject.toml'],
        cwd=project, check=True, capture_output=True, timeout=300,
    )
    out = (project / 'out.txt').read_text()
    assert 'demo[lint] @ file://' in out
    files, found = pyproject.read_pyproject(ORACLE, 'pyproject.toml', ['dev'])
    assert found == []
    assert names(files) == top_level(project / 'out.txt') == {'django', 'requests', 'pytest', 'black'}


@pytest.mark.parametrize(('args', 'kwargs', 'want'), [
    (['pyproject.toml', '--extra', 'dev', '--group', 'test'], {'extras': ['dev'], 'groups': ['test']},
     {'django', 'requests', 'pytest', 'black', 'six', 'mypy'}),
    (['pyproject.toml', '--all-extras'], {'all_extras': True}, {'django', 'requests', 'pytest', 'black', 'sphinx'}),
    (['--group', 'pyproject.toml:test'], {'groups': ['test'], 'project': False}, {'six', 'mypy'}),
], ids=['extra and group', 'all extras', 'group alone'])
def test_the_lines_agree_with_uv(oracle: tuple[Path, list[str]], args: list[str], kwargs: dict[str, object], want: set[str]) -> None:
    project, offline = oracle
    subprocess.run(
        [str(BIN / 'uv'), 'pip', 'compile', '-q', *offline, *args, '-o', 'out.txt'],
        cwd=project, check=True, capture_output=True, timeout=300,
    )
    files, _ = pyproject.read_pyproject(ORACLE, 'pyproject.toml', **kwargs)  # type: ignore[arg-type]
    assert names(files) == top_level(project / 'out.txt') == want


@pytest.mark.parametrize(('args', 'kwargs'), [
    (['--extra', 'nosuch'], {'extras': ['nosuch']}),
    (['--group', 'nosuch'], {'groups': ['nosuch']}),
], ids=['extra', 'group'])
def test_uv_rejects_what_the_reader_rejects(oracle: tuple[Path, list[str]], args: list[str], kwargs: dict[str, object]) -> None:
    project, offline = oracle
    proc = subprocess.run(
        [str(BIN / 'uv'), 'pip', 'compile', '-q', *offline, 'pyproject.toml', *args],
        cwd=project, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    with pytest.raises(BadInput):
        pyproject.read_pyproject(ORACLE, 'pyproject.toml', **kwargs)  # type: ignore[arg-type]


def test_pip_compile_ignores_an_unknown_extra(oracle: tuple[Path, list[str]]) -> None:
    project, offline = oracle
    subprocess.run(
        [str(BIN / 'pip-compile'), '-q', '--extra', 'nosuch', *offline, '-o', 'out.txt', 'pyproject.toml'],
        cwd=project, check=True, capture_output=True, timeout=300,
    )
    files, _ = pyproject.read_pyproject(ORACLE, 'pyproject.toml', ['nosuch'], unknown_extras_ok=True)
    assert names(files) == top_level(project / 'out.txt') == {'django', 'requests'}
