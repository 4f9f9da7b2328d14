"""URL requirements against their pins, rules 1 and 2 (hooks/rules/locations.py,
hooks/rules/pin_match.py), through requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import run
from testing.project import write

H = 'https://example.com/pkgs'
G = 'git+https://github.com/org'
SHA = '6f1840a' + '0' * 33
VIA = '    # via -r requirements.in\n'

# rules 1 and 2 for URLs: a URL requirement needs its URL in the pin
# (fragments aside); an addon with a version is compared by name==version
URLS = (
    pytest.param(f'x @ {H}/x-1.0.tar.gz\n', f'x @ {H}/x-1.0.tar.gz#egg=x==1.0\n', [], id='same URL, fragment aside'),
    pytest.param(f'{H}/x-1.0.tar.gz#egg=x==1.0\n', f'x @ {H}/x-1.0.tar.gz\n', [], id='egg line, pin without the fragment'),
    pytest.param(
        f'x @ {H}/x-2.0.tar.gz\n', f'x @ {H}/x-1.0.tar.gz\n',
        [f'requirements.in:1: requirement x is pinned at {H}/x-1.0.tar.gz in requirements.txt:1, not at {H}/x-2.0.tar.gz'],
        id='another archive',
    ),
    pytest.param(
        'x @ https://github.com/o/x/archive/refs/heads/main.zip\n', 'x @ https://github.com/o/x/archive/refs/tags/v1.zip\n',
        ['requirements.in:1: requirement x is pinned at https://github.com/o/x/archive/refs/tags/v1.zip in requirements.txt:1, not at https://github.com/o/x/archive/refs/heads/main.zip'],
        id='a tag zip moved to a branch zip',
    ),
    pytest.param(
        f'x @ {H}/x-1.0.tar.gz\n', 'x==1.0\n',
        [f'requirements.in:1: requirement x is pinned at 1.0 in requirements.txt:1, not at {H}/x-1.0.tar.gz'],
        id='the pin keeps a PyPI version',
    ),
    pytest.param(
        'x==2.0.0\n', f'x @ {H}/x.tar.gz\n',
        [f'requirements.in:1: requirement x 2.0.0 is pinned at {H}/x.tar.gz in requirements.txt:1, a URL without a version'],
        id='a version pinned by a versionless URL',
    ),
    pytest.param('x @ git+https://github.com/o/x@main\n', 'x @ git+https://github.com/o/x@' + 'a' * 40 + '\n', [], id='uv resolves a VCS ref to its commit'),
    pytest.param(
        'x @ git+https://github.com/o/x@v2\n', 'x @ git+https://github.com/o/x@v1\n',
        ['requirements.in:1: requirement x is pinned at git+https://github.com/o/x@v1 in requirements.txt:1, not at git+https://github.com/o/x@v2'],
        id='another VCS ref',
    ),
    # issue 18, item 8: as pip-compile pins them (name @ URL); a name is never invented from a URL's path
    pytest.param(
        f'{G}/gunicorn@20.1.0#egg=gunicorn[eventlet]==20.1.0\n', f'gunicorn @ {G}/gunicorn@20.1.0\n{VIA}', [],
        id='#egg= with extras and a version',
    ),
    pytest.param(f'{G}/project@release/build\n', f'acme @ {G}/project@release/build\n{VIA}', [], id='a URL without a name, named by its pin'),
    pytest.param(f'{G}/project@release/build\n', f'acme @ {G}/project@{SHA}\n{VIA}', [], id='a URL without a name, its ref resolved by uv'),
    pytest.param(
        f'{G}/project@release/next\n', f'acme @ {G}/project@release/build\n{VIA}',
        [f'requirements.in:1: requirement acme is pinned at {G}/project@release/build in requirements.txt:1, not at {G}/project@release/next'],
        id='a URL without a name, another ref of its repository',
    ),
    pytest.param(
        f'{G}/other@release/build\n', f'acme @ {G}/project@release/build\n{VIA}',
        [
            f'requirements.in:1: requirement {G}/other@release/build is not pinned in requirements.txt',
            'requirements.txt:1: acme is pinned, but nothing needs it any more (via -r requirements.in)',
        ],
        id='a URL without a name, not pinned',
    ),
    pytest.param('x @ git+file:///srv/x@main\n', 'x @ git+file:/srv/x@main\n', [], id='file:/// as pip-compile writes it, file:/'),
    pytest.param(
        '# <INSTALLED_ADDONS>\nhttps://control.divio.com/x/x-2.0.0.tar.gz#egg=x==2.0.0\n# </INSTALLED_ADDONS>\n', f'x @ {H}/x-2.0.0.tar.gz\n',
        [], id='addon version under another host',
    ),
    pytest.param(
        '# <INSTALLED_ADDONS>\nhttps://control.divio.com/x/x-2.0.0.tar.gz#egg=x==2.0.0\n# </INSTALLED_ADDONS>\n', f'x @ {H}/x.tar.gz\n',
        [f'requirements.in:2: addon x 2.0.0 is pinned at {H}/x.tar.gz in requirements.txt:1, a URL without a version'],
        id='addon version pinned by a versionless URL',
    ),
    pytest.param(
        '# <INSTALLED_ADDONS>\nhttps://control.divio.com/x/latest.tar.gz#egg=x\n# </INSTALLED_ADDONS>\n', 'x @ https://control.divio.com/x/old.tar.gz\n',
        ['requirements.in:2: addon x is pinned at https://control.divio.com/x/old.tar.gz in requirements.txt:1, not at https://control.divio.com/x/latest.tar.gz#egg=x'],
        id='versionless addon URL moved',
    ),
)


@pytest.mark.parametrize(('requirements_in', 'requirements_txt', 'expected'), URLS)
def test_rules_1_and_2_urls(repo: Path, capsys: pytest.CaptureFixture[str], requirements_in: str, requirements_txt: str, expected: list[str]) -> None:
    write(repo / 'requirements.in', requirements_in)
    write(repo / 'requirements.txt', requirements_txt)
    rc, out = run(capsys)
    if expected:
        assert (rc, out[:-2]) == (1, expected)
        assert out[-2].startswith('  fix: ')
        assert out[-1].startswith('   or: requirements-compile ')
    else:
        assert (rc, out) == (0, [])
