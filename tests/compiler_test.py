"""hooks.compiler: running compilers (real subprocesses: small Python
scripts standing in for pip-compile or pip-reqs) without losing the file."""
from __future__ import annotations

import os
import stat
import sys
import textwrap
from pathlib import Path

import pytest

from hooks import compiler as c
from hooks.atomic import lock

OLD = b'# compiled long ago\ndjango==4.2.1\n'


def script(tmp_path: Path, body: str, name: str = 'fake.py') -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return str(path)


def temp_compiler(path: str) -> c.Compiler:
    """Like pip-compile: ``--output-file=<temp>`` in its argv."""
    return c.Compiler('fake-compile', [sys.executable, path, f'--output-file={c.OUTPUT}', 'requirements.in'], in_place=False)


def in_place(path: str, *args: str) -> c.Compiler:
    return c.make_compiler(command=f'{sys.executable} {path}', args=list(args))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    d = tmp_path / 'project'
    d.mkdir()
    (d / 'requirements.in').write_text('django\n')
    (d / 'requirements.txt').write_bytes(OLD)
    return d


def names(d: Path) -> list[str]:
    return sorted(os.listdir(d))


# --- choosing and describing the compiler -------------------------------------

def test_scrubbed_env_drops_every_git_variable() -> None:
    env = c.scrubbed_env({
        'GIT_INDEX_FILE': '.git/index', 'GIT_DIR': '.git', 'GIT_WORK_TREE': '.',
        'GIT_EXEC_PATH': '/usr/lib/git-core', 'GIT_PREFIX': 'sub/', 'PATH': '/bin',
        'PIP_INDEX_URL': 'https://example.invalid/simple', 'DIGIT_X': '1', 'PRE_COMMIT': '1',
    })
    assert env == {'PATH': '/bin', 'PIP_INDEX_URL': 'https://example.invalid/simple', 'DIGIT_X': '1', 'PRE_COMMIT': '1'}


def test_command_is_split_like_a_shell_and_gets_the_extra_args() -> None:
    comp = c.make_compiler(command='docker compose run --rm web "pip-reqs compile" --flag=\'a b\'', args=['--generate-hashes'])
    assert comp.in_place
    assert comp.argv == ['docker', 'compose', 'run', '--rm', 'web', 'pip-reqs compile', '--flag=a b', '--generate-hashes']
    assert comp.name == "docker compose run --rm web 'pip-reqs compile' '--flag=a b'"


@pytest.mark.parametrize(('command', 'message'), [
    ('', '--command: empty command'),
    ('   ', '--command: empty command'),
    ('pip-reqs "compile', "--command: cannot split 'pip-reqs \"compile': No closing quotation"),
])
def test_bad_commands(command: str, message: str) -> None:
    with pytest.raises(c.CompileError) as e:
        c.make_compiler(command=command)
    assert str(e.value) == message


def test_pip_compile_is_found_beside_the_interpreter() -> None:
    comp = c.make_compiler('pip-tools', args=['--no-index'])
    assert comp.argv[0] == os.path.join(os.path.dirname(sys.executable), 'pip-compile')
    assert comp.command('.requirements.txt.x.tmp')[1:] == ['--no-index', '--output-file=.requirements.txt.x.tmp', 'requirements.in']
    assert not comp.in_place


def test_uv_argv() -> None:
    if c.find_program('uv') is None:
        pytest.skip('uv not installed')
    comp = c.make_compiler('uv', args=['--generate-hashes'])
    assert comp.command('T')[1:] == ['pip', 'compile', '--generate-hashes', 'requirements.in', '--output-file', 'T']


def test_unknown_compiler() -> None:
    with pytest.raises(c.CompileError, match='unknown compiler'):
        c.make_compiler('poetry')


