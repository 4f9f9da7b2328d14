"""Rule 2 (hooks/rules/rule2_requirements.py), through requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import PLAIN_TXT
from testing.fresh import run
from testing.project import write

RULE2 = (
    pytest.param('Django>=4.2\nzope.interface\n', [], id='names compared after PEP 503 normalisation'),
    pytest.param('DJANGO==4.2.7 \\\n    --hash=sha256:abc\nZope_Interface\n', [], id='continuation and --hash'),
    pytest.param('django>=4.2  # via something, an inline comment\nzope-interface\n', [], id='inline comment in a .in line'),
    pytest.param('--index-url https://pypi.org/simple\n-i https://x\n--find-links=wheels/\n--pre\ndjango\nzope-interface\n', [], id='options'),
    pytest.param('django\nzope-interface\npywin32==305; sys_platform == "win32"\n', [], id='marker that may not apply is not reported missing'),
    pytest.param(
        'django>=5\nzope-interface\n',
        ['requirements.in:1: requirement django>=5 is pinned at 4.2.7 in requirements.txt:4, which does not satisfy it'],
        id='pin does not satisfy',
    ),
    pytest.param(
        'django\nzope-interface\nrequests  # we need this\n',
        ['requirements.in:3: requirement requests is not pinned in requirements.txt'],
        id='not pinned',
    ),
    pytest.param(
        'django\nzope-interface<5; python_version >= "3"\n',
        ['requirements.in:2: requirement zope-interface<5 is pinned at 5.5.2 in requirements.txt:6, which does not satisfy it'],
        id='pinned requirement with a marker is still checked',
    ),
    pytest.param(
        'django==4.2.8\nzope-interface\n',
        ['requirements.in:1: requirement django 4.2.8 is pinned at 4.2.7 in requirements.txt:4'],
        id='exact pin differs',
    ),
    pytest.param(
        'django\nzope-interface\nrequests ; python_version >= "3.8"\n',
        ['requirements.in:3: requirement requests is not pinned in requirements.txt'],
        id='marker true for the header\'s Python 3.11',
    ),
    pytest.param(
        'django\nzope-interface\nrequests ; python_version < "3.8"\nzope-interface<5 ; python_full_version < "3.9"\n',
        [], id='marker false for the header\'s Python 3.11 is not judged',
    ),
    pytest.param(
        'django\nzope-interface\nrequests ; sys_platform == "linux"\n',
        [], id='platform marker outside a Divio project is not judged',
    ),
)


@pytest.mark.parametrize(('requirements_in', 'expected'), RULE2)
def test_rule2_base_requirements(repo: Path, capsys: pytest.CaptureFixture[str], requirements_in: str, expected: list[str]) -> None:
    write(repo / 'requirements.in', requirements_in)
    write(repo / 'requirements.txt', PLAIN_TXT)
    rc, out = run(capsys)
    fix = ['  fix: pip-compile requirements.in', '   or: requirements-compile --project .']
    assert (rc, out) == ((1, [*expected, *fix]) if expected else (0, []))


def test_rule2_include_names_the_included_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', 'django\n-r reqs/base.in\n-c constraints.txt\n')
    write(repo / 'reqs/base.in', '# base\nzope-interface\nrequests\n')
    write(repo / 'constraints.txt', 'urllib3<2\n')
    write(repo / 'requirements.txt', PLAIN_TXT)
    rc, out = run(capsys)
    assert rc == 1
    assert out[0] == 'reqs/base.in:3: requirement requests is not pinned in requirements.txt'
    assert len(out) == 3


@pytest.mark.parametrize('pin', ('django>=4', 'django==4.2.*', 'django~=4.2', 'django==4.2.7,<5'))
def test_rule2_loose_line_in_requirements_txt_is_no_pin(repo: Path, capsys: pytest.CaptureFixture[str], pin: str) -> None:
    write(repo / 'requirements.in', 'django\nzope-interface\n')
    write(repo / 'requirements.txt', PLAIN_TXT.replace('django==4.2.7', pin))
    rc, out = run(capsys)
    assert (rc, out[0]) == (1, 'requirements.txt:4: django is not pinned to one version (==), as requirements.in:1 needs')


def test_rule2_loose_line_in_requirements_txt(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', 'django\nzope-interface\n')
    write(repo / 'requirements.txt', PLAIN_TXT.replace('django==4.2.7', 'django>=4'))
    rc, out = run(capsys)
    assert (rc, out[0]) == (1, 'requirements.txt:4: django is not pinned to one version (==), as requirements.in:1 needs')
