"""hooks.readers.metadata: the requirements pip-compile and ``uv pip compile`` take
from pyproject.toml, setup.cfg and setup.py, at the lines they stand on;
checked against what the real compilers resolve for the same files."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hooks import fingerprint
from hooks.project import Project
from hooks.readers import metadata
from hooks.readers import pinfile
from hooks.readers import pyproject
from hooks.readers import requirements
from hooks.readers import setup_cfg
from hooks.readers import toml
from hooks.report import BadInput
from hooks.snapshot import Snapshot
from testing.corpus import METADATA_CASES
from testing.toml import leaves
from testing.wheels import go_offline
from testing.wheels import make_index
from testing.wheels import offline_args

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parents[2]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover (Python 3.10)
    import tomli as tomllib


def lines(files: list[requirements.InputFile]) -> list[tuple[int, str]]:
    assert [(f.path, f.kind) for f in files] == [(files[0].path, 'in')]
    assert all(line.comment == '' and line.addon is False and line.path == files[0].path for line in files[0].lines)
    return [(line.lineno, line.text) for line in files[0].lines]


def computed(found: list[metadata.Computed]) -> list[tuple[int, str]]:
    return [(c.line, c.message) for c in found]


def dedent(text: str) -> bytes:
    return textwrap.dedent(text).lstrip('\n').encode()


PROJECT = dedent('''
    [build-system]
    requires = ["setuptools>=61"]
    build-backend = "setuptools.build_meta"

    [project]
    name = "demo"
    version = "1.0"
    dependencies = [
        "django>=4.2",  # the web framework
        # a comment line, "not-a-requirement"
        'requests[socks] ; python_version >= "3.8"',
        """six""",
    ]

    [project.optional-dependencies]
    dev = ["pytest>=7", "demo[lint]"]
    lint = ["black"]
    docs = [
        "sphinx",
    ]
''')

GROUPS = dedent('''
    [project]
    name = "demo"
    dependencies = ["django"]

    [dependency-groups]
    test = ["pytest", {include-group = "lint"}]
    Lint = [
        "black",
        { include-group = "types" },
    ]
    types = ["mypy"]
    unused = ["tox"]
''')

DYNAMIC = dedent('''
    [project]
    name = "demo"
    dynamic = ["version", "dependencies"]

    [project.optional-dependencies]
    dev = ["pytest"]
''')

DYNAMIC_EXTRAS = dedent('''
    [project]
    name = "demo"
    dependencies = ["django"]
    dynamic = ["optional-dependencies"]
''')

NO_PROJECT = dedent('''
    [build-system]
    requires = ["poetry-core"]
    build-backend = "poetry.core.masonry.api"

    [tool.poetry.dependencies]
    django = "^4.2"
''')

TRICKY = dedent('''
    # "django" in a comment first
    [tool.other]
    dependencies = ["django", "wrong-table"]
    x = { dependencies = ["django"] }

    [project]
    name = "demo"
    description = "needs django"
    dependencies = ["django", "django",
      "django" , # three times
      "pkg @ https://example.com/pkg.whl#sha256=ab",  "b @ git+https://e.com/b#egg=b",
      "\\u0066lask",
      \'\'\'
    literal\'\'\',
    ]
    [project.optional-dependencies]
    "dev" = ["django"]
    other.x = 1

    [[tool.x]]
    dependencies = ["django"]
''')

DOTTED = dedent('''
    project.name = "demo"
    project.dependencies = ["django"]
    project . optional-dependencies = { dev = [
        "pytest",
    ], "lint" = ["black"] }
''')

SELF_MARKERS = dedent('''
    [project]
    name = "Demo_Pkg"
    [project.optional-dependencies]
    all = ["demo-pkg[test,lint] ; python_version >= '3.8'", "demo.pkg[missing]"]
    test = ["pytest ; sys_platform != 'win32'", "demo-pkg[lint]"]
    lint = ["black"]
    loop = ["demo-pkg[loop]", "tox"]
''')

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

    digests = fingerprint.digests(Project(''), files, [])
    assert list(digests) == ['pyproject.toml']
    # comments and layout are not inputs: the same requirements, the same digest
    again, _ = pyproject.read_pyproject(
        b'[project]\nname = "demo"\ndependencies = ["django>=4.2", \'requests[socks] ; python_version >= "3.8"\', "six"]\n'
        b'optional-dependencies = {dev = ["pytest>=7", "demo[lint]"], lint = ["black"]}\n',
        'pyproject.toml', ['dev'],
    )
    assert fingerprint.digests(Project(''), again, []) == digests


def test_an_invalid_requirement_is_reported_by_the_reader_at_its_line() -> None:
    files, _ = pyproject.read_pyproject(b'[project]\ndependencies = [\n  "django",\n  "django>=>4",\n]\n', 'pyproject.toml')
    with pytest.raises(BadInput) as e:
        requirements.requirements(files)
    assert str(e.value) == "pyproject.toml:4: invalid requirement: 'django>=>4': Expected semicolon (after name with no version specifier) or end"


SETUP_CFG = dedent('''
    [metadata]
    name = demo

    [options]
    packages = find:
    install_requires =
        django>=4.2  # the web framework
        # a comment line
        ; another comment line

        requests[socks]; python_version >= "3.8"
    python_requires = >=3.8

    [options.extras_require]
    Dev =
        pytest
        black
    docs = sphinx; sphinx-rtd-theme
    reqs = file: requirements-dev.txt
''')

SETUP_CFG_CASES = [
    ('install_requires multi-line, with comments', SETUP_CFG, {}, [(7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"')], []),
    ('an extra, names normalised', SETUP_CFG, {'extras': ['dev']}, [(7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"'), (16, 'pytest'), (17, 'black')], []),
    ('a one-line value is split at ;', SETUP_CFG, {'extras': ['docs']}, [
        (7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"'), (18, 'sphinx'), (18, 'sphinx-rtd-theme'),
    ], []),
    ('file: directive', SETUP_CFG, {'extras': ['reqs']}, [(7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"')],
     [(19, 'not checked: extras_require reqs is read from a file (file: requirements-dev.txt)')]),
    ('all extras', SETUP_CFG, {'all_extras': True}, [
        (7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"'), (16, 'pytest'), (17, 'black'), (18, 'sphinx'), (18, 'sphinx-rtd-theme'),
    ], [(19, 'not checked: extras_require reqs is read from a file (file: requirements-dev.txt)')]),
    ('install_requires from a file', b'[options]\ninstall_requires = file: requirements.in\n', {}, [],
     [(2, 'not checked: install_requires is read from a file (file: requirements.in)')]),
    ('one line starting on the next', b'[options]\ninstall-requires =\n  django\n', {}, [(3, 'django')], []),
    ('no [options]', b'[metadata]\nname = demo\n', {}, [], []),
    ('unknown extra, as pip-compile', SETUP_CFG, {'extras': ['nosuch'], 'unknown_extras_ok': True}, [(7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"')], []),
]


@pytest.mark.parametrize(('data', 'kwargs', 'want', 'want_computed'), [c[1:] for c in SETUP_CFG_CASES], ids=[c[0] for c in SETUP_CFG_CASES])
def test_read_setup_cfg(data: bytes, kwargs: dict[str, object], want: list[tuple[int, str]], want_computed: list[tuple[int, str]]) -> None:
    files, found = setup_cfg.read_setup_cfg(data, 'setup.cfg', **kwargs)  # type: ignore[arg-type]
    assert lines(files) == want
    assert computed(found) == want_computed


def test_read_setup_py() -> None:
    assert metadata.read_setup_py('libs/x/setup.py') == [metadata.Computed('libs/x/setup.py', 1, 'not checked: dependencies are computed by setup.py')]


@pytest.mark.parametrize(('path', 'data', 'want'), [
    ('pyproject.toml', PROJECT, 'demo'),
    ('libs/helpers/pyproject.toml', b'[project]\nname = "Helpers_Lib"\n', 'Helpers_Lib'),
    ('pyproject.toml', b'[project]\ndynamic = ["name"]\n', None),
    ('pyproject.toml', NO_PROJECT, None),
    ('pyproject.toml', b'[project]\nname = 3\n', None),
    ('setup.cfg', SETUP_CFG, 'demo'),
    ('x/setup.cfg', b'[options]\ninstall_requires = django\n', None),
])
def test_project_name(path: str, data: bytes, want: str | None) -> None:
    assert metadata.project_name(data, path) == want


@pytest.mark.parametrize(('files', 'want'), [
    ({'libs/x/pyproject.toml': b'[project]\nname = "Helpers_Lib"\n'}, 'helpers-lib'),
    ({'libs/x/pyproject.toml': b'[project\n', 'libs/x/setup.cfg': b'[metadata]\nname = From.Cfg\n'}, 'from-cfg'),
    ({'libs/x/pyproject.toml': b'[tool.x]\n', 'libs/x/setup.cfg': b'[metadata]\nname = cfg\n'}, 'cfg'),
    ({'libs/x/setup.cfg': b'[metadata]\nname = attr: x.NAME\n'}, None),
    ({'libs/x/setup.cfg': b'[metadata\n'}, None),
    ({'libs/x/setup.py': b''}, None),
    ({}, None),
])
def test_dist_name(tmp_path: Path, files: dict[str, bytes], want: str | None) -> None:
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert metadata.dist_name(Snapshot(str(tmp_path)), 'libs/x') == want
    assert metadata.dist_name(Snapshot(str(tmp_path)), 'libs/x/setup.py') is None  # not a folder


BAD = [
    # id, file name, bytes, keywords, the message
    ('malformed TOML', 'pyproject.toml', b'[project]\nname = "x"\ndependencies\n', {},
     "pyproject.toml:3: invalid TOML: Expected '=' after a key in a key/value pair"),
    ('missing comma', 'pyproject.toml', b'[project]\ndependencies = [\n  "a"\n  "b",\n]\n', {}, 'pyproject.toml:4: invalid TOML: Unclosed array'),
    ('TOML ends early', 'pyproject.toml', b'[project]\nname = "x', {}, 'pyproject.toml:2: invalid TOML: Unterminated string'),
    ('latin-1', 'pyproject.toml', b'[project]\nname = "x"\ndescription = "caf\xe9"\n', {}, 'pyproject.toml:3: not UTF-8 text (byte 0xe9)'),
    ('binary', 'pyproject.toml', b'\x00\x01', {}, 'pyproject.toml:1: binary file (NUL byte), expected text'),
    ('[project] not a table', 'pyproject.toml', b'project = "x"\n', {}, 'pyproject.toml:1: [project] must be a table'),
    ('dependencies a string', 'pyproject.toml', b'[project]\nname = "x"\ndependencies = "django"\n', {},
     'pyproject.toml:3: project.dependencies must be a list of strings'),
    ('non-string item', 'pyproject.toml', b'[project]\ndependencies = [\n  "django",\n  {name = "six"},\n]\n', {},
     "pyproject.toml:4: project.dependencies must be a list of strings, found dict {'name': 'six'}"),
    ('empty string', 'pyproject.toml', b'[project]\ndependencies = ["django", " "]\n', {}, 'pyproject.toml:2: empty requirement string'),
    ('an option, not a requirement', 'pyproject.toml', b'[project]\ndependencies = [\n"-e ."]\n', {},
     "pyproject.toml:3: invalid requirement: '-e .': Expected package name at the start of dependency specifier"),
    ('a path, not a requirement', 'pyproject.toml', b'[project]\ndependencies = ["./libs/x"]\n', {},
     "pyproject.toml:2: invalid requirement: './libs/x': Expected package name at the start of dependency specifier"),
    ('an extra not a list', 'pyproject.toml', b'[project]\n[project.optional-dependencies]\ndev = "pytest"\n', {'extras': ['dev']},
     'pyproject.toml:3: project.optional-dependencies.dev must be a list of strings'),
    ('unknown extra', 'pyproject.toml', b'[project]\nname = "x"\n\n[project.optional-dependencies]\ndev = ["pytest"]\n', {'extras': ['test']},
     'pyproject.toml:4: --extra test: no such extra in [project.optional-dependencies]'),
    ('unknown extra, no optional-dependencies', 'pyproject.toml', b'[project]\nname = "x"\n', {'extras': ['test']},
     'pyproject.toml:1: --extra test: no such extra in [project.optional-dependencies]'),
    ('dynamic not a list', 'pyproject.toml', b'[project]\nname = "x"\ndynamic = "dependencies"\n', {}, 'pyproject.toml:3: project.dynamic must be a list of strings'),
    ('unknown group', 'pyproject.toml', b'[project]\nname = "x"\n[dependency-groups]\ndev = ["pytest"]\n', {'groups': ['test']},
     'pyproject.toml:3: --group test: no such dependency group in [dependency-groups]'),
    ('include cycle', 'pyproject.toml', b'[dependency-groups]\na = ["x", {include-group = "b"}]\nb = [\n  {include-group = "A"},\n]\n', {'groups': ['a']},
     'pyproject.toml:4: dependency group include cycle (a -> b -> a)'),
    ('group includes itself', 'pyproject.toml', b'[dependency-groups]\na = [{include-group = "a"}]\n', {'groups': ['a']},
     'pyproject.toml:2: dependency group include cycle (a -> a)'),
    ('include of a missing group', 'pyproject.toml', b'[dependency-groups]\na = [{include-group = "c"}]\n', {'groups': ['a']},
     "pyproject.toml:2: dependency group 'a' includes 'c', which does not exist"),
    ('a table that is no include', 'pyproject.toml', b'[dependency-groups]\na = [\n  {include = "c"},\n]\n', {'groups': ['a']},
     'pyproject.toml:3: dependency-groups.a: a table item must be {include-group = "name"}'),
    ('a group defined twice', 'pyproject.toml', b'[dependency-groups]\ndev = ["a"]\nDev = ["b"]\n', {'groups': ['dev']},
     "pyproject.toml:3: dependency group 'Dev' is defined twice ('dev')"),
    ('setup.cfg without a section', 'setup.cfg', b'install_requires = django\n', {}, 'setup.cfg:1: cannot read setup.cfg: a line before any [section] header'),
    ('setup.cfg line that is nothing', 'setup.cfg', b'[options]\ninstall_requires =\n  django\nthis is not an option\n', {},
     'setup.cfg:4: cannot read setup.cfg: not an option, a [section] or a comment'),
    ('setup.cfg option twice', 'setup.cfg', b'[options]\ninstall_requires = a\ninstall_requires = b\n', {},
     "setup.cfg:3: cannot read setup.cfg: option 'install_requires' in [options] is given twice"),
    ('setup.cfg bad %', 'setup.cfg', b'[options]\ninstall_requires =\n    pkg @ https://example.com/a%20b.whl\n', {},
     "setup.cfg:2: cannot read setup.cfg: '%' must be followed by '%' or '(', found: '%20b.whl'"),
    ('setup.cfg latin-1', 'setup.cfg', b'[metadata]\nauthor = Jos\xe9\n', {}, 'setup.cfg:2: not UTF-8 text (byte 0xe9)'),
    ('setup.cfg unknown extra', 'setup.cfg', b'[options.extras_require]\n\ndev = pytest\n', {'extras': ['test']},
     'setup.cfg:1: --extra test: no such extra in [options.extras_require]'),
    ('setup.cfg unknown extra, no such section', 'setup.cfg', b'[options]\ninstall_requires = django\n', {'extras': ['test']},
     'setup.cfg:1: --extra test: no such extra in [options.extras_require]'),
    ('a --hash option, not a requirement', 'pyproject.toml', b'[project]\ndependencies = ["django --hash=sha256:ab"]\n', {},
     "pyproject.toml:2: invalid requirement: 'django --hash=sha256:ab': Expected semicolon (after name with no version specifier) or end"),
    ('setup.cfg path requirement', 'setup.cfg', b'[options]\ninstall_requires =\n  django\n  ../lib\n', {},
     "setup.cfg:4: invalid requirement: '../lib': Expected package name at the start of dependency specifier"),
]


@pytest.mark.parametrize(('path', 'data', 'kwargs', 'message'), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input(path: str, data: bytes, kwargs: dict[str, object], message: str) -> None:
    read = pyproject.read_pyproject if path.endswith('.toml') else setup_cfg.read_setup_cfg
    with pytest.raises(BadInput) as e:
        read(data, path, **kwargs)  # type: ignore[operator]
    assert str(e.value) == message


@pytest.mark.parametrize('case', METADATA_CASES, ids=[c.id for c in METADATA_CASES])
def test_corpus_metadata_cases(case) -> None:  # type: ignore[no-untyped-def]
    """The corpus' metadata cases (the hooks report them once they read
    these files) give the line they expect."""
    (message,) = {line for _, line in case.expect.values()}
    for name, data in case.files.items():
        if name.endswith(('pyproject.toml', 'setup.cfg')):
            read = pyproject.read_pyproject if name.endswith('.toml') else setup_cfg.read_setup_cfg
            data = data.encode() if isinstance(data, str) else data
            with pytest.raises(BadInput) as e:
                files, _ = read(data, name, extras=['dev'])  # type: ignore[operator]
                requirements.requirements(files)
            assert str(e.value) == message


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


def test_import_is_light() -> None:
    """Importing the metadata readers loads no TOML parser, configparser or packaging."""
    code = (
        'import sys; import hooks.readers.metadata, hooks.readers.pyproject, hooks.readers.setup_cfg; '
        'print(sorted(m for m in ("re", "tomllib", "tomli", "configparser", "packaging") if m in sys.modules))'
    )
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True, cwd=HERE)
    # hooks.readers.pip_syntax (the syntax of what it feeds) imports re itself
    assert proc.stdout.split() == ["['re']"]
