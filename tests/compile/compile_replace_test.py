"""hooks.compile.replace: recompiling with real subprocesses (small Python
scripts standing in for pip-compile or pip-reqs) without losing the file."""
from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks.atomic import lock
from hooks.atomic import Locked
from hooks.atomic import NotAFile
from hooks.compile.command import Compiler
from hooks.compile.command import OUTPUT
from hooks.compile.errors import CompileError
from hooks.compile.replace import compile_project
from hooks.compile.replace import newline_of
from testing.compile import in_place
from testing.compile import names
from testing.compile import OLD
from testing.compile import script
from testing.compile import temp_compiler


@pytest.mark.parametrize(('data', 'newline'), [
    (None, '\n'), (b'', '\n'), (b'a\nb\n', '\n'), (b'a\r\nb\r\n', '\r\n'),
    (b'a\r\nb\r\nc\n', '\r\n'), (b'a\nb\nc\r\n', '\n'), (b'no newline', '\n'),
])
def test_newline_of(data: bytes | None, newline: str) -> None:
    assert newline_of(data) == newline


# --- compilers that write a temporary copy --------------------------------------

def test_compiler_gets_a_copy_of_the_pins_and_a_clean_environment(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('GIT_INDEX_FILE', str(tmp_path / 'index'))
    monkeypatch.setenv('GIT_DIR', str(tmp_path))
    fake = script(tmp_path, '''\
        import os, sys
        out = sys.argv[1].split('=', 1)[1]
        prefs = open(out).read()
        git = sorted(k for k in os.environ if k.startswith('GIT_'))
        with open(out, 'w') as f:
            f.write(f'#    fake-compile --output-file={out} requirements.in\\n')
            f.write(f'# cwd={os.path.basename(os.getcwd())} git={git}\\n')
            f.write(prefs.replace('4.2.1', '4.2.7'))
    ''')
    outcome = compile_project(str(project), temp_compiler(fake))
    new = (project / 'requirements.txt').read_text()
    assert new == (
        '#    fake-compile --output-file=requirements.txt requirements.in\n'
        "# cwd=project git=[]\n"
        '# compiled long ago\ndjango==4.2.7\n'
    )
    assert outcome.old == OLD
    assert outcome.new == new.encode()
    assert outcome.changed
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_finish_sees_the_old_line_endings_and_bom_and_mode_are_kept(project: Path, tmp_path: Path) -> None:
    (project / 'requirements.txt').write_bytes(b'\xef\xbb\xbf' + OLD.replace(b'\n', b'\r\n'))
    os.chmod(project / 'requirements.txt', 0o604)
    fake = script(tmp_path, '''\
        import sys
        open(sys.argv[1].split('=', 1)[1], 'w').write('django==4.2.7\\n# via -r requirements.in\\n')
    ''')
    seen = []

    def finish(text: str) -> str:
        seen.append(text)
        return '# stamp\r\n' + text

    compile_project(str(project), temp_compiler(fake), finish)
    assert seen == ['django==4.2.7\r\n# via -r requirements.in\r\n']
    assert (project / 'requirements.txt').read_bytes() == b'\xef\xbb\xbf# stamp\r\ndjango==4.2.7\r\n# via -r requirements.in\r\n'
    assert stat.S_IMODE(os.stat(project / 'requirements.txt').st_mode) == 0o604


def test_same_bytes_are_not_rewritten(project: Path, tmp_path: Path) -> None:
    fake = script(tmp_path, '''\
        import sys
        out = sys.argv[1].split('=', 1)[1]
        data = open(out).read()
        open(out, 'w').write(data)
    ''')
    inode = os.stat(project / 'requirements.txt').st_ino
    outcome = compile_project(str(project), temp_compiler(fake))
    assert not outcome.changed
    assert os.stat(project / 'requirements.txt').st_ino == inode
    assert names(project) == ['requirements.in', 'requirements.txt']


@pytest.mark.parametrize(('body', 'message'), [
    ('import sys; print("ResolutionImpossible: django"); sys.exit(1)', 'fake-compile failed (exit code 1)'),
    ('import os; os.kill(os.getpid(), 9)', 'fake-compile failed (killed by signal 9)'),
    ('import sys; open(sys.argv[1].split("=", 1)[1], "w").close()', 'fake-compile: wrote an empty requirements.txt'),
    ('import sys; open(sys.argv[1].split("=", 1)[1], "wb").write(b"\\xff\\xfe")', 'requirements.txt: the compiler wrote non-UTF-8 output (byte 0)'),
])
def test_failures_leave_the_file_and_no_temporary(project: Path, tmp_path: Path, body: str, message: str) -> None:
    fake = script(tmp_path, body + '\n')
    with pytest.raises(CompileError) as e:
        compile_project(str(project), temp_compiler(fake))
    assert str(e.value) == message
    if 'Resolution' in body:
        assert e.value.tail == ['ResolutionImpossible: django']
    assert (project / 'requirements.txt').read_bytes() == OLD
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_failing_finish_leaves_the_file(project: Path, tmp_path: Path) -> None:
    fake = script(tmp_path, 'import sys; open(sys.argv[1].split("=", 1)[1], "w").write("x==1\\n")\n')

    def finish(text: str) -> str:
        raise RuntimeError('boom')

    with pytest.raises(RuntimeError):
        compile_project(str(project), temp_compiler(fake), finish)
    assert (project / 'requirements.txt').read_bytes() == OLD
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_compiler_that_cannot_start(project: Path) -> None:
    comp = Compiler('nowhere', ['/nonexistent/pip-compile', f'--output-file={OUTPUT}'], False)
    with pytest.raises(CompileError, match=r'nowhere: cannot start /nonexistent/pip-compile: No such file or directory'):
        compile_project(str(project), comp)
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_a_held_lock_is_waited_for_then_given_up(project: Path, tmp_path: Path) -> None:
    fake = script(tmp_path, 'import sys; open(sys.argv[1].split("=", 1)[1], "w").write("x==1\\n")\n')
    with lock(str(project / 'requirements.txt')):
        with pytest.raises(Locked):
            compile_project(str(project), temp_compiler(fake), lock_wait=0.2)
    assert (project / 'requirements.txt').read_bytes() == OLD
    compile_project(str(project), temp_compiler(fake), lock_wait=0.2)
    assert (project / 'requirements.txt').read_bytes() == b'x==1\n'
    assert names(project) == ['requirements.in', 'requirements.txt']


# --- commands that write requirements.txt in place ------------------------------

def test_in_place_command_output_is_finished_with_the_old_mode(project: Path, tmp_path: Path) -> None:
    os.chmod(project / 'requirements.txt', 0o640)
    fake = script(tmp_path, '''\
        import os, sys
        os.unlink('requirements.txt')   # like a container writing a new file
        with open('requirements.txt', 'w') as f:
            f.write('django==4.2.7\\n' + ' '.join(sys.argv[1:]) + '\\n')
        os.chmod('requirements.txt', 0o600)
    ''')
    outcome = compile_project(str(project), in_place(fake, '--extra'), lambda t: '# stamp\n' + t)
    assert outcome.old == OLD
    assert (project / 'requirements.txt').read_bytes() == b'# stamp\ndjango==4.2.7\n--extra\n'
    assert stat.S_IMODE(os.stat(project / 'requirements.txt').st_mode) == 0o640
    assert names(project) == ['requirements.in', 'requirements.txt']


@pytest.mark.parametrize('body', [
    "open('requirements.txt', 'w').write('half'); raise SystemExit(1)",
    "import os; os.unlink('requirements.txt'); raise SystemExit(2)",
    "import os; os.unlink('requirements.txt')",
])
def test_failing_in_place_command_restores_the_file(project: Path, tmp_path: Path, body: str) -> None:
    os.chmod(project / 'requirements.txt', 0o640)
    with pytest.raises(CompileError):
        compile_project(str(project), in_place(script(tmp_path, body + '\n')))
    assert (project / 'requirements.txt').read_bytes() == OLD
    assert stat.S_IMODE(os.stat(project / 'requirements.txt').st_mode) == 0o640
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_in_place_command_that_changes_nothing_but_the_stamp_is_restored(project: Path, tmp_path: Path) -> None:
    # the command rewrites the file without the stamp, finish puts the same
    # stamp back: the backup of the old bytes is renamed back
    (project / 'requirements.txt').write_bytes(b'# stamp\n' + OLD)
    fake = script(tmp_path, f'open("requirements.txt", "wb").write({OLD!r})\n')
    outcome = compile_project(str(project), in_place(fake), lambda t: '# stamp\n' + t)
    assert not outcome.changed
    assert (project / 'requirements.txt').read_bytes() == b'# stamp\n' + OLD
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_failing_in_place_create_leaves_no_file(project: Path, tmp_path: Path) -> None:
    os.unlink(project / 'requirements.txt')
    fake = script(tmp_path, "open('requirements.txt', 'w').write('half'); raise SystemExit(1)\n")
    with pytest.raises(CompileError):
        compile_project(str(project), in_place(fake))
    assert names(project) == ['requirements.in']


# --- a symlinked output: written through, still a symlink ------------------------

WRITES = "open('requirements.txt', 'w').write('django==4.2.7\\n')"
REPLACES = "import os; os.unlink('requirements.txt'); open('requirements.txt', 'w').write('django==4.2.7\\n')"
THROUGH = [
    # (how the compiler writes, exit code of the fake, base.txt afterwards)
    pytest.param(temp_compiler, 'import sys; open(sys.argv[1].split("=", 1)[1], "w").write("django==4.2.7\\n")', 0, b'django==4.2.7\n', id='temporary copy'),
    pytest.param(in_place, WRITES, 0, b'django==4.2.7\n', id='in place, through the symlink'),
    pytest.param(in_place, REPLACES, 0, b'django==4.2.7\n', id='in place, replacing the symlink'),
    pytest.param(in_place, WRITES[:-5] + "half'); raise SystemExit(1)", 1, OLD, id='in place, failing'),
    pytest.param(in_place, REPLACES[:-5] + "half'); raise SystemExit(1)", 1, OLD, id='in place, replacing, failing'),
]


@pytest.mark.parametrize(('kind', 'body', 'fails', 'after'), THROUGH)
def test_symlinked_output_is_written_through(project: Path, tmp_path: Path, kind: Callable[[str], Compiler], body: str, fails: int, after: bytes) -> None:
    os.rename(project / 'requirements.txt', project / 'base.txt')
    os.symlink('base.txt', project / 'requirements.txt')
    compiler = kind(script(tmp_path, body + '\n'))
    if fails:
        with pytest.raises(CompileError):
            compile_project(str(project), compiler)
    else:
        assert compile_project(str(project), compiler).new == after
    assert os.readlink(project / 'requirements.txt') == 'base.txt'
    assert (project / 'base.txt').read_bytes() == after
    assert names(project) == ['base.txt', 'requirements.in', 'requirements.txt']


def test_output_symlinked_outside_the_root_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / 'outside.txt'
    outside.write_bytes(OLD)
    os.unlink(project / 'requirements.txt')
    os.symlink(outside, project / 'requirements.txt')
    ran = tmp_path / 'ran'
    with pytest.raises(NotAFile) as e:
        compile_project(str(project), in_place(script(tmp_path, f'open({str(ran)!r}, "w")\n')))
    assert e.value.where(str(project)) == 'requirements.txt'
    assert e.value.strerror == f'is a symbolic link to {os.path.realpath(outside)}, outside the repository'
    assert not ran.exists()
    assert outside.read_bytes() == OLD
    assert names(project) == ['requirements.in', 'requirements.txt']
