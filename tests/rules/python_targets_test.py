"""Rule 8's other targets: requires-python, .python-version, a Divio index
(hooks/rules/python_targets.py), through requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import FIX_DIVIO
from testing.fresh import run
from testing.project import write
from testing.rule8 import image_fix
from testing.rule8 import IN
from testing.rule8 import PINS
from testing.rule8 import PIP_TOOLS_7
from testing.rule8 import project
from testing.rule8 import python_fix

# compiled for Python 3.11 (pip-tools 7), without a Dockerfile
OTHER_TARGETS = (
    pytest.param({'pyproject.toml': '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.11"\n'}, [], id='requires-python satisfied'),
    pytest.param({'pyproject.toml': '[project]\nname = "app"\nversion = "1"\nrequires-python = "~=3.11.4"\n'}, [], id='requires-python of a micro: X.Y compared'),
    pytest.param({'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.9,<3.12"\n'}, [], id='requires-python range'),
    pytest.param(
        {'pyproject.toml': "[project]\nname = 'app'\nrequires-python = '>=3.12.0b1'\n"},
        ['requirements.txt:2: compiled for Python 3.11, but pyproject.toml:3 requires-python >=3.12.0b1'],
        id='requires-python with a pre-release (packaging judges)',
    ),
    pytest.param(
        {'pyproject.toml': '[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "app"\nrequires-python = ">=3.12"\n'},
        ['requirements.txt:2: compiled for Python 3.11, but pyproject.toml:6 requires-python >=3.12'],
        id='requires-python not satisfied',
    ),
    pytest.param(
        {'pyproject.toml': '[project]\nname = "app"\nrequires-python = "==3.10.*"\n'},
        ['requirements.txt:2: compiled for Python 3.11, but pyproject.toml:3 requires-python ==3.10.*'],
        id='requires-python ==X.Y.*',
    ),
    pytest.param(
        {'pyproject.toml': '[tool.other]\nrequires-python = ">=3.8"\n\n[project]\nname = "app"\n"requires-python" = ">3.11.99"\n'},
        ['requirements.txt:2: compiled for Python 3.11, but pyproject.toml:6 requires-python >3.11.99'],
        id='requires-python: the line of [project]\'s key',
    ),
    pytest.param({'pyproject.toml': '[project]\nname = "app"\n# requires-python = ">=3.12"\n'}, [], id='requires-python in a comment'),
    pytest.param({'pyproject.toml': '[tool.x]\nrequires-python = ">=3.12"\n'}, [], id='requires-python outside [project]'),
    pytest.param({'.python-version': '3.11\n'}, [], id='.python-version agrees'),
    pytest.param({'.python-version': '3.11.7\n'}, [], id='.python-version X.Y.Z agrees'),
    pytest.param(
        {'.python-version': '3.12\n'},
        ['requirements.txt:2: compiled for Python 3.11, but .python-version:1 says 3.12'],
        id='.python-version',
    ),
    pytest.param(
        {'.python-version': '# pyenv\n\n3.10.13\n3.11.7\n'},
        ['requirements.txt:2: compiled for Python 3.11, but .python-version:3 says 3.10.13'],
        id='.python-version: the first version counts',
    ),
    pytest.param(
        {'.python-version': 'cpython@3.9\n'},
        ['requirements.txt:2: compiled for Python 3.11, but .python-version:1 says cpython@3.9'],
        id='.python-version: uv request',
    ),
    pytest.param({'.python-version': 'system\n'}, [], id='.python-version: no version'),
    pytest.param(
        {'requirements.txt': PIP_TOOLS_7 + '--index-url https://wheels.aldryn.net/v1/aldryn-extras+pypi/buster-py38/+simple/\n\n' + PINS},
        ['requirements.txt:2: compiled for Python 3.11, but requirements.txt:7 installs wheels for Python 3.8 (--index-url .../buster-py38/...)'],
        id='Divio index in the file',
    ),
    pytest.param(
        {'requirements.txt': PIP_TOOLS_7 + '--extra-index-url=https://wheels.aldryn.net/v1/aldryn-extras+pypi/bookworm-py311/+simple/\n' + PINS},
        [], id='Divio extra index agrees',
    ),
    pytest.param({'requirements.txt': PIP_TOOLS_7 + '--index-url https://pypi.org/simple/\n' + PINS}, [], id='another index names no Python'),
)


@pytest.mark.parametrize(('files', 'expected'), OTHER_TARGETS)
def test_other_targets(repo: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], expected: list[str]) -> None:
    project(repo, PIP_TOOLS_7, files)
    fix = [FIX_DIVIO[0]] if 'aldryn' in str(files) else [python_fix(_runtime(expected))]
    assert run(capsys) == ((1, [*expected, *fix]) if expected else (0, []))


# the Python rule 8's fix line compiles on: requires-python's oldest minor
RUNTIMES = {
    '>=3.12.0b1': '3.12', '>=3.12': '3.12', '==3.10.*': '3.10', '>3.11.99': '3.12',
    'says 3.12': '3.12', 'says 3.10.13': '3.10', 'says cpython@3.9': '3.9',
}


def _runtime(expected: list[str]) -> str:
    return next((v for k, v in RUNTIMES.items() if expected and expected[0].endswith(k)), '')


def test_nothing_names_a_python(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a header with a Python, but no Dockerfile, pyproject.toml or .python-version
    project(repo, PIP_TOOLS_7, {'Dockerfile': 'FROM ubuntu:22.04\nRUN apt-get install -y python3\n'})
    assert run(capsys) == (0, [])


def test_beside_the_output_before_the_root(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # web/requirements.txt: web/'s files win over the root's; the root's
    # Dockerfile is not web/'s, nor is the root's pyproject.toml (a parent
    # project, such as the repository of this package with its example)
    write(repo / 'web/requirements.in', IN)
    write(repo / 'web/requirements.txt', PIP_TOOLS_7 + PINS)
    write(repo / 'Dockerfile', 'FROM python:3.9\n')
    write(repo / '.python-version', '3.9\n')
    write(repo / 'web/.python-version', '3.11\n')
    write(repo / 'pyproject.toml', '[project]\nname = "x"\nrequires-python = ">=3.12"\n')
    assert run(capsys) == (0, [])
    write(repo / 'web/pyproject.toml', '[project]\nname = "x"\nrequires-python = ">=3.12"\n')
    fix = '  fix: cd web && python3.12 -m piptools compile'
    assert run(capsys) == (1, ['web/requirements.txt:2: compiled for Python 3.11, but web/pyproject.toml:3 requires-python >=3.12', fix])
    write(repo / 'web/Dockerfile', 'FROM python:3.10\n')
    write(repo / 'web/pyproject.toml', '[project]\nname = "x"\nrequires-python = ">=3.8"\n')
    fix = '  fix: cd web && ' + image_fix('python:3.10').removeprefix('  fix: ')
    assert run(capsys) == (1, ['web/requirements.txt:2: compiled for Python 3.11, but web/Dockerfile:1 builds on Python 3.10', fix])
