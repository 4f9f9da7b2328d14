"""Rule 3 (hooks/rules/rule3_addons_list.py), through requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import ADDON_HINT
from testing.fresh import run
from testing.project import edit
from testing.project import write

# rule 3: every addon of the addons list pinned, wherever its line stands;
# an addon requirements.in does not ask for is pinned by no compile: a
# hint, not a fix line (README.md, "Fix lines")


def test_rule3_addon_json_not_pinned(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(divio / 'addons/djangocms-bootstrap4/addon.json', '{\n    "package-name": "djangocms-bootstrap4",\n    "installed-apps": []\n}\n')
    rc, out = run(capsys)
    assert (rc, out) == (1, [
        'addons/djangocms-bootstrap4/addon.json:2: addon djangocms-bootstrap4 is installed but requirements.txt does not pin it',
        ADDON_HINT,
    ])


def test_rule3_settings_block_not_pinned(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(divio / 'settings.py', "    'djangocms-text-ckeditor',\n", "    'djangocms-text-ckeditor',\n    \"Aldryn_Forms\",\n")
    rc, out = run(capsys)
    assert (rc, out) == (1, [
        'settings.py:10: addon aldryn-forms is installed but requirements.txt does not pin it',
        ADDON_HINT,
    ])


def test_rule3_addon_moved_to_a_base_pin_is_pinned(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(divio / 'addons/djangocms-bootstrap4/addon.json', '{"package-name": "djangocms-bootstrap4", "installed-apps": []}')
    with open(divio / 'requirements.in', 'a') as f:
        f.write('djangocms-bootstrap4==3.0.1\n')
    with open(divio / 'requirements.txt', 'a') as f:
        f.write('djangocms-bootstrap4==3.0.1\n    # via -r /workspace/requirements.in\n')
    assert run(capsys) == (0, [])
