"""hooks.compile.recompile through requirements-compile, end to end: the
file is never lost, and every compiler (pip-compile, uv, --command) is
run and reported (real compilers against a local wheel index)."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hooks import requirements_compile
from hooks import requirements_fresh
from hooks.atomic import lock
from testing.project import git
from testing.project import write
from testing.recompile import BIN
from testing.recompile import compile_
from testing.recompile import compiler_args
from testing.recompile import HERE
from testing.recompile import IN
from testing.recompile import listing
from testing.recompile import pins

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
        ".:1: --compiler uv: uv is not installed (not beside this Python nor on an absolute PATH entry); "
        "install it (pip install uv, or add it to the hook's additional_dependencies) "
        "or use --compiler pip-tools\n"
    )
    assert (pinned / 'requirements.txt').read_bytes() == before


# --- symlinks: never followed where we create, written through where they lead ---

def _symlinked_output(pinned: Path) -> Path:
    """requirements.txt committed as a symlink to base.txt (the pins), and
    requirements.in stale against it."""
    txt = pinned / 'requirements.txt'
    os.rename(txt, pinned / 'base.txt')
    os.symlink('base.txt', txt)
    git(pinned, 'add', '-A')
    git(pinned, 'commit', '-q', '-m', 'pins in base.txt')
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    return txt


def test_symlinked_output_is_written_through(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    txt = _symlinked_output(pinned)
    assert compile_(index) == 1
    assert 'requirements.txt: rewritten; review it, git add it and commit again\n' in capsys.readouterr().out
    assert os.readlink(txt) == 'base.txt'
    assert pins(pinned / 'base.txt')['requests'] == '2.31.0'
    # no typechange (T): only the target changed
    assert git(pinned, 'status', '--porcelain') == ' M base.txt\n M requirements.in\n'
    assert listing(pinned) == ['.git', 'base.txt', 'requirements.in', 'requirements.txt']
    assert requirements_fresh.main([]) == 0


def test_symlinked_output_is_written_through_by_a_command(pinned: Path, tmp_path: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    # the command writes requirements.txt (through the symlink); the
    # stamped file goes to base.txt too
    script = write(tmp_path / 'reqs.py', textwrap.dedent(f'''\
        import subprocess, sys
        sys.exit(subprocess.call([{str(BIN / 'pip-compile')!r}, '-q', *sys.argv[1:], 'requirements.in']))
    '''))
    txt = _symlinked_output(pinned)
    assert compile_(index, '--command', f'{sys.executable} {script}') == 1
    assert os.readlink(txt) == 'base.txt'
    assert (pinned / 'base.txt').read_text().startswith('# aldryn-pins: v1 ')
    assert pins(pinned / 'base.txt')['requests'] == '2.31.0'
    assert git(pinned, 'status', '--porcelain') == ' M base.txt\n M requirements.in\n'
    assert listing(pinned) == ['.git', 'base.txt', 'requirements.in', 'requirements.txt']


OUTSIDE_LOCK = [
    pytest.param('missing', id='symlink to a missing file outside'),
    pytest.param('file', id='symlink to a file outside'),
    pytest.param('folder', id='a folder'),
]


@pytest.mark.parametrize('kind', [p.values[0] for p in OUTSIDE_LOCK], ids=[p.id for p in OUTSIDE_LOCK])
def test_lock_path_that_is_not_a_file_is_refused(pinned: Path, tmp_path: Path, index: str, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    """A committed requirements.txt.lock that is a symlink is neither
    followed (the outside file created) nor deleted."""
    outside = tmp_path / 'outside'
    outside.mkdir()
    victim = outside / 'victim'
    lock_path = pinned / 'requirements.txt.lock'
    if kind == 'folder':
        lock_path.mkdir()
        (lock_path / 'keep').write_text('')
        what = 'a folder'
    else:
        if kind == 'file':
            victim.write_bytes(b'precious\n')
        os.symlink(victim, lock_path)
        what = 'a symbolic link'
    git(pinned, 'add', '-A')
    git(pinned, 'commit', '-q', '-m', 'a lock of our own')
    before = (pinned / 'requirements.txt').read_bytes()
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    assert compile_(index) == 2
    assert capsys.readouterr().out.endswith(
        f'requirements.txt.lock:1: is {what}, in the way of the lock file of requirements.txt (move it away); left as it was\n',
    )
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert lock_path.is_symlink() == (kind != 'folder')
    assert os.listdir(outside) == (['victim'] if kind == 'file' else [])
    if kind == 'file':
        assert victim.read_bytes() == b'precious\n'
    assert git(pinned, 'status', '--porcelain') == ' M requirements.in\n'
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt', 'requirements.txt.lock']


def test_planted_temporary_names_are_never_followed(pinned: Path, tmp_path: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The temporary and backup names are predictable (``.NAME.PID.N.tmp``,
    ``.orig``): symlinks planted there are skipped, never written through."""
    outside = tmp_path / 'outside'
    outside.mkdir()
    planted = [f'.requirements.txt.{os.getpid()}.0{suffix}' for suffix in ('.tmp', '.orig')]
    for name in planted:
        os.symlink(outside / name, pinned / name)
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    assert compile_(index) == 1
    assert pins(pinned / 'requirements.txt')['requests'] == '2.31.0'
    script = write(tmp_path / 'reqs.py', textwrap.dedent(f'''\
        import subprocess, sys
        sys.exit(subprocess.call([{str(BIN / 'pip-compile')!r}, '-q', *sys.argv[1:], 'requirements.in']))
    '''))
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('idna\n')
    assert compile_(index, '--command', f'{sys.executable} {script}') == 1
    assert os.listdir(outside) == []
    assert [p for p in planted if os.path.islink(pinned / p)] == planted
    assert listing(pinned) == sorted(['.git', 'requirements.in', 'requirements.txt', *planted])


