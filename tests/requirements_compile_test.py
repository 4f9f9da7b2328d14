"""requirements-compile, end to end: real pip-compile (and uv) against a
local wheel index, in real git repositories; ``main`` called directly,
or the console script in a subprocess where signals are involved."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hooks import requirements_compile
from hooks import requirements_fresh
from hooks.atomic import lock
from testing.project import commit_all
from testing.project import git
from testing.project import init_repo
from testing.project import write
from testing.wheels import go_offline
from testing.wheels import make_index

HERE = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

OLD = {
    'django': [('4.2.1', ['asgiref>=3.6', 'sqlparse>=0.3.1'])],
    'asgiref': ['3.7.2'],
    'sqlparse': ['0.4.4'],
    'six': ['1.15.0', '1.16.0'],
    'django-cms': [('3.11.0', ['django>=3.2', 'django-treebeard>=4.3', 'django-sekizai>=2'])],
    'django-treebeard': ['4.7'],
    'django-sekizai': [('4.1.0', ['django-classy-tags>=3'])],
    'django-classy-tags': ['4.1.0'],
    'requests': [('2.31.0', ['urllib3<3,>=1.21.1', 'idna<4,>=2.5'])],
    'urllib3': ['2.0.7'],
    'idna': ['3.6'],
}
# released after the project was first compiled
NEWER = {
    'django': [('4.2.7', ['asgiref>=3.6', 'sqlparse>=0.3.1'])],
    'asgiref': ['3.8.1'],
    'sqlparse': ['0.5.0'],
    'six': ['1.17.0'],
}

IN = 'django>=4.2,<5\nsix\n'


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    go_offline(monkeypatch, tmp_path / 'cache')


@pytest.fixture
def index(tmp_path: Path, env: None) -> str:
    return make_index(tmp_path, OLD)


def compiler_args(index: str) -> list[str]:
    return ['--', '--no-index', '--find-links', index, '--no-emit-find-links']


@pytest.fixture
def pinned(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> Path:
    """A committed project whose requirements.txt requirements-compile
    made (--create) while only the OLD releases existed; NEWER ones exist now."""
    write(repo / 'requirements.in', IN)
    assert requirements_compile.main(['--create', *compiler_args(index)]) == 1
    commit_all(repo, 'pin')
    make_index(Path(index).parent, NEWER)
    capsys.readouterr()
    return repo


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        if '==' in line and not line.startswith(('#', ' ')):
            name, version = line.split('==')
            found[name] = version.split()[0]
    return found


def listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


def compile_(index: str, *args: str) -> int:
    return requirements_compile.main([*args, *compiler_args(index)])


# --- deciding -------------------------------------------------------------

def test_create_makes_a_stamped_file_only_when_asked(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', IN)
    assert compile_(index) == 0
    assert not (repo / 'requirements.txt').exists()
    assert capsys.readouterr().out == ''

    assert compile_(index, '--create') == 1
    out = capsys.readouterr().out
    assert 'requirements.txt: does not exist, compiling it with pip-compile (--create)' in out
    assert '  added django 4.2.1\n' in out
    assert '  added six 1.16.0\n' in out
    text = (repo / 'requirements.txt').read_text()
    assert text.startswith('# aldryn-pins: v1 output=')
    assert ' <bytes>=' in text.splitlines()[0]  # every rule holds: the next check reads no requirement
    assert pins(repo / 'requirements.txt') == {
        'asgiref': '3.7.2', 'django': '4.2.1', 'six': '1.16.0', 'sqlparse': '0.4.4',
    }
    # the header names the real file, not the temporary one
    assert '--output-file=requirements.txt requirements.in' in text
    assert '.tmp' not in text
    assert listing(repo) == ['.git', 'requirements.in', 'requirements.txt']
    assert requirements_fresh.main([]) == 0


def test_fresh_starts_no_compiler_and_touches_nothing(pinned: Path, tmp_path: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    calls = tmp_path / 'calls.log'
    script = write(tmp_path / 'compile.py', textwrap.dedent(f'''\
        import subprocess, sys
        with open({str(calls)!r}, 'a') as f:
            f.write('called\\n')
        sys.exit(subprocess.call([{str(BIN / 'pip-compile')!r}, '-q', *sys.argv[1:], 'requirements.in']))
    '''))
    command = ['--command', f'{sys.executable} {script}']
    # stamp it once with this command (other options make it stale) ...
    assert compile_(index, *command) == 1
    assert calls.read_text() == 'called\n'
    before = (pinned / 'requirements.txt').read_bytes()
    mtime = os.stat(pinned / 'requirements.txt').st_mtime_ns
    capsys.readouterr()
    # ... then it is fresh: the compiler is not started again
    assert compile_(index, *command) == 0
    assert capsys.readouterr().out == ''
    assert calls.read_text() == 'called\n'
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert os.stat(pinned / 'requirements.txt').st_mtime_ns == mtime


def test_fresh_by_rules_without_fingerprint_is_left_alone(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    # a requirements.txt made by plain pip-compile (or pip-reqs): no
    # fingerprint, but fresh by rules 1-4: not recompiled, not stamped
    write(repo / 'requirements.in', IN)
    subprocess.run(
        [BIN / 'pip-compile', '-q', '--no-index', '--find-links', index, '--no-emit-find-links', 'requirements.in'],
        check=True, capture_output=True,
    )
    before = (repo / 'requirements.txt').read_bytes()
    assert compile_(index) == 0
    assert capsys.readouterr().out == ''
    assert (repo / 'requirements.txt').read_bytes() == before


def test_addon_installed_but_not_required_starts_no_compiler(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    # stamped with the addon installed: only rule 3 finds it, and no
    # compile can pin what requirements.in does not ask for
    write(pinned / 'addons/aldryn-forms/addon.json', '{"package-name": "aldryn-forms"}')
    assert compile_(index) == 1  # the addons list changed: recompiled, stamped
    capsys.readouterr()
    before = (pinned / 'requirements.txt').read_bytes()
    assert b'<bytes>=' not in before  # rule 3 fails: nothing may vouch for the file
    mtime = os.stat(pinned / 'requirements.txt').st_mtime_ns
    assert compile_(index) == 1
    assert capsys.readouterr().out.splitlines() == [
        'addons/aldryn-forms/addon.json:1: addon aldryn-forms is installed but requirements.txt does not pin it',
        '  fix: add the addon to requirements.in (the Control Panel writes it into the INSTALLED_ADDONS block), or uninstall it',
    ]
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert os.stat(pinned / 'requirements.txt').st_mtime_ns == mtime


def test_new_requirement_adds_only_it_and_keeps_other_pins(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = pins(pinned / 'requirements.txt')
    assert before == {'asgiref': '3.7.2', 'django': '4.2.1', 'six': '1.16.0', 'sqlparse': '0.4.4'}
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    assert requirements_fresh.main([]) == 1
    capsys.readouterr()

    assert compile_(index) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        'requirements.txt: stale, recompiling with pip-compile:',
        '  requirements.txt:1: requirements.in changed since requirements.txt was compiled',
        '  requirements.in:3: requirement requests is not pinned in requirements.txt',
        '  added idna 3.6',
        '  added requests 2.31.0',
        '  added urllib3 2.0.7',
        'requirements.txt: rewritten; review it, git add it and commit again',
    ]
    # newer django, asgiref, sqlparse and six exist now: kept all the same
    assert pins(pinned / 'requirements.txt') == {
        **before, 'idna': '3.6', 'requests': '2.31.0', 'urllib3': '2.0.7',
    }
    assert requirements_fresh.main([]) == 0
    capsys.readouterr()
    # and a second run has nothing to do
    after = (pinned / 'requirements.txt').read_bytes()
    assert compile_(index) == 0
    assert capsys.readouterr().out == ''
    assert (pinned / 'requirements.txt').read_bytes() == after


def test_inputs_force_an_upgrade(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(pinned / 'requirements.in', 'django>=4.2.5,<5\nsix\n')
    assert compile_(index) == 1
    out = capsys.readouterr().out
    assert '  upgraded django 4.2.1 -> 4.2.7\n' in out
    assert 'asgiref' not in out  # its pin still satisfies django 4.2.7
    assert pins(pinned / 'requirements.txt')['asgiref'] == '3.7.2'
    write(pinned / 'requirements.in', 'django>=4.2,<5\nsix<1.16\n')
    assert compile_(index) == 1
    assert '  downgraded six 1.16.0 -> 1.15.0\n' in capsys.readouterr().out


def test_removed_requirement_is_removed(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(pinned / 'requirements.in', 'django>=4.2,<5\n')
    assert compile_(index) == 1
    assert '  removed six 1.16.0\n' in capsys.readouterr().out
    assert 'six' not in pins(pinned / 'requirements.txt')
    assert requirements_fresh.main([]) == 0


def test_comment_and_reorder_only_edits_stay_fresh(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = (pinned / 'requirements.txt').read_bytes()
    write(pinned / 'requirements.in', b'# our requirements\r\nSix   # for py2 compat\r\n\r\nDjango >=4.2,<5\r\n')
    assert requirements_fresh.main([]) == 0
    assert compile_(index) == 0
    assert capsys.readouterr().out == ''
    assert (pinned / 'requirements.txt').read_bytes() == before


def test_hand_edited_pin_is_stale_and_recompiled(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    txt = pinned / 'requirements.txt'
    txt.write_text(txt.read_text().replace('django==4.2.1', 'django==4.2.7'))
    assert requirements_fresh.main([]) == 1
    assert 'the pins were edited by hand since requirements.txt was compiled' in capsys.readouterr().out
    assert compile_(index) == 1
    out = capsys.readouterr().out
    assert 'the pins were edited by hand' in out
    # pip-compile keeps the pin it finds (a valid one), the stamp now vouches for it
    assert '  pins unchanged; header, annotations or fingerprint updated\n' in out
    assert pins(txt)['django'] == '4.2.7'
    assert requirements_fresh.main([]) == 0


def test_changed_compile_options_recompile(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert requirements_compile.main([*compiler_args(index), '--generate-hashes']) == 1
    out = capsys.readouterr().out
    assert 'the compile options changed since requirements.txt was compiled' in out
    assert '--hash=sha256:' in (pinned / 'requirements.txt').read_text()
    assert requirements_compile.main([*compiler_args(index), '--generate-hashes']) == 0


# --- never lose the file ----------------------------------------------------

def test_failing_compile_leaves_the_file_byte_for_byte(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = (pinned / 'requirements.txt').read_bytes()
    os.chmod(pinned / 'requirements.txt', 0o600)
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('no-such-package>=1\n')
    assert compile_(index) == 2
    out = capsys.readouterr().out
    assert 'requirements.txt:1: pip-compile failed (exit code 1); left as it was\n' in out
    assert 'no-such-package' in out.split('left as it was', 1)[1]  # pip-compile's own last lines
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert stat.S_IMODE(os.stat(pinned / 'requirements.txt').st_mode) == 0o600
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']


def test_crlf_bom_and_mode_survive(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    txt = pinned / 'requirements.txt'
    txt.write_bytes(b'\xef\xbb\xbf' + txt.read_bytes().replace(b'\n', b'\r\n'))
    os.chmod(txt, 0o640)
    assert requirements_fresh.main([]) == 0  # CRLF and BOM are still fresh
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    assert compile_(index) == 1
    data = txt.read_bytes()
    assert data.startswith(b'\xef\xbb\xbf# aldryn-pins: v1 ')
    assert data.count(b'\n') == data.count(b'\r\n') > 10
    assert b'requests==2.31.0\r\n' in data
    assert stat.S_IMODE(os.stat(txt).st_mode) == 0o640
    capsys.readouterr()
    assert requirements_fresh.main([]) == 0
    assert compile_(index) == 0


def test_locked_project_waits_then_gives_up(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = (pinned / 'requirements.txt').read_bytes()
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    with lock(str(pinned / 'requirements.txt')):
        assert compile_(index, '--lock-wait', '0.3') == 2
    out = capsys.readouterr().out
    assert 'requirements.txt:1: another requirements-compile is running on this project' in out
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']
    # once the other run is done, it goes ahead
    assert compile_(index, '--lock-wait', '0.3') == 1


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    try:
        r = subprocess.run(['mount', '-t', 'tmpfs', '-o', f'size={size}', 'tmpfs', str(where)], capture_output=True)
    except OSError:
        return False
    return r.returncode == 0


@pytest.mark.parametrize('where', ['the compiler', 'the stamped file'])
def test_full_disk_leaves_the_file_byte_for_byte(tmp_path: Path, index: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str) -> None:
    disk = tmp_path / 'disk'
    if not _mount_tmpfs(disk, '256k'):
        pytest.skip('cannot mount a small tmpfs here (needs root)')
    try:
        project = disk / 'project'
        write(project / 'requirements.in', IN + 'requests\n')
        # small, fresh by the rules but for requests: one page of tmpfs
        write(project / 'requirements.txt', 'asgiref==3.7.2\ndjango==4.2.1\nsix==1.16.0\nsqlparse==0.4.4\n')
        # the compiler's output takes one page and the stamp pushes it over
        # into two: pad the header's command line to 4056 bytes of output
        scratch = tmp_path / 'scratch'
        shutil.copytree(project, scratch)
        monkeypatch.setenv('CUSTOM_COMPILE_COMMAND', 'x')
        subprocess.run([BIN / 'pip-compile', '-q', *compiler_args(index)[1:], 'requirements.in'], cwd=scratch, check=True, capture_output=True)
        size = len((scratch / 'requirements.txt').read_bytes())
        monkeypatch.setenv('CUSTOM_COMPILE_COMMAND', 'x' * (4056 - size + 1))
        monkeypatch.chdir(project)
        before = (project / 'requirements.txt').read_bytes()
        # free pages: the compiler needs two (our copy of the old file, its
        # own temporary file), of which one is free again when it is done;
        # the stamped file needs two
        st = os.statvfs(disk)
        free = 1 if where == 'the compiler' else 2
        write(disk / 'filler', b'x' * ((st.f_bavail - free) * st.f_frsize))
        assert os.statvfs(disk).f_bavail == free
        capsys.readouterr()
        assert compile_(index) == 2
        out = capsys.readouterr().out
        if where == 'the compiler':
            assert 'requirements.txt:1: pip-compile failed (exit code 1); left as it was' in out
            assert 'No space left on device' in out
        else:
            assert 'requirements.txt:1: cannot write: No space left on device; left as it was' in out
        assert (project / 'requirements.txt').read_bytes() == before
        assert listing(project) == ['requirements.in', 'requirements.txt']
        # room again: it goes through
        os.unlink(disk / 'filler')
        assert compile_(index) == 1
        assert len((project / 'requirements.txt').read_bytes()) > 4096
    finally:
        monkeypatch.chdir(tmp_path)
        subprocess.run(['umount', '-l', str(disk)], check=False)


# --- compilers ----------------------------------------------------------------

def test_command_that_writes_requirements_txt_is_stamped(pinned: Path, tmp_path: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    # what `docker compose run --rm web pip-reqs compile` does: write
    # requirements.txt in the project folder, no fingerprint of its own
    script = write(tmp_path / 'pip reqs.py', textwrap.dedent(f'''\
        import os, subprocess, sys
        assert os.path.exists('requirements.in'), os.getcwd()
        sys.exit(subprocess.call([{str(BIN / 'pip-compile')!r}, '-q', *sys.argv[1:], 'requirements.in']))
    '''))
    os.chmod(pinned / 'requirements.txt', 0o640)
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    command = f'{sys.executable} "{script}"'
    assert compile_(index, '--command', command) == 1
    out = capsys.readouterr().out
    assert 'requirements.txt: stale, recompiling with ' in out
    assert '  added requests 2.31.0\n' in out
    text = (pinned / 'requirements.txt').read_text()
    assert text.startswith('# aldryn-pins: v1 ')
    assert pins(pinned / 'requirements.txt')['django'] == '4.2.1'
    assert stat.S_IMODE(os.stat(pinned / 'requirements.txt').st_mode) == 0o640
    assert requirements_fresh.main([]) == 0
    assert compile_(index, '--command', command) == 0
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']


def test_failing_command_restores_the_file(pinned: Path, tmp_path: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    script = write(tmp_path / 'broken.py', textwrap.dedent('''\
        import sys
        open('requirements.txt', 'w').write('half a fi')
        print('wheels proxy said: 502 Bad Gateway')
        sys.exit(3)
    '''))
    before = (pinned / 'requirements.txt').read_bytes()
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    assert compile_(index, '--command', f'{sys.executable} {script}') == 2
    out = capsys.readouterr().out
    assert out.endswith(
        f'requirements.txt:1: {sys.executable} {script} failed (exit code 3); left as it was\n'
        '  | wheels proxy said: 502 Bad Gateway\n',
    ), out
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']


def test_unsplittable_command_is_a_usage_error(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    assert requirements_compile.main(['--command', 'docker compose "run']) == 2
    assert 'cannot split' in capsys.readouterr().out


@pytest.mark.skipif(shutil.which('uv', path=str(BIN)) is None and shutil.which('uv') is None, reason='uv not installed')
def test_uv_adds_only_the_new_requirement(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = pins(pinned / 'requirements.txt')
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    assert compile_(index, '--compiler', 'uv') == 1
    out = capsys.readouterr().out
    assert 'recompiling with uv:' in out
    assert '  added requests 2.31.0\n' in out
    assert 'upgraded' not in out
    text = (pinned / 'requirements.txt').read_text()
    assert '# This file was autogenerated by uv' in text
    assert '.tmp' not in text
    assert pins(pinned / 'requirements.txt') == {**before, 'idna': '3.6', 'requests': '2.31.0', 'urllib3': '2.0.7'}
    assert requirements_fresh.main([]) == 0
    assert compile_(index, '--compiler', 'uv') == 0
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']


def test_uv_not_installed_is_a_clear_exit_2(pinned: Path, tmp_path: Path, index: str) -> None:
    # an interpreter without uv beside it and a PATH without uv
    base = Path(sys.base_prefix) / 'bin' / 'python3'
    if (base.parent / 'uv').exists():
        pytest.skip('the base interpreter has uv beside it')
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    before = (pinned / 'requirements.txt').read_bytes()
    empty = tmp_path / 'empty-bin'
    empty.mkdir()
    git_dir = Path(shutil.which('git') or '/usr/bin/git').parent
    r = subprocess.run(
        [str(base), '-m', 'hooks.requirements_compile', '--compiler', 'uv', *compiler_args(index)],
        capture_output=True, text=True,
        env={**os.environ, 'PATH': f'{empty}:{git_dir}', 'PYTHONPATH': str(HERE)},
    )
    assert r.returncode == 2, r
    assert r.stdout == (
        ".:1: --compiler uv: uv is not installed (not beside this Python nor on PATH); "
        "install it (pip install uv, or add it to the hook's additional_dependencies) "
        "or use --compiler pip-tools\n"
    )
    assert (pinned / 'requirements.txt').read_bytes() == before


# --- git -----------------------------------------------------------------------

@pytest.mark.parametrize('which', ['the real index', 'a bogus index'])
def test_git_variables_are_scrubbed_for_the_compiler(pinned: Path, tmp_path: Path, index: str, monkeypatch: pytest.MonkeyPatch, which: str, capsys: pytest.CaptureFixture[str]) -> None:
    # a VCS requirement: pip-compile runs `git clone`, which honours
    # GIT_INDEX_FILE (git sets it for hooks) and would write the clone's
    # index over the repository's
    src = init_repo(tmp_path / 'vcspkg-src')
    write(src / 'setup.py', 'from setuptools import setup\nsetup(name="vcspkg", version="1.0", packages=["vcspkg"])\n')
    write(src / 'vcspkg' / '__init__.py', '')
    commit_all(src)
    with open(pinned / 'requirements.in', 'a') as f:
        # file://localhost/...: pip before 24.1 rejects `name @ git+file:///...`
        # (a URL without a host); both old and new pip read this one, and
        # git clones it as a local repository
        f.write(f'vcspkg @ git+file://localhost{src}\n')
    git(pinned, 'add', 'requirements.in')
    index_file = pinned / '.git' / 'index'
    if which == 'the real index':
        monkeypatch.setenv('GIT_INDEX_FILE', str(index_file))
    else:
        monkeypatch.setenv('GIT_INDEX_FILE', str(tmp_path / 'bogus-index'))
    monkeypatch.setenv('GIT_WORK_TREE', str(pinned))
    monkeypatch.setenv('GIT_DIR', str(pinned / '.git'))
    before = index_file.read_bytes()

    assert requirements_compile.main([
        '--source', 'worktree', *compiler_args(index), '--pip-args=--no-build-isolation',
    ]) == 1
    assert '  added vcspkg (url)\n' in capsys.readouterr().out
    assert index_file.read_bytes() == before
    assert not (tmp_path / 'bogus-index').exists()
    for var in ('GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GIT_DIR'):
        monkeypatch.delenv(var)
    assert git(pinned, 'diff', '--cached', '--name-only') == 'requirements.in\n'
    assert git(pinned, 'status', '--porcelain') == 'M  requirements.in\n M requirements.txt\n'


def test_commit_through_pre_commit(pinned: Path, index: str, hook_repo: tuple[str, str], pre_commit_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real `git commit` in a stale project: the hook recompiles, the
    commit stops with pre-commit's "files were modified"; git add and
    commit again goes through."""
    hook_path, rev = hook_repo
    args = ['--', '--no-index', '--find-links', index, '--no-emit-find-links']
    write(pinned / '.pre-commit-config.yaml', textwrap.dedent(f'''\
        repos:
        -   repo: {hook_path}
            rev: {rev}
            hooks:
            -   id: requirements-compile
                args: {args!r}
    '''))
    # stamp it with exactly the options the hook will use
    assert requirements_compile.main(args) in (0, 1)
    commit_all(pinned, 'pre-commit config')
    monkeypatch.setenv('PRE_COMMIT_HOME', str(pre_commit_home))
    subprocess.run([BIN / 'pre-commit', 'install'], cwd=pinned, check=True, capture_output=True)
    good = (pinned / 'requirements.txt').read_bytes()

    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    git(pinned, 'add', 'requirements.in')
    env = {**os.environ, 'PATH': f'{BIN}:{os.environ["PATH"]}'}
    r = subprocess.run(['git', 'commit', '-m', 'add requests'], cwd=pinned, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert r.returncode == 1, r.stdout + r.stderr
    assert 'files were modified by this hook' in r.stdout, r.stdout
    assert 'added requests 2.31.0' in r.stdout
    assert git(pinned, 'log', '--format=%s') == 'pre-commit config\npin\n'
    assert (pinned / 'requirements.txt').read_bytes() != good
    assert 'requests==2.31.0' in (pinned / 'requirements.txt').read_text()

    git(pinned, 'add', 'requirements.txt')
    r = subprocess.run(['git', 'commit', '-m', 'add requests'], cwd=pinned, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert git(pinned, 'log', '--format=%s') == 'add requests\npre-commit config\npin\n'
    assert git(pinned, 'status', '--porcelain') == ''


# --- signals --------------------------------------------------------------------

def _run_hook(cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, '-m', 'hooks.requirements_compile', *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, 'PYTHONPATH': str(HERE)},
    )


def _wait_for(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, 'timed out'
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead enough
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().split(') ', 1)[1][0] != 'Z'
    except FileNotFoundError:
        return False


@pytest.mark.parametrize('signum', [signal.SIGTERM, signal.SIGINT])
def test_interrupted_command_restores_the_file(pinned: Path, tmp_path: Path, signum: int) -> None:
    started = tmp_path / 'started'
    script = write(tmp_path / 'slow.py', textwrap.dedent(f'''\
        import os, time
        with open('requirements.txt', 'w') as f:
            f.write('half a fi')
        with open({str(started)!r}, 'w') as f:
            f.write(str(os.getpid()))
        time.sleep(60)
    '''))
    before = (pinned / 'requirements.txt').read_bytes()
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    proc = _run_hook(pinned, '--command', f'{sys.executable} {script}')
    _wait_for(started.exists)
    _wait_for(lambda: started.read_text() != '')
    child = int(started.read_text())
    proc.send_signal(signum)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 2, out
    assert out.endswith('requirements.txt:1: interrupted: left as it was\n'), out
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']
    _wait_for(lambda: not _alive(child), timeout=10)


def test_interrupted_pip_compile_leaves_nothing_behind(pinned: Path, tmp_path: Path) -> None:
    # an index that accepts connections and never answers: pip-compile
    # hangs in the middle of its work until the hook is stopped
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(8)
    port = server.getsockname()[1]
    connected = threading.Event()
    held = []

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)
            connected.set()

    threading.Thread(target=accept, daemon=True).start()
    before = (pinned / 'requirements.txt').read_bytes()
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    proc = _run_hook(pinned, '--', '--index-url', f'http://127.0.0.1:{port}/simple/')
    try:
        assert connected.wait(30), 'pip-compile never reached the index'
        children = subprocess.run(['pgrep', '-P', str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert children, 'no compiler running'
        # the compiler writes into a temporary copy, not requirements.txt
        assert [n for n in listing(pinned) if n.endswith('.tmp')], listing(pinned)
        assert (pinned / 'requirements.txt').read_bytes() == before
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        server.close()
        for conn in held:
            conn.close()
    assert proc.returncode == 2, out
    assert out.endswith('requirements.txt:1: interrupted: left as it was\n'), out
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']
    for pid in children:
        _wait_for(lambda: not _alive(int(pid)), timeout=10)


# --- Divio's addon lines (URL#egg=NAME==VERSION) and the newest pip --------------

@pytest.fixture(scope='session')
def newest_pip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a virtualenv as pre-commit makes one for a hook:
    virtualenv (pre-commit's dependency) seeds it with the pip it embeds,
    the newest at its release, offline.  pip-tools and the rest come from
    this environment (a .pth file); pip-compile sits beside the
    interpreter, as in a hook environment."""
    import sysconfig

    def cannot(reason: str) -> None:
        # CI must run the test; elsewhere say why it did not run
        (pytest.fail if os.environ.get('CI') == 'true' else pytest.skip)(reason)

    try:
        import virtualenv  # noqa: F401
    except ImportError:
        cannot('virtualenv (a dependency of pre-commit) is not installed')
    root = tmp_path_factory.mktemp('newest-pip')
    venv = root / 'venv'
    subprocess.run(
        [sys.executable, '-m', 'virtualenv', '-q', '--no-download', '--no-periodic-update',
         '--no-setuptools', '--app-data', str(root / 'app-data'), str(venv)],
        check=True, capture_output=True,
    )
    python = venv / 'bin' / 'python'
    pip_version, site = subprocess.run(
        [python, '-c', 'import pip, sysconfig; print(pip.__version__); print(sysconfig.get_paths()["purelib"])'],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    if int(pip_version.split('.')[0]) < 26:
        cannot(f"virtualenv's pip is {pip_version}, which still reads #egg=NAME==VERSION (pip 26 rejects it)")
    # every site folder this interpreter imports from (its own, and any a
    # .pth or --system-site-packages adds), after the new pip's own
    ours = dict.fromkeys(
        p for p in (sysconfig.get_paths()['purelib'], *sys.path)
        if os.path.basename(p) in ('site-packages', 'dist-packages')
    )
    Path(site, 'this-environment.pth').write_text(''.join(f'{p}\n' for p in ours))
    pip_compile = write(venv / 'bin' / 'pip-compile', textwrap.dedent(f'''\
        #!{python}
        import sys
        from piptools.scripts.compile import cli
        sys.exit(cli())
    '''))
    os.chmod(pip_compile, 0o755)
    return venv / 'bin'


@pytest.fixture
def addon_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(base URL, folder): an HTTP server on 127.0.0.1 serving the folder,
    where tests put Divio addon archives."""
    import functools
    from http.server import SimpleHTTPRequestHandler
    from http.server import ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    folder = tmp_path / 'addons'
    folder.mkdir()
    server = ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f'http://127.0.0.1:{server.server_port}', folder
    server.shutdown()
    server.server_close()
    thread.join()


def addon(server: tuple[str, Path], name: str, version: str, requires: list[str]) -> str:
    """Serve an addon's sdist where Divio would: .../NAME/VERSION/NAME-VERSION.tar.gz."""
    from testing.wheels import make_sdist
    base, folder = server
    make_sdist(folder / name / version, name, version, requires)
    return f'{base}/{name}/{version}/{name}-{version}.tar.gz'


@pytest.mark.parametrize('pip', ["this environment's pip", "virtualenv's (newest) pip"])
def test_divio_addon_lines_compile_with_any_pip(repo: Path, tmp_path: Path, env: None, addon_server: tuple[str, Path], pip: str, request: pytest.FixtureRequest) -> None:
    """Divio's ``URL#egg=NAME==VERSION`` lines (which pip 26 and later
    reject) in requirements.in and in a -r file; an older pip-compile's
    pins with ``#egg=`` in requirements.txt.  The addon is upgraded; the
    new pins are ``NAME @ URL`` with the version in the archive name."""
    bin_ = Path(sys.executable).parent if pip.startswith('this') else request.getfixturevalue('newest_pip')
    index = make_index(tmp_path, {'django': ['3.2.25'], 'six': ['1.16.0']})
    django19 = addon(addon_server, 'aldryn-django', '3.2.19.0', ['django>=3.2,<4'])
    django20 = addon(addon_server, 'aldryn-django', '3.2.20.0', ['django>=3.2,<4'])
    sso = addon(addon_server, 'aldryn-sso', '1.6.1', ['aldryn-django'])
    requirements_in = textwrap.dedent(f'''\
        # <INSTALLED_ADDONS>  # Warning: text inside the INSTALLED_ADDONS tags is auto-generated. Manual changes will be overwritten.
        {django19}#egg=aldryn-django==3.2.19.0
        # </INSTALLED_ADDONS>
        -r requirements-sso.in
        six
    ''')
    write(repo / 'requirements.in', requirements_in)
    write(repo / 'requirements-sso.in', f'{sso}#egg=aldryn-sso==1.6.1\n')
    write(repo / 'requirements.txt', textwrap.dedent(f'''\
        aldryn-django @ {django19}#egg=aldryn-django==3.2.19.0
            # via
            #   -r requirements.in
            #   aldryn-sso
        aldryn-sso @ {sso}#egg=aldryn-sso==1.6.1
            # via -r requirements-sso.in
        django==3.2.25
            # via aldryn-django
        six==1.16.0
            # via -r requirements.in
    '''))
    commit_all(repo)
    requirements_in = requirements_in.replace('3.2.19.0', '3.2.20.0')
    write(repo / 'requirements.in', requirements_in)
    args = ['--', '--no-index', '--find-links', index, '--no-emit-find-links']

    if not pip.startswith('this'):
        # the pip under test does reject the user's file
        raw = subprocess.run(
            [bin_ / 'pip-compile', *args[1:], f'--output-file={tmp_path / "raw.txt"}', 'requirements.in'],
            cwd=repo, capture_output=True, text=True,
        )
        assert raw.returncode != 0 and 'InvalidEggFragment' in raw.stderr, raw

    r = subprocess.run(
        [bin_ / 'python', '-m', 'hooks.requirements_compile', *args],
        cwd=repo, capture_output=True, text=True, env={**os.environ, 'PYTHONPATH': str(HERE)},
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert '  upgraded aldryn-django 3.2.19.0 -> 3.2.20.0\n' in r.stdout
    text = (repo / 'requirements.txt').read_text()
    assert '--output-file=requirements.txt requirements.in\n' in text
    assert text.endswith(textwrap.dedent(f'''\
        #
        aldryn-django @ {django20}
            # via
            #   -r requirements.in
            #   aldryn-sso
        aldryn-sso @ {sso}
            # via -r requirements-sso.in
        django==3.2.25
            # via aldryn-django
        six==1.16.0
            # via -r requirements.in
    ''')), text
    assert '.tmp' not in text
    # the user's files as they were, and no temporary copy left
    assert (repo / 'requirements.in').read_text() == requirements_in
    assert (repo / 'requirements-sso.in').read_text() == f'{sso}#egg=aldryn-sso==1.6.1\n'
    assert listing(repo) == ['.git', 'requirements-sso.in', 'requirements.in', 'requirements.txt']
    # the addon's name and version stay readable, and the result is fresh
    from hooks.readers.pinfile import read_pins
    assert read_pins(text, 'requirements.txt')['aldryn-django'].version == '3.2.20.0'
    assert requirements_fresh.main([]) == 0


def test_interrupted_pip_compile_removes_the_pip_readable_copies(pinned: Path) -> None:
    # an addon server that accepts connections and never answers: pip-compile
    # hangs while the copy of requirements.in exists
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(8)
    port = server.getsockname()[1]
    connected = threading.Event()
    held = []

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)
            connected.set()

    threading.Thread(target=accept, daemon=True).start()
    before = {name: (pinned / name).read_bytes() for name in ('requirements.in', 'requirements.txt')}
    with open(pinned / 'requirements.in', 'a') as f:
        f.write(f'http://127.0.0.1:{port}/aldryn-sso/1.6.1/aldryn-sso-1.6.1.tar.gz#egg=aldryn-sso==1.6.1\n')
    edited = (pinned / 'requirements.in').read_bytes()
    proc = _run_hook(pinned)
    try:
        assert connected.wait(30), 'pip-compile never reached the addon server'
        assert [n for n in listing(pinned) if n.startswith('.requirements.in.') and n.endswith('.tmp')], listing(pinned)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        server.close()
        for conn in held:
            conn.close()
    assert proc.returncode == 2, out
    assert out.endswith('requirements.txt:1: interrupted: left as it was\n'), out
    assert (pinned / 'requirements.txt').read_bytes() == before['requirements.txt']
    assert (pinned / 'requirements.in').read_bytes() == edited
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']
