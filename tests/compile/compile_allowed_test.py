"""hooks.compile.allowed: the replay passes on only allow-listed options;
any other recorded option refuses that output (exit 2, one line), and the
compiler is never taken from the repository (issue 17, items 1 and 2; issue
19, item 7).  The table holds the rule; the repositories hold the cases as
they were found, with the real hook and the real compilers."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooks import requirements_compile
from hooks import requirements_fresh
from hooks.compile.allowed import ALLOWED
from hooks.compile.allowed import check
from hooks.compile.allowed import PIP
from hooks.compile.allowed import refusal
from hooks.compile.allowed import Refused
from hooks.compile.allowed import UV
from testing.project import commit_all
from testing.project import write
from testing.recompile import HERE
from testing.recompile import OLD
from testing.wheels import make_index
from testing.wheels import program

OUTSIDE = 'a path outside the repository'
NOT_LISTED = 'not on the allow-list'


@pytest.mark.parametrize(('tool', 'option', 'why'), [
    # flags and values that shape the output
    (PIP, '--generate-hashes', None),
    (PIP, '--extra=dev', None),
    (PIP, '--allow-unsafe', None),
    (PIP, '--strip-extras', None),
    (PIP, '--no-emit-index-url', None),
    (PIP, '--annotation-style=line', None),
    (PIP, '--resolver=backtracking', None),
    (PIP, '--color', None),
    (PIP, '--index', None),  # pip-tools < 5.2: --emit-index-url
    (UV, '--universal', None),
    (UV, '--python-version=3.11', None),
    (UV, '--python-platform=linux', None),
    (UV, '--resolution=lowest-direct', None),
    (UV, '--prerelease=allow', None),
    (UV, '--group=dev', None),
    (UV, '--color=never', None),
    (UV, '--no-cache', None),
    # index URLs and find-links: remote, or inside the repository
    (PIP, '--index-url=https://pypi.org/simple', None),
    (PIP, '--extra-index-url=http://pypi.internal/simple', None),
    (PIP, '--find-links=wheels', None),
    (PIP, '--find-links=./w;touch /tmp/PWNED;', None),  # a folder of that name, inside
    (PIP, '--find-links=https://example.com/wheels/', None),
    (PIP, '--find-links=file:wheels', None),
    (UV, '--index=internal=https://pypi.internal/simple', None),
    (UV, '--default-index=https://pypi.org/simple', None),
    (PIP, '--find-links=../wheels', OUTSIDE),
    (PIP, '--find-links=/srv/wheels', OUTSIDE),
    (PIP, '--find-links=~/wheels', OUTSIDE),
    (PIP, '--find-links=link/wheels', OUTSIDE),  # link -> a folder outside
    (PIP, '--index-url=file:///srv/simple', OUTSIDE),
    (PIP, '--index-url=file://host/srv/simple', OUTSIDE),
    (UV, '--index=internal=file:///srv/simple', OUTSIDE),
    (PIP, '--index-url=https://user:token@pypi.internal/simple', 'a URL with credentials: keep them out of the repository'),
    (PIP, '--index-url=ftp://pypi.internal/simple', 'a ftp URL: only http, https and paths inside the repository are'),
    # constraint files: inside the repository
    (PIP, '--constraint=constraints.txt', None),
    (UV, '--constraints=sub/../constraints.txt', None),
    (UV, '--overrides=overrides.txt', None),
    (PIP, '--constraint=../secret.env', OUTSIDE),
    (UV, '--constraints=/etc/passwd', OUTSIDE),
    (UV, '--build-constraints=link/c.txt', OUTSIDE),
    # what reads, writes or runs outside the output: refused
    (PIP, '--pip-args=--log /tmp/victim.rc', NOT_LISTED),
    (PIP, '--cache-dir=/tmp/cache', NOT_LISTED),
    (PIP, '--cert=ca.pem', NOT_LISTED),
    (PIP, '--client-cert=me.pem', NOT_LISTED),
    (PIP, '--config=pyproject.toml', NOT_LISTED),
    (UV, '--cache-dir=/tmp/cache', NOT_LISTED),
    (UV, '--directory=/tmp/d', NOT_LISTED),
    (UV, '--project=/tmp/d', NOT_LISTED),
    (UV, '--config-file=/etc/passwd', NOT_LISTED),
    (UV, '--python=./probe.sh', NOT_LISTED),
    (UV, '--system', NOT_LISTED),
    (UV, '--keyring-provider=subprocess', NOT_LISTED),
    (UV, '--config-setting=k=v', NOT_LISTED),
    # unknown options, and options of the other tool
    (PIP, '--no-such-option', NOT_LISTED),
    (PIP, '-x', NOT_LISTED),
    (PIP, '--universal', NOT_LISTED),
    (UV, '--uploaded-prior-to=2024-01-01', NOT_LISTED),
    # the shape of the word
    (PIP, '--generate-hashes=yes', 'a flag recorded with a value'),
    (PIP, '--extra', 'no value recorded'),
    (PIP, '--constraint=', 'no value recorded'),
])
def test_allow_list(tmp_path: Path, tool: str, option: str, why: str | None) -> None:
    root = tmp_path / 'repo'
    root.mkdir()
    (tmp_path / 'outside').mkdir()
    (root / 'link').symlink_to(tmp_path / 'outside')
    assert refusal(tool, option, str(root), str(root)) == why


def test_every_kind_is_one_of_four() -> None:
    assert {kind for kind, _ in ALLOWED.values()} == {'flag', 'value', 'path', 'url'}
    assert all(tools and set(tools) <= {PIP, UV} for _, tools in ALLOWED.values())


def test_paths_are_relative_to_where_the_command_ran(tmp_path: Path) -> None:
    # a header in sub/ that ran in sub/: ../c.txt is still inside
    (tmp_path / 'sub').mkdir()
    check(PIP, ['--constraint=../c.txt'], str(tmp_path), 'sub', 5)
    with pytest.raises(Refused) as e:
        check(PIP, ['--generate-hashes', '--constraint=../../c.txt'], str(tmp_path), 'sub', 5)
    assert e.value.line == 5
    assert str(e.value) == (
        'the header records --constraint=../../c.txt, which requirements-compile does not replay '
        '(a path outside the repository); pass it yourself after -- in your .pre-commit-config.yaml args '
        '(args: [--, --constraint=../../c.txt])'
    )

    with pytest.raises(Refused) as e:
        check(UV, ['--index=in=https://me:t0ken@pypi.internal/simple'], str(tmp_path), '', 2)
    assert 't0ken' not in str(e.value)
    assert str(e.value).startswith('the header records --index=in=https://me:****@pypi.internal/simple, which')


# --- item 1: hostile headers, through the real hook ---------------------------

PIP_HEADER = '''\
#
# This file is autogenerated by pip-compile with Python 3.11
# by the following command:
#
#    pip-compile {options} requirements.in
#
django==4.2.1
    # via -r requirements.in
'''
UV_HEADER = '''\
# This file was autogenerated by uv via the following command:
#    uv pip compile {options} requirements.in -o requirements.txt
django==4.2.1
    # via -r requirements.in
'''


def hostile(repo: Path, header: str, options: str, out: Path) -> bytes:
    """A committed, stale project (six is not pinned) whose header records
    ``options`` (OUT standing for ``out``); the bytes of its output."""
    write(repo / 'requirements.in', 'django\nsix\n')
    txt = header.format(options=options.replace('OUT', str(out)))
    write(repo / 'requirements.txt', txt)
    probe = write(repo / 'probe.sh', f'#!/bin/sh\ntouch {out}/probed\n')
    probe.chmod(0o755)
    commit_all(repo)
    return txt.encode()


@pytest.mark.parametrize(('header', 'options', 'line', 'named'), [
    (PIP_HEADER, "'--pip-args=--log OUT/victim.rc' '--find-links=./w;touch OUT/PWNED;'", 5, "--pip-args=--log OUT/victim.rc"),
    (PIP_HEADER, '--constraint=OUT/secret.env', 5, '--constraint=OUT/secret.env'),
    (PIP_HEADER, '-c OUT/secret.env', 5, '--constraint=OUT/secret.env'),
    (UV_HEADER, '--cache-dir=OUT/cache', 2, '--cache-dir=OUT/cache'),
    (UV_HEADER, '--directory=OUT/d', 2, '--directory=OUT/d'),
    (UV_HEADER, '--config-file=/etc/passwd', 2, '--config-file=/etc/passwd'),
    (UV_HEADER, '--python=./probe.sh', 2, '--python=./probe.sh'),
    (UV_HEADER, '-p ./probe.sh', 2, '--python=./probe.sh'),
])
def test_a_hostile_header_is_refused_and_nothing_runs(
        repo: Path, tmp_path: Path, env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        header: str, options: str, line: int, named: str,
) -> None:
    monkeypatch.setenv('PIP_NO_INDEX', '1')  # no network, whatever runs
    out = tmp_path / 'out'
    out.mkdir()
    write(out / 'secret.env', 'TOKEN=s3cr3t-value-1234\n')
    write(out / 'victim.rc', 'export A=1\n')
    before = hostile(repo, header, options, out)
    option = named.replace('OUT', str(out))
    yaml = option if ' ' not in option else f"'{option}'"

    assert requirements_compile.main([]) == 2
    printed = capsys.readouterr().out
    assert printed == (
        f'requirements.txt:{line}: the header records {option}, which requirements-compile does not replay '
        f'({OUTSIDE if "secret" in option else NOT_LISTED}); '
        f'pass it yourself after -- in your .pre-commit-config.yaml args (args: [--, {yaml}])\n'
    )
    assert 's3cr3t' not in printed and 'root:' not in printed
    assert sorted(os.listdir(out)) == ['secret.env', 'victim.rc']
    assert (out / 'victim.rc').read_text() == 'export A=1\n'
    assert (repo / 'requirements.txt').read_bytes() == before
    assert sorted(os.listdir(repo)) == ['.git', 'probe.sh', 'requirements.in', 'requirements.txt']


def test_the_option_given_after_dashes_is_the_users_and_replaces_the_recorded_one(
        repo: Path, tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str],
) -> None:
    # the user passes the refused option deliberately: it is theirs, not filtered
    index = make_index(tmp_path, OLD)
    write(repo / 'requirements.in', 'django\nsix\n')
    write(repo / 'requirements.txt', PIP_HEADER.format(options=f'--cache-dir={tmp_path}/recorded-cache --no-index'))
    commit_all(repo)
    mine = tmp_path / 'my-cache'
    assert requirements_compile.main(['--', f'--cache-dir={mine}', '--no-index', '--find-links', index]) == 1
    assert 'added six 1.16.0' in capsys.readouterr().out
    assert mine.is_dir()
    assert not (tmp_path / 'recorded-cache').exists()


# --- what is allowed still replays, with the real compilers -------------------

# metadata prepared by the setuptools of the test's environment, without
# build isolation (offline: nothing to install)
PYPROJECT = '''\
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"
[tool.setuptools]
py-modules = []
[project]
name = "app"
version = "1"
dependencies = ["django"]
[project.optional-dependencies]
dev = ["six"]
'''


def test_a_legit_header_replays_while_a_hostile_one_beside_it_is_refused(
        repo: Path, tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str],
) -> None:
    # the wheels inside the repository: the recorded --find-links is replayed
    make_index(repo, OLD, name='wheels')
    write(repo / 'pyproject.toml', PYPROJECT)
    subprocess.run(
        [program('pip-compile'), '--generate-hashes', '--extra=dev', '--allow-unsafe', '--strip-extras', '--no-build-isolation',
         '--no-index', '--find-links=wheels', '--no-emit-find-links', '--output-file=requirements.txt', 'pyproject.toml'],
        cwd=repo, check=True, capture_output=True,
    )
    hostile_txt = write(repo / 'other' / 'requirements.txt', PIP_HEADER.format(options=f'--pip-args=--log={tmp_path}/x.log'))
    write(repo / 'other' / 'requirements.in', 'django\nsix\n')
    commit_all(repo)
    before = hostile_txt.read_bytes()
    write(repo / 'pyproject.toml', PYPROJECT.replace('["six"]', '["six", "requests"]'))

    assert requirements_compile.main([]) == 2
    printed = capsys.readouterr().out
    assert f'other/requirements.txt:5: the header records --pip-args=--log={tmp_path}/x.log, ' in printed
    assert 'requirements.txt: rewritten; review it' in printed
    text = (repo / 'requirements.txt').read_text()
    assert '#    pip-compile ' in text and '--generate-hashes' in text and '--extra=dev' in text
    assert 'requests==2.31.0 \\\n    --hash=sha256:' in text
    assert hostile_txt.read_bytes() == before
    assert not (tmp_path / 'x.log').exists()
    assert requirements_fresh.main(['requirements.txt']) == 0


def test_a_legit_uv_header_replays(repo: Path, tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str]) -> None:
    index = make_index(tmp_path, OLD)
    write(repo / 'requirements.in', 'django\n')
    subprocess.run(
        [program('uv'), 'pip', 'compile', '--universal', '--python-version', '3.11', 'requirements.in',
         '-o', 'requirements.txt', '--no-index', '--find-links', index],
        cwd=repo, check=True, capture_output=True,
    )
    assert '#    uv pip compile --universal --python-version 3.11 requirements.in -o requirements.txt --no-index\n' in (repo / 'requirements.txt').read_text()
    commit_all(repo)
    write(repo / 'requirements.in', 'django\nsix\n')
    assert requirements_compile.main(['--', '--no-index', '--find-links', index]) == 1
    assert 'added six 1.16.0' in capsys.readouterr().out
    assert '--universal' in (repo / 'requirements.txt').read_text()


# --- item 2 and issue 19 item 7: which compiler runs ---------------------------

def bare_python() -> Path:
    """An interpreter with neither pip-compile nor uv beside it."""
    base = Path(sys.base_prefix) / 'bin' / 'python3'
    if any((base.parent / name).exists() for name in ('pip-compile', 'uv')):
        pytest.skip('the base interpreter has a compiler beside it')
    return base


def run_bare(repo: Path, path: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bare_python()), '-m', 'hooks.requirements_compile'],
        cwd=repo, capture_output=True, text=True, timeout=120,
        env={**os.environ, 'PATH': path, 'PYTHONPATH': str(HERE), **env},
    )


def test_a_committed_pip_compile_is_never_the_compiler(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / 'ran'
    fake = write(repo / 'pip-compile', f'#!/bin/sh\ntouch {marker}\nexit 3\n')
    fake.chmod(0o755)
    write(repo / 'requirements.in', 'django\nsix\n')
    write(repo / 'requirements.txt', PIP_HEADER.format(options='--generate-hashes'))
    commit_all(repo)
    before = (repo / 'requirements.txt').read_bytes()
    git_dir = os.path.dirname(shutil.which('git') or '/usr/bin/git')
    for path in (f'{git_dir}:', f'.:{git_dir}', f'{git_dir}::/nonexistent'):
        r = run_bare(repo, path)
        assert (r.returncode, r.stdout, r.stderr) == (2, (
            '.:1: --compiler pip-tools: pip-compile is not installed (not beside this Python nor on an '
            'absolute PATH entry); pip install pip-tools\n'
        ), ''), path
        assert not marker.exists()
    assert (repo / 'requirements.txt').read_bytes() == before
    # the same program on an absolute PATH entry is the user's: it runs
    os.mkdir(tmp_path / 'bin')
    shutil.copy2(fake, tmp_path / 'bin' / 'pip-compile')
    r = run_bare(repo, f'{tmp_path / "bin"}:{git_dir}')
    assert r.returncode == 2
    assert 'requirements.txt:1: pip-compile failed' in r.stdout
    assert marker.exists()


@pytest.mark.parametrize(('pre_commit', 'how'), [
    ('', 'pip install uv beside requirements-compile'),
    ('1', 'add additional_dependencies: [uv] to the hook in .pre-commit-config.yaml'),
])
def test_uv_inferred_from_the_header_says_so(repo: Path, tmp_path: Path, env: None, pre_commit: str, how: str) -> None:
    index = make_index(tmp_path, OLD)
    write(repo / 'requirements.in', 'django\n')
    subprocess.run(
        [program('uv'), 'pip', 'compile', 'requirements.in', '-o', 'requirements.txt', '--no-index', '--find-links', index],
        cwd=repo, check=True, capture_output=True,
    )
    commit_all(repo)
    write(repo / 'requirements.in', 'django\nsix\n')
    before = (repo / 'requirements.txt').read_bytes()
    git_dir = os.path.dirname(shutil.which('git') or '/usr/bin/git')
    assert shutil.which('uv', path=git_dir) is None
    r = run_bare(repo, git_dir, PRE_COMMIT=pre_commit)
    assert (r.returncode, r.stdout, r.stderr) == (2, (
        "requirements.txt:2: the header of requirements.txt records uv pip compile; uv is not in the hook's "
        f'environment (not beside its Python nor on an absolute PATH entry): {how}, or pass --compiler pip-tools\n'
    ), '')
    assert (repo / 'requirements.txt').read_bytes() == before



def test_readme_lists_every_allowed_option() -> None:
    readme = (HERE / 'README.md').read_text()
    section = readme.split('### What the replay passes on', 1)[1].split('\n## ', 1)[0]
    table = [line for line in section.splitlines() if line.startswith('| ')]
    listed = {word for line in table for word in re.findall(r'`(--[a-z-]+)`', line)}
    assert listed >= set(ALLOWED), set(ALLOWED) - listed
    assert listed <= set(ALLOWED), listed - set(ALLOWED)