@pytest.mark.parametrize(('data', 'newline'), [
    (None, '\n'), (b'', '\n'), (b'a\nb\n', '\n'), (b'a\r\nb\r\n', '\r\n'),
    (b'a\r\nb\r\nc\n', '\r\n'), (b'a\nb\nc\r\n', '\n'), (b'no newline', '\n'),
])
def test_newline_of(data: bytes | None, newline: str) -> None:
    assert c.newline_of(data) == newline


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
    outcome = c.compile_project(str(project), temp_compiler(fake))
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

    c.compile_project(str(project), temp_compiler(fake), finish)
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
    outcome = c.compile_project(str(project), temp_compiler(fake))
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
    with pytest.raises(c.CompileError) as e:
        c.compile_project(str(project), temp_compiler(fake))
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
        c.compile_project(str(project), temp_compiler(fake), finish)
    assert (project / 'requirements.txt').read_bytes() == OLD
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_compiler_that_cannot_start(project: Path) -> None:
    comp = c.Compiler('nowhere', ['/nonexistent/pip-compile', f'--output-file={c.OUTPUT}'], False)
    with pytest.raises(c.CompileError, match=r'nowhere: cannot start /nonexistent/pip-compile: No such file or directory'):
        c.compile_project(str(project), comp)
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_a_held_lock_is_waited_for_then_given_up(project: Path, tmp_path: Path) -> None:
    fake = script(tmp_path, 'import sys; open(sys.argv[1].split("=", 1)[1], "w").write("x==1\\n")\n')
    with lock(str(project / 'requirements.txt')):
        with pytest.raises(c.Locked):
            c.compile_project(str(project), temp_compiler(fake), lock_wait=0.2)
    assert (project / 'requirements.txt').read_bytes() == OLD
    c.compile_project(str(project), temp_compiler(fake), lock_wait=0.2)
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
    outcome = c.compile_project(str(project), in_place(fake, '--extra'), lambda t: '# stamp\n' + t)
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
    with pytest.raises(c.CompileError):
        c.compile_project(str(project), in_place(script(tmp_path, body + '\n')))
    assert (project / 'requirements.txt').read_bytes() == OLD
    assert stat.S_IMODE(os.stat(project / 'requirements.txt').st_mode) == 0o640
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_in_place_command_that_changes_nothing_but_the_stamp_is_restored(project: Path, tmp_path: Path) -> None:
    # the command rewrites the file without the stamp, finish puts the same
    # stamp back: the backup of the old bytes is renamed back
    (project / 'requirements.txt').write_bytes(b'# stamp\n' + OLD)
    fake = script(tmp_path, f'open("requirements.txt", "wb").write({OLD!r})\n')
    outcome = c.compile_project(str(project), in_place(fake), lambda t: '# stamp\n' + t)
    assert not outcome.changed
    assert (project / 'requirements.txt').read_bytes() == b'# stamp\n' + OLD
    assert names(project) == ['requirements.in', 'requirements.txt']


def test_failing_in_place_create_leaves_no_file(project: Path, tmp_path: Path) -> None:
    os.unlink(project / 'requirements.txt')
    fake = script(tmp_path, "open('requirements.txt', 'w').write('half'); raise SystemExit(1)\n")
    with pytest.raises(c.CompileError):
        c.compile_project(str(project), in_place(fake))
    assert names(project) == ['requirements.in']


# --- Divio's addon lines, handed to pip-compile in the form current pip reads ----

S3 = 'https://divio-addons.s3-eu-central-1.amazonaws.com'
DJANGO = f'{S3}/aldryn-django/3.2.20.0/0d5c2c1e/aldryn-django-3.2.20.0.tar.gz'


@pytest.mark.parametrize(('line', 'fixed'), [
    pytest.param(f'{DJANGO}#egg=aldryn-django==3.2.20.0', f'aldryn-django @ {DJANGO}', id='divio addon'),
    pytest.param(f'aldryn-django @ {DJANGO}#egg=aldryn-django==3.2.20.0', f'aldryn-django @ {DJANGO}', id='named, as pip-compile pins it'),
    pytest.param(f'aldryn-django@{DJANGO}#egg=aldryn-django==3.2.20.0', f'aldryn-django@{DJANGO}', id='named without blanks'),
    pytest.param('https://h/a-1.0.zip#egg=a==1.0&subdirectory=pkg', 'a @ https://h/a-1.0.zip#subdirectory=pkg', id='other fragment parts stay'),
    pytest.param('https://h/a-1.0.zip#sha256=ab&egg=a==1.0', 'a @ https://h/a-1.0.zip#sha256=ab', id='egg after a hash'),
    pytest.param('https://h/a-1.0.zip#egg=a[x,y]==1.0', 'a[x,y] @ https://h/a-1.0.zip', id='extras'),
    pytest.param('https://h/a-1.0.zip#egg=a==1.0 --hash=sha256:ab', 'a @ https://h/a-1.0.zip --hash=sha256:ab', id='options stay'),
    pytest.param('https://h/a-1.0.zip#egg=a==1.0 ; python_version < "3.12"', 'a @ https://h/a-1.0.zip ; python_version < "3.12"', id='marker stays'),
    pytest.param('git+ssh://git@h/a.git@v1#egg=a==1.0', 'a @ git+ssh://git@h/a.git@v1', id='vcs url with a user'),
    pytest.param('-e git+https://h/a.git#egg=a==1.0', '-e git+https://h/a.git#egg=a', id='editable keeps a name-only egg'),
    pytest.param('--editable=git+https://h/a.git#egg=a>=1&subdirectory=s', '--editable=git+https://h/a.git#subdirectory=s&egg=a', id='editable, long option'),
    pytest.param('-e git+https://h/a.git#egg=a[x]==1.0', '-e a[x] @ git+https://h/a.git', id='editable with extras'),
    pytest.param('-egit+https://h/a.git#egg=a==1.0', '-egit+https://h/a.git#egg=a', id='editable, attached'),
    pytest.param('--find-links https://h/#egg=a==1.0', None, id='an option line is not a requirement'),
    pytest.param(f'{DJANGO}#egg=aldryn-django', None, id='a name-only egg is read as it is'),
    pytest.param(f'aldryn-django @ {DJANGO}', None, id='already PEP 508'),
    pytest.param('django==4.2.7', None, id='no url'),
    pytest.param('./addons/a-1.0.tar.gz#egg=a==1.0', None, id='a path is not a url'),
    pytest.param('https://h/a-1.0.zip#egg=%%%==1', None, id='no name: left for the compiler to report'),
    pytest.param('', None, id='empty'),
])
def test_pip_readable_line(line: str, fixed: str | None) -> None:
    assert c.pip_readable_line(line) == fixed


