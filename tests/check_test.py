"""The one check and its fix line (hooks/check.py), through requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import FIX_DIVIO
from testing.fresh import run
from testing.project import edit
from testing.project import write


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