def test_output_symlinked_outside_the_repository_is_refused(pinned: Path, tmp_path: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    """What is committed (the index) holds a regular requirements.txt; the
    working tree, which the compiler writes, a symlink out of the
    repository: refused before anything runs, nothing written outside."""
    outside = tmp_path / 'outside'
    outside.mkdir()
    txt = pinned / 'requirements.txt'
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    git(pinned, 'add', 'requirements.in')
    (outside / 'base.txt').write_bytes(txt.read_bytes())
    txt.unlink()
    os.symlink(outside / 'base.txt', txt)
    before = (outside / 'base.txt').read_bytes()
    script = write(tmp_path / 'reqs.py', textwrap.dedent(f'''\
        import subprocess, sys
        sys.exit(subprocess.call([{str(BIN / 'pip-compile')!r}, '-q', *sys.argv[1:], 'requirements.in']))
    '''))
    for args in (('--command', f'{sys.executable} {script}'), ()):
        assert compile_(index, '--source', 'index', *args) == 2
        assert capsys.readouterr().out.endswith(
            f'requirements.txt:1: is a symbolic link to {os.path.realpath(outside / "base.txt")}, outside the repository; left as it was\n',
        )
        assert os.readlink(txt) == str(outside / 'base.txt')
        assert (outside / 'base.txt').read_bytes() == before
        assert os.listdir(outside) == ['base.txt']
        assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']

# --- stamp only what passes ----------------------------------------------------

@pytest.mark.parametrize('fingerprinted', [True, False])
def test_a_compile_that_leaves_the_file_stale_stamps_nothing(pinned: Path, index: str, capsys: pytest.CaptureFixture[str], fingerprinted: bool) -> None:
    txt = pinned / 'requirements.txt'
    if not fingerprinted:  # as a hand compile leaves it
        txt.write_bytes(txt.read_bytes().split(b'\n', 1)[1])
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    before = txt.read_bytes()
    # exits 0 and writes nothing: a docker volume that is not mounted
    assert compile_(index, '--command', 'true') == 1
    out = capsys.readouterr().out
    assert out.endswith(
        'requirements.txt: still stale: true changed nothing; the fingerprint is not stamped:\n'
        + ('  requirements.txt:1: requirements.in changed since requirements.txt was compiled\n' if fingerprinted else '')
        + '  requirements.in:3: requirement requests is not pinned in requirements.txt\n',
    ), out
    assert txt.read_bytes() == before
    assert requirements_fresh.main([]) == 1
    assert requirements_fresh.main(['--no-cache']) == 1
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']