def test_pip_readable_text_keeps_line_numbers_comments_and_renames_includes() -> None:
    text = (
        '# <INSTALLED_ADDONS>  # Warning: auto-generated\n'
        f'{DJANGO}#egg=aldryn-django==3.2.20.0  # the addon\n'
        '-e \\\n'
        '    git+https://h/a.git#egg=a==1.0\n'
        '-r sub/base.in\n'
        '--constraint=other.in\n'
        'django==4.2.7\n'
    )
    renamed = {'sub/base.in': 'sub/.base.in.1.0.tmp'}
    assert c.pip_readable_text(text, renamed.get) == (
        '# <INSTALLED_ADDONS>  # Warning: auto-generated\n'
        f'aldryn-django @ {DJANGO} # the addon\n'
        '-e     git+https://h/a.git#egg=a\n'
        '\n'
        '-r sub/.base.in.1.0.tmp\n'
        '--constraint=other.in\n'
        'django==4.2.7\n'
    )
    assert c.pip_readable_text('django==4.2.7\n-r base.in\n', renamed.get) is None


READS = '''\
    import os, sys
    # a stand-in for pip-compile: it reads the old pins, its input and what
    # that includes (relative to the including file, as pip), and names the
    # files it read in the header and in '# via'
    out = sys.argv[1].split('=', 1)[1]
    seen = [f'--- {out}', *open(out).read().splitlines()]
    inputs = []
    def visit(path):
        inputs.append(path)
        seen.append(f'--- {path}')
        for line in open(path).read().splitlines():
            seen.append(line)
            if line.startswith('-r '):
                visit(os.path.join(os.path.dirname(path), line[3:]))
    visit(sys.argv[2])
    with open(os.environ['SEEN'], 'w') as f:
        f.write('\\n'.join(seen) + '\\n')
    if 'FAIL' in os.environ:
        print(f'ERROR: cannot build aldryn-sso (from -r {inputs[-1]} (line 1))')
        sys.exit(1)
    with open(out, 'w') as f:
        f.write(f'#    pip-compile --output-file={out} {sys.argv[2]}\\n')
        f.writelines(f'    # via -r {path}\\n' for path in inputs)
'''


def pip_compile_like(path: str) -> c.Compiler:
    return c.Compiler('pip-compile', [sys.executable, path, f'--output-file={c.OUTPUT}', 'requirements.in'], False, inputs=['requirements.in'])


@pytest.fixture
def divio_in(project: Path) -> Path:
    """requirements.in with an addon line, and ``-r sub/base.in`` with one
    more; requirements.txt pinned by an older pip-compile (``#egg=`` kept)."""
    (project / 'requirements.in').write_bytes(
        f'{DJANGO}#egg=aldryn-django==3.2.20.0\r\n-r sub/base.in\r\n'.encode(),
    )
    (project / 'sub').mkdir()
    (project / 'sub' / 'base.in').write_text('https://h/aldryn-sso-1.6.1.tar.gz#egg=aldryn-sso==1.6.1\n')
    (project / 'requirements.txt').write_text(
        f'aldryn-django @ {DJANGO}#egg=aldryn-django==3.2.19.0\n    # via -r requirements.in\n',
    )
    return project


