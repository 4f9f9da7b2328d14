"""Rule 5, the fingerprint (hooks/rules/rule5_fingerprint.py, hooks/fingerprint.py),
through requirements-fresh; the fast path's imports."""
from __future__ import annotations

from pathlib import Path

import pytest

from hooks import fingerprint
from hooks.compiled import Compiled
from hooks.rules import rule5_fingerprint
from hooks.snapshot import Snapshot
from testing.fresh import ADDON_HINT
from testing.fresh import FIX_DIVIO
from testing.fresh import PLAIN_TXT
from testing.fresh import run
from testing.project import edit
from testing.project import imported as imports_of
from testing.project import write


# rule 5: the fingerprint
def stamp(root: Path) -> None:
    txt = root / 'requirements.txt'
    with Snapshot(str(root)) as snap:
        inputs = fingerprint.inputs(snap, Compiled('requirements.txt', ['requirements.in']))
    txt.write_bytes(rule5_fingerprint.stamp(txt.read_bytes().decode(), inputs, fingerprint.options_digest(['pip-compile'])).encode())


RULE5 = (
    pytest.param('requirements.in', '# our own requirements\n', '# a new comment\n\n', [], id='comment-only edit'),
    pytest.param('requirements.in', 'django-storages[boto3]==1.13.2\nsentry-sdk>=1.9,<2  # error reporting\n',
                 'sentry-sdk >= 1.9, < 2\nDjango_Storages[boto3]==1.13.2\n', [], id='reorder, spacing and name spelling'),
    pytest.param('requirements.in', '\n', '\r\n', [], id='CRLF'),
    pytest.param('requirements.in', 'requests\n', 'requests\nrequests\n', [], id='duplicate line'),
    pytest.param(
        'requirements.in', '#egg=aldryn-sso==1.6.1', '#egg=aldryn-sso==1.6.1&subdirectory=x',
        ['requirements.txt:1: requirements.in changed since requirements.txt was compiled'], id='URL fragment kept',
    ),
    pytest.param(
        'requirements.in', 'requests\n', 'requests<3\n',
        ['requirements.txt:1: requirements.in changed since requirements.txt was compiled'], id='specifier changed',
    ),
    pytest.param(
        'requirements.txt', 'pytz==2022.7.1', 'pytz==2023.3',
        ['requirements.txt:1: the pins were edited by hand since requirements.txt was compiled'], id='pin edited by hand',
    ),
    pytest.param(
        'requirements.txt', '    # via aldryn-django\n', '    # via aldryn-django, by hand\n', [], id='annotation edited by hand is not a pin change',
    ),
    pytest.param(
        'addons/aldryn-sso/addon.json', '"aldryn-sso"', '"aldryn-sso2"',
        [
            'requirements.txt:1: the addons list (addons/*/addon.json, settings.py) changed since requirements.txt was compiled',
            'addons/aldryn-sso/addon.json:2: addon aldryn-sso2 is installed but requirements.txt does not pin it',
        ], id='addons list changed',
    ),
)


@pytest.mark.parametrize(('file', 'old', 'new', 'expected'), RULE5)
def test_rule5_fingerprint(divio: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, expected: list[str]) -> None:
    stamp(divio)
    assert run(capsys) == (0, [])
    edit(divio / file, old, new, count=-1 if old in ('\n',) else 1)
    rc, out = run(capsys)
    assert (rc, out) == ((1, [*expected, *FIX_DIVIO]) if expected else (0, []))


