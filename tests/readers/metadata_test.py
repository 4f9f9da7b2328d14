"""hooks.readers.metadata: what the metadata readers share, the
distribution name a folder holds, and the errors of both readers (bad
input at its line, as the compilers refuse it)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hooks.readers import metadata
from hooks.readers import pyproject
from hooks.readers import requirements
from hooks.readers import setup_cfg
from hooks.report import BadInput
from hooks.snapshot import Snapshot
from testing.corpus import METADATA_CASES
from testing.metadata import NO_PROJECT
from testing.metadata import PROJECT
from testing.metadata import SETUP_CFG

HERE = Path(__file__).resolve().parents[2]


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


def test_import_is_light() -> None:
    """Importing the metadata readers loads no TOML parser, configparser or packaging."""
    code = (
        'import sys; import hooks.readers.metadata, hooks.readers.pyproject, hooks.readers.setup_cfg; '
        'print(sorted(m for m in ("re", "tomllib", "tomli", "configparser", "packaging") if m in sys.modules))'
    )
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True, cwd=HERE)
    # hooks.readers.pip_syntax (the syntax of what it feeds) imports re itself
    assert proc.stdout.split() == ["['re']"]
