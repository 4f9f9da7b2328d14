"""Rule 1 (hooks/rules/rule1_addon_versions.py), through requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import FIX_DIVIO
from testing.fresh import run
from testing.project import edit

S3 = 'https://divio-addons.s3-eu-central-1.amazonaws.com'
DJANGO_IN = f'{S3}/aldryn-django/3.2.19.0/0d5c2c1e-7b21-4c0e-8f0a-4f9b1f6a3d22/aldryn-django-3.2.19.0.tar.gz#egg=aldryn-django==3.2.19.0'

# rule 1: addons of the INSTALLED_ADDONS block pinned at their version
RULE1 = (
    pytest.param(
        'requirements.in', 'aldryn-django-3.2.19.0.tar.gz#egg=aldryn-django==3.2.19.0',
        'aldryn-django-3.2.20.0.tar.gz#egg=aldryn-django==3.2.20.0',
        ['requirements.in:3: addon aldryn-django 3.2.20.0 is pinned at 3.2.19.0 in requirements.txt:13'],
        id='addon upgraded by Divio Bot',
    ),
    pytest.param(
        'requirements.txt', f'aldryn-sso @ {S3}/aldryn-sso/1.6.1/9a7f5e3b-2c4d-4b8e-a1f2-c3d4e5f6a7b8/aldryn-sso-1.6.1.tar.gz#egg=aldryn-sso==1.6.1\n    # via -r /workspace/requirements.in\n', '',
        ['requirements.in:4: addon aldryn-sso 1.6.1 is not pinned in requirements.txt'],
        id='addon not pinned',
    ),
    pytest.param(
        'requirements.txt', f'aldryn-sso @ {S3}/aldryn-sso/', 'aldryn-sso @ https://control.aldryn.com/api/v1/addons/aldryn-sso/',
        [], id='same version under another host is fresh',
    ),
    pytest.param(
        'requirements.txt', f'aldryn-sso @ {S3}/aldryn-sso/1.6.1/9a7f5e3b-2c4d-4b8e-a1f2-c3d4e5f6a7b8/aldryn-sso-1.6.1.tar.gz#egg=aldryn-sso==1.6.1',
        'https://control.divio.com/api/v1/apps/serve/aldryn-sso/1.6.1/xyz/aldryn-sso-1.6.1.tar.gz#egg=aldryn-sso==1.6.1',
        [], id='old-style URL pin line with egg fragment',
    ),
    pytest.param(
        'requirements.in', DJANGO_IN, 'aldryn-django==3.2.19.0',
        [], id='plain name==version addon line (oldest projects)',
    ),
    pytest.param(
        'requirements.in', DJANGO_IN, 'aldryn-django==3.2.18.0',
        ['requirements.in:3: addon aldryn-django 3.2.18.0 is pinned at 3.2.19.0 in requirements.txt:13'],
        id='plain addon line at another version',
    ),
    pytest.param(
        'requirements.in', DJANGO_IN, f'aldryn-django @ {S3}/aldryn-django/3.2.19.0/x/aldryn-django-3.2.19.0.tar.gz',
        [], id='name @ URL addon line, version from the archive name',
    ),
    pytest.param(
        'requirements.in', '# <INSTALLED_ADDONS>  # Warning: text inside the INSTALLED_ADDONS tags is auto-generated. Manual changes will be overwritten.',
        '#<INSTALLED_ADDONS>', [], id='tag without space or warning',
    ),
    pytest.param(
        'requirements.in', '# </INSTALLED_ADDONS>', '-e /app/addons-dev/my-addon\n# </INSTALLED_ADDONS>',
        ['requirements.in:7: addon my-addon is not pinned in requirements.txt'],
        id='editable addons-dev addon not pinned',
    ),
)


@pytest.mark.parametrize(('file', 'old', 'new', 'expected'), RULE1)
def test_rule1_addons(divio: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, expected: list[str]) -> None:
    edit(divio / file, old, new)
    rc, out = run(capsys)
    assert (rc, out) == ((1, [*expected, *FIX_DIVIO]) if expected else (0, []))


def test_rule1_editable_addon_pinned(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(divio / 'requirements.in', '# </INSTALLED_ADDONS>', '-e /app/addons-dev/my-addon\n# </INSTALLED_ADDONS>')
    with open(divio / 'requirements.txt', 'a') as f:
        f.write('-e /app/addons-dev/my-addon\n')
    assert run(capsys) == (0, [])