def test_rule5_matching_fingerprint_still_checks_the_addons_list(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the addons list is no input of the compiler: a recompile cannot pin an
    # addon that requirements.in does not ask for
    write(divio / 'addons/aldryn-forms/addon.json', '{"package-name": "aldryn-forms"}')
    stamp(divio)
    assert run(capsys) == (1, [
        'addons/aldryn-forms/addon.json:1: addon aldryn-forms is installed but requirements.txt does not pin it',
        ADDON_HINT,
    ])


def test_rule5_include_change_names_the_include(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', 'django\n-r base.in\n')
    write(repo / 'base.in', 'zope-interface\n')
    write(repo / 'requirements.txt', PLAIN_TXT)
    stamp(repo)
    assert run(capsys) == (0, [])
    write(repo / 'base.in', 'zope-interface>=5\n')
    rc, out = run(capsys)
    assert (rc, out[0]) == (1, 'requirements.txt:1: base.in changed since requirements.txt was compiled')


HEAVY = ("packaging", "git", "argparse", "typing", "subprocess", "hashlib", "shutil", "tempfile", "re", "json", "collections", "types", "hooks.readers.pip_syntax", "hooks.readers.addons")


def imported(root: Path) -> str:
    """What a check imports beyond the interpreter's start: the heavy
    modules only (the fast path must import none)."""
    return imports_of(root, 'requirements_fresh', HEAVY)


def test_rule5_untouched_since_the_stamp_imports_nothing_heavy(divio: Path) -> None:
    # <bytes> answers: no requirement read, no JSON, no regular expression
    stamp(divio)
    write(divio / 'README.md', 'not an input\n')
    assert imported(divio) == '0 []'
    # nor the readers of other formats, nor git at the working tree
    others = ('hooks.git', 'hooks.git_snapshot', 'hooks.readers.pylock', 'hooks.readers.uv_export_txt', 'hooks.readers.compiler_config', 'hooks.readers.toml')
    assert imports_of(divio, 'requirements_fresh', others) == '0 []'


def test_rule5_normalised_digests_need_no_packaging(divio: Path) -> None:
    # touched but not changed: the normalised digests answer, without
    # packaging or GitPython
    stamp(divio)
    edit(divio / 'requirements.in', '# our own requirements\n', '# our own, commented\n')
    rc, modules = imported(divio).split(' ', 1)
    assert rc == '0'
    assert 'hooks.readers.pip_syntax' in modules
    assert 'packaging' not in modules and "'git" not in modules


def test_rule5_bytes_only_when_every_rule_holds(divio: Path) -> None:
    stamp(divio)
    assert '<bytes>=' in (divio / 'requirements.txt').read_text().splitlines()[0]
    write(divio / 'addons/aldryn-forms/addon.json', '{"package-name": "aldryn-forms"}')
    stamp(divio)  # rule 3 fails: no compile pins it, <bytes> must not hide it
    assert '<bytes>=' not in (divio / 'requirements.txt').read_text().splitlines()[0]


ADDONS_CHANGED = 'requirements.txt:1: the addons list (addons/*/addon.json, settings.py) changed since requirements.txt was compiled'

# every file the verdict reads, changed after the stamp: <bytes> no longer
# vouches, and the check says what changed
BYTES = (
    pytest.param(
        'settings.py', "    'aldryn-sso',\n", "    'aldryn-sso',\n    'aldryn-forms',\n",
        [ADDONS_CHANGED, 'settings.py:8: addon aldryn-forms is installed but requirements.txt does not pin it'],
        id='settings.py lists one more addon',
    ),
    pytest.param(
        'addons/aldryn-forms/addon.json', None, '{"package-name": "aldryn-forms"}',
        [ADDONS_CHANGED, 'addons/aldryn-forms/addon.json:1: addon aldryn-forms is installed but requirements.txt does not pin it'],
        id='a new addon.json',
    ),
    pytest.param(
        'addons/aldryn-sso/addon.json', '"aldryn-sso"', '"aldryn-sso2"',
        [ADDONS_CHANGED, 'addons/aldryn-sso/addon.json:2: addon aldryn-sso2 is installed but requirements.txt does not pin it'],
        id='an addon.json renamed',
    ),
    pytest.param(
        'requirements.in', 'requests\n', 'requests<2\n',
        ['requirements.txt:1: requirements.in changed since requirements.txt was compiled',
         'requirements.in:12: requirement requests<2 is pinned at 2.28.2 in requirements.txt:84, which does not satisfy it'],
        id='requirements.in',
    ),
    pytest.param(
        'requirements.txt', 'pytz==2022.7.1', 'pytz==2023.3',
        ['requirements.txt:1: the pins were edited by hand since requirements.txt was compiled'],
        id='a pin of requirements.txt',
    ),
)


@pytest.mark.parametrize(('file', 'old', 'new', 'expected'), BYTES)
def test_rule5_bytes_vouch_only_for_untouched_files(divio: Path, capsys: pytest.CaptureFixture[str], file: str, old: str | None, new: str, expected: list[str]) -> None:
    stamp(divio)
    assert run(capsys) == (0, [])
    if old is None:
        write(divio / file, new)
    else:
        edit(divio / file, old, new)
    assert run(capsys) == (1, [*expected, *FIX_DIVIO])


def test_rule5_bytes_cover_includes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', 'django\n-r base.in\n')
    write(repo / 'base.in', 'zope-interface\n')
    write(repo / 'requirements.txt', PLAIN_TXT)
    stamp(repo)
    assert '<bytes>=' in (repo / 'requirements.txt').read_text()
    assert run(capsys) == (0, [])
    (repo / 'base.in').unlink()
    assert run(capsys) == (2, ['requirements.in:2: base.in: included file not found'])
