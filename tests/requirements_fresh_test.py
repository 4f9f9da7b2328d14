"""requirements-fresh, the hook: discovery, bad input, encodings.  Each rule
has its test file in tests/rules/."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import PLAIN_TXT
from testing.fresh import run
from testing.project import write


def test_example_project_is_fresh(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys) == (0, [])


def test_no_requirements_txt_is_unpinned_not_stale(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (divio / 'requirements.txt').unlink()
    assert run(capsys) == (0, [])


BAD = (
    pytest.param({'requirements.in': 'django>=>4\n'}, "requirements.in:1: invalid requirement: 'django>=>4': Expected semicolon (after name with no version specifier) or end", id='malformed'),
    pytest.param({'requirements.in': 'django\n--frobnicate x\n'}, 'requirements.in:2: unknown option: --frobnicate', id='unknown option'),
    pytest.param({'requirements.in': 'django --frobnicate\n'}, 'requirements.in:1: unknown option: --frobnicate', id='unknown requirement option'),
    pytest.param({'requirements.in': '-r a.in\n', 'a.in': '\n-r requirements.in\n'}, 'a.in:2: -r requirements.in: include cycle (requirements.in -> a.in -> requirements.in)', id='cycle'),
    pytest.param({'requirements.in': '-r ../../etc/passwd\n'}, 'requirements.in:1: -r ../../etc/passwd: include leaves the repository', id='escaping include'),
    pytest.param({'requirements.in': '-c /etc/passwd\n'}, 'requirements.in:1: -c /etc/passwd: include leaves the repository', id='absolute include'),
    pytest.param({'requirements.in': '-r missing.in\n'}, 'requirements.in:1: missing.in: included file not found', id='missing include'),
    pytest.param({'requirements.in': b'django\nr\xe9quests\n'}, 'requirements.in:2: not UTF-8 text (byte 0xe9)', id='not UTF-8'),
    pytest.param({'requirements.in': b'\x7fELF\x02\x01\x00\x00'}, 'requirements.in:1: binary file (NUL byte), expected text', id='binary'),
    pytest.param({'requirements.in': '# <INSTALLED_ADDONS>\ndjango\n'}, 'requirements.in:1: # <INSTALLED_ADDONS> is never closed (# </INSTALLED_ADDONS>)', id='unclosed block'),
    pytest.param({'addons/x/addon.json': '{"package-name": '}, 'addons/x/addon.json:1: broken JSON: Expecting value', id='broken addon.json'),
    pytest.param({'addons/x/addon.json': '["x"]'}, 'addons/x/addon.json:1: expected a JSON object, found list', id='addon.json not an object'),
    pytest.param({'requirements.txt': 'django==4.2.7\n--frobnicate\n'}, 'requirements.txt:2: unknown option: --frobnicate', id='unknown option in requirements.txt'),
    pytest.param({'requirements.txt': 'django==4.2.7 --frobnicate=1\n'}, 'requirements.txt:1: unknown option: --frobnicate', id='unknown pin option'),
    pytest.param({'requirements.txt': '--index-url\ndjango==4.2.7\n'}, 'requirements.txt:1: --index-url needs a value', id='option without its value in requirements.txt'),
    pytest.param({'requirements.txt': 'django==\n'}, "requirements.txt:1: invalid pin: 'django=='", id='malformed pin'),
    pytest.param({'requirements.txt': '# aldryn-pins: v9 output=00\ndjango==4.2.7\n'}, 'requirements.txt:1: fingerprint v9: not understood by this aldryn-pins (expected v1); upgrade aldryn-pins or recompile', id='future fingerprint'),
)


@pytest.mark.parametrize(('files', 'expected'), BAD)
def test_bad_input_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes], expected: str) -> None:
    files = {'requirements.in': 'django\n', 'requirements.txt': 'django==4.2.7\n', **files}
    for name, content in files.items():
        write(repo / name, content)
    before = {p: p.read_bytes() for p in repo.rglob('*') if p.is_file() and '.git' not in p.parts}
    rc, out = run(capsys)
    assert (rc, out) == (2, [expected])
    assert {p: p.read_bytes() for p in repo.rglob('*') if p.is_file() and '.git' not in p.parts} == before


def test_bom_and_crlf_are_valid(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', b'\xef\xbb\xbfdjango\r\nzope-interface\n')
    write(repo / 'requirements.txt', b'\xef\xbb\xbf' + PLAIN_TXT.replace('\n', '\r\n').encode())
    assert run(capsys) == (0, [])


def test_discovery_finds_every_project_but_addons_dev(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for d in ('', 'services/api/', 'addons-dev/my-addon/', 'node_modules/x/'):
        write(repo / f'{d}requirements.in', 'requests\n')
        write(repo / f'{d}requirements.txt', 'django==4.2.7\n')
    rc, out = run(capsys)
    assert rc == 1
    assert [line for line in out if 'not pinned' in line] == [
        'requirements.in:1: requirement requests is not pinned in requirements.txt',
        'services/api/requirements.in:1: requirement requests is not pinned in services/api/requirements.txt',
    ]
    rc, out = run(capsys, '--project', 'services/api')
    assert rc == 1 and out[0].startswith('services/api/requirements.in:1:')
    assert out[1:] == ['  fix: pip-compile services/api/requirements.in', '   or: requirements-compile --project services/api']


def test_project_outside_repository(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, '--project', '..') == (2, ['..:1: --project: folder is outside the repository'])
