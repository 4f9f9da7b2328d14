"""The one check and its fix line (hooks/check.py), through requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import FIX_DIVIO
from testing.fresh import run
from testing.project import edit
from testing.project import write
from testing.rule8 import image_fix
from testing.rule8 import PIP_TOOLS_7


def test_divio_hint_for_an_empty_addons_block(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # every addon uninstalled: the tags stay, with nothing between them
    text = (divio / 'requirements.in').read_text().splitlines(keepends=True)
    write(divio / 'requirements.in', ''.join([text[0], *text[6:]]))
    for name in ('aldryn-addons', 'aldryn-django', 'aldryn-sso', 'aldryn-django-cms', 'djangocms-text-ckeditor'):
        edit(divio / 'settings.py', f"    '{name}',\n", '')
        (divio / 'addons' / name / 'addon.json').unlink()
    rc, out = run(capsys)
    assert rc == 1 and 'nothing needs it any more' in out[0]
    assert out[-2:] == list(FIX_DIVIO)


def test_no_rule_hides_another(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a Python mismatch (rule 8) and a missing requirement (rule 2): one
    # run shows both, and one fix line (compiling in the image) fixes both
    write(repo / 'requirements.in', 'django>=4.2\nrequests\n')
    write(repo / 'requirements.txt', PIP_TOOLS_7 + 'django==4.2.7\n    # via -r requirements.in\n')
    write(repo / 'Dockerfile', 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n')
    assert run(capsys) == (1, [
        'requirements.txt:2: compiled for Python 3.11, but Dockerfile:1 builds on Python 3.12',
        'requirements.in:2: requirement requests is not pinned in requirements.txt',
        image_fix('python:3.12-slim'),
    ])
    assert run(capsys, '--no-cache') == run(capsys)  # the cache never answers fresh for it
