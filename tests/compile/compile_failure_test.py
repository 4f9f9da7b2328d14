"""hooks.compile.failure: a compiler failure in one or two lines, through
the real pip-compile and uv (an unsatisfiable requirement; a package index
on a closed port); the whole output with --verbose."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from hooks import requirements_compile
from hooks.compile.failure import error_line
from hooks.compile.failure import HINT
from hooks.compile.failure import unreachable
from testing.recompile import compile_
from testing.recompile import listing

TRACEBACK = '''\
Traceback (most recent call last):
  File "/venv/bin/pip-compile", line 8, in <module>
    sys.exit(cli())
pip._vendor.resolvelib.resolvers.exceptions.ResolutionImpossible: [RequirementInformation(...)]

The above exception was the direct cause of the following exception:

pip._internal.exceptions.DistributionNotFound: No matching distribution found for django>9
'''
UV = '''\
error: No solution found when resolving dependencies
  cause: Because only django==4.2.1 is available and you require django>9, we can conclude that your requirements are unsatisfiable.
'''
PIP_REFUSED = (
    "  WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by "
    "'NewConnectionError(\"HTTPConnection(host='127.0.0.1', port=9): Failed to establish a new connection: "
    "[Errno 111] Connection refused\")': /simple/django/\n" + TRACEBACK
)
UV_REFUSED = '''\
error: Request failed after 3 retries in 10.4s
  cause: Failed to fetch: `http://127.0.0.1:9/simple/django/`
  cause: tcp connect error
  cause: Connection refused (os error 111)
'''


@pytest.mark.parametrize(('output', 'line'), [
    (TRACEBACK, 'DistributionNotFound: No matching distribution found for django>9'),
    (UV, 'error: No solution found when resolving dependencies (Because only django==4.2.1 is available and '
         'you require django>9, we can conclude that your requirements are unsatisfiable.)'),
    ("Usage: pip-compile [OPTIONS]\nError: No such option: --bogus\n", 'Error: No such option: --bogus'),
    ('  ERROR: Could not find a version that satisfies the requirement x\nmore\n', 'ERROR: Could not find a version that satisfies the requirement x'),
    ('wheels proxy said: 502 Bad Gateway\n', 'wheels proxy said: 502 Bad Gateway'),
    ('', None),
])
def test_the_compilers_own_error_line(output: str, line: str | None) -> None:
    assert error_line(output) == line


@pytest.mark.parametrize(('output', 'cause'), [
    (PIP_REFUSED, 'http://127.0.0.1:9/simple/django/: Connection refused'),
    (UV_REFUSED, 'http://127.0.0.1:9/simple/django/: Connection refused'),
    ('error: Failed to fetch: `https://pypi.org/simple/django/`\n  cause: dns error: failed to lookup address\n', 'https://pypi.org/simple/django/: dns error'),
    ('ConnectionFailedError: <ConnectionFailedError: connection-failed>\n', 'ConnectionFailedError'),
    (TRACEBACK, None),
    (UV, None),
])
def test_an_unreachable_index_is_told_apart(output: str, cause: str | None) -> None:
    assert unreachable(output) == cause


# --- through the real compilers ------------------------------------------------

def test_an_unsatisfiable_requirement_in_two_lines(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('django>9\n')
    before = (pinned / 'requirements.txt').read_bytes()
    assert compile_(index) == 2
    out = capsys.readouterr().out
    assert out.endswith(
        'requirements.txt:1: pip-compile failed (exit code 1); left as it was\n'
        '  | ERROR: Cannot install django<5 and >=4.2 and django>9 because these package versions have conflicting dependencies.\n',
    ), out
    assert 'Traceback' not in out

    assert compile_(index, '--verbose') == 2
    out = capsys.readouterr().out
    failure = out.split('requirements.txt:1: pip-compile failed (exit code 1); left as it was\n', 1)[1]
    assert failure.startswith('  |   ERROR: Cannot install django<5 and >=4.2 and django>9'), failure
    assert '\n  | Traceback (most recent call last):\n' in failure
    assert failure.endswith('  | pip._internal.exceptions.DistributionNotFound: ResolutionImpossible: for help visit '
                            'https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts\n')
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: connections are refused."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize('compiler', ['pip-tools', 'uv'])
def test_an_index_that_cannot_be_reached_in_two_lines(
        pinned: Path, closed_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], compiler: str,
) -> None:
    monkeypatch.setenv('PIP_RETRIES', '1')  # pip says why only when it retries
    monkeypatch.setenv('UV_HTTP_RETRIES', '0')
    monkeypatch.delenv('UV_OFFLINE')  # a network: none answers
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    before = (pinned / 'requirements.txt').read_bytes()
    url = f'http://127.0.0.1:{closed_port}/simple'
    assert requirements_compile.main(['--compiler', compiler, '--', '--index-url', url]) == 2
    out = capsys.readouterr().out
    cause, hint = out.splitlines()[-2:]
    if compiler == 'pip-tools' and _pip_urllib3_major() < 2:
        # pip's urllib3 1.x names no host in the error: the reason alone
        assert cause == 'requirements.txt:1: the package index cannot be reached (Connection refused); left as it was', out
    else:
        assert cause.startswith(f'requirements.txt:1: the package index cannot be reached ({url}/'), out
        assert cause.endswith(': Connection refused); left as it was'), out
    assert hint == f'  hint: {HINT}'
    assert HINT.endswith('ci: skip: [requirements-compile]')
    assert '|' not in out and 'Traceback' not in out
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']


def _pip_urllib3_major() -> int:
    """The major version of the urllib3 that the pip pip-compile runs on
    vendors: 1.x (pip 22.2 has 1.26) names no host in a connection error,
    2.x (pip 26) does."""
    from pip._vendor import urllib3  # the tests read pip; the hooks never import it

    return int(urllib3.__version__.split('.')[0])
