"""hooks.compile.pip_readable: Divio's addon lines handed to pip-compile in
the form current pip reads."""
from __future__ import annotations

from pathlib import Path

import pytest

from hooks.compile.errors import CompileError
from hooks.compile.errors import Terminated
from hooks.compile.pip_readable import pip_readable_inputs
from hooks.compile.pip_readable import pip_readable_line
from hooks.compile.pip_readable import pip_readable_text
from hooks.compile.replace import compile_project
from testing.compile import DJANGO
from testing.compile import names
from testing.compile import OLD
from testing.compile import pip_compile_like
from testing.compile import READS
from testing.compile import script

# --- Divio's addon lines, handed to pip-compile in the form current pip reads ----


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
    assert pip_readable_line(line) == fixed


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
    assert pip_readable_text(text, renamed.get) == (
        '# <INSTALLED_ADDONS>  # Warning: auto-generated\n'
        f'aldryn-django @ {DJANGO} # the addon\n'
        '-e     git+https://h/a.git#egg=a\n'
        '\n'
        '-r sub/.base.in.1.0.tmp\n'
        '--constraint=other.in\n'
        'django==4.2.7\n'
    )
    assert pip_readable_text('django==4.2.7\n-r base.in\n', renamed.get) is None



def test_addon_lines_reach_the_compiler_as_pip_reads_them_and_the_output_names_the_users_files(divio_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = tmp_path / 'seen'
    monkeypatch.setenv('SEEN', str(seen))
    before = {p: (divio_in / p).read_bytes() for p in ('requirements.in', 'sub/base.in')}
    outcome = compile_project(str(divio_in), pip_compile_like(script(tmp_path, READS)))

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
    with pytest.raises(CompileError) as e:
        compile_project(str(divio_in), pip_compile_like(script(tmp_path, READS)))
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
    with pytest.raises(Terminated):
        compile_project(str(divio_in), pip_compile_like(fake))
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
    compile_project(str(project), pip_compile_like(fake))
    assert (project / 'requirements.txt').read_bytes() == b"['requirements.in']\n" + OLD
    assert names(project) == ['base.in', 'requirements.in', 'requirements.txt']



def test_package_metadata_and_unreadable_inputs_are_handed_over_as_they_are(tmp_path: Path) -> None:
    (tmp_path / 'pyproject.toml').write_text(f'[project]\ndependencies = ["{DJANGO}#egg=aldryn-django==3.2.20.0"]\n')
    (tmp_path / 'latin1.in').write_bytes(b'# caf\xe9\nhttps://h/a-1.tar.gz#egg=a==1\n')
    (tmp_path / 'folder.in').mkdir()
    with pip_readable_inputs(str(tmp_path), ['pyproject.toml', 'latin1.in', 'folder.in', 'missing.in']) as renames:
        assert renames.words == {}
        assert names(tmp_path) == ['folder.in', 'latin1.in', 'pyproject.toml']