def test_addon_lines_reach_the_compiler_as_pip_reads_them_and_the_output_names_the_users_files(divio_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = tmp_path / 'seen'
    monkeypatch.setenv('SEEN', str(seen))
    before = {p: (divio_in / p).read_bytes() for p in ('requirements.in', 'sub/base.in')}
    outcome = c.compile_project(str(divio_in), pip_compile_like(script(tmp_path, READS)))

    lines = seen.read_text().splitlines()
    out, top, base = [line[4:] for line in lines if line.startswith('--- ')]
    assert out.startswith('.requirements.txt.') and out.endswith('.tmp')
    assert top.startswith('.requirements.in.') and top.endswith('.tmp')
    assert base.startswith('sub/.base.in.') and base.endswith('.tmp')
    assert lines == [
        f'--- {out}',
        f'aldryn-django @ {DJANGO}',  # the old pins, as pip reads them
        '    # via -r requirements.in',
        f'--- {top}',
        f'aldryn-django @ {DJANGO}',
        f'-r {base}',
        f'--- {base}',
        'aldryn-sso @ https://h/aldryn-sso-1.6.1.tar.gz',
    ]
    assert outcome.new == (
        b'#    pip-compile --output-file=requirements.txt requirements.in\n'
        b'    # via -r requirements.in\n'
        b'    # via -r sub/base.in\n'
    )
    assert {p: (divio_in / p).read_bytes() for p in before} == before
    assert names(divio_in) == ['requirements.in', 'requirements.txt', 'sub']
    assert names(divio_in / 'sub') == ['base.in']


def test_a_failing_compile_names_the_users_files_and_leaves_no_copy(divio_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('SEEN', str(tmp_path / 'seen'))
    monkeypatch.setenv('FAIL', '1')
    old = (divio_in / 'requirements.txt').read_bytes()
    with pytest.raises(c.CompileError) as e:
        c.compile_project(str(divio_in), pip_compile_like(script(tmp_path, READS)))
    assert e.value.tail == ['ERROR: cannot build aldryn-sso (from -r sub/base.in (line 1))']
    assert (divio_in / 'requirements.txt').read_bytes() == old
    assert names(divio_in) == ['requirements.in', 'requirements.txt', 'sub']
    assert names(divio_in / 'sub') == ['base.in']


def test_interrupted_compile_leaves_no_copy(divio_in: Path, tmp_path: Path) -> None:
    # the compiler sends SIGTERM to us (compile_project turns it into
    # Terminated) while the copies exist
    fake = script(tmp_path, '''\
        import os, signal, sys, time
        assert sys.argv[2].startswith('.requirements.in.'), sys.argv
        os.kill(os.getppid(), signal.SIGTERM)
        time.sleep(30)
    ''')
    with pytest.raises(c.Terminated):
        c.compile_project(str(divio_in), pip_compile_like(fake))
    assert names(divio_in) == ['requirements.in', 'requirements.txt', 'sub']
    assert names(divio_in / 'sub') == ['base.in']


def test_inputs_without_addon_lines_are_handed_over_as_they_are(project: Path, tmp_path: Path) -> None:
    (project / 'requirements.in').write_text('-r base.in\ndjango\n')
    (project / 'base.in').write_text(f'{DJANGO}#egg=aldryn-django\n')  # a name-only egg: pip reads it
    fake = script(tmp_path, '''\
        import sys
        out = sys.argv[1].split('=', 1)[1]
        old = open(out).read()
        open(out, 'w').write(f'{sys.argv[2:]}\\n' + old)
    ''')
    c.compile_project(str(project), pip_compile_like(fake))
    assert (project / 'requirements.txt').read_bytes() == b"['requirements.in']\n" + OLD
    assert names(project) == ['base.in', 'requirements.in', 'requirements.txt']


def test_only_pip_compile_gets_the_copies() -> None:
    assert c.make_compiler('pip-tools').inputs == ('requirements.in',)
    assert c.make_compiler(command='pip-reqs compile').inputs == ()
    if c.find_program('uv') is not None:
        assert c.make_compiler('uv').inputs == ()  # uv reads URL#egg=NAME==VERSION


def test_package_metadata_and_unreadable_inputs_are_handed_over_as_they_are(tmp_path: Path) -> None:
    (tmp_path / 'pyproject.toml').write_text(f'[project]\ndependencies = ["{DJANGO}#egg=aldryn-django==3.2.20.0"]\n')
    (tmp_path / 'latin1.in').write_bytes(b'# caf\xe9\nhttps://h/a-1.tar.gz#egg=a==1\n')
    (tmp_path / 'folder.in').mkdir()
    with c.pip_readable_inputs(str(tmp_path), ['pyproject.toml', 'latin1.in', 'folder.in', 'missing.in']) as renames:
        assert renames.words == {}
        assert names(tmp_path) == ['folder.in', 'latin1.in', 'pyproject.toml']
