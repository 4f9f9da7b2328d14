"""hooks.compile.pip_readable through requirements-compile, end to end:
Divio's addon lines (URL#egg=NAME==VERSION) compile with this
environment's pip and with the newest one."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hooks import requirements_fresh
from testing.project import commit_all
from testing.project import write
from testing.recompile import compiler_args
from testing.recompile import HangingServer
from testing.recompile import HERE
from testing.recompile import listing
from testing.recompile import run_hook
from testing.wheels import make_index

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


def test_interrupted_pip_compile_removes_the_pip_readable_copies(pinned: Path, index: str, hanging_server: HangingServer) -> None:
    # an addon server that accepts connections and never answers: pip-compile
    # hangs while the copy of requirements.in exists
    port, connected = hanging_server
    before = {name: (pinned / name).read_bytes() for name in ('requirements.in', 'requirements.txt')}
    with open(pinned / 'requirements.in', 'a') as f:
        f.write(f'http://127.0.0.1:{port}/aldryn-sso/1.6.1/aldryn-sso-1.6.1.tar.gz#egg=aldryn-sso==1.6.1\n')
    edited = (pinned / 'requirements.in').read_bytes()
    # the index outside the repository: given, as the header's is not replayed
    proc = run_hook(pinned, *compiler_args(index))
    try:
        assert connected.wait(30), 'pip-compile never reached the addon server'
        assert [n for n in listing(pinned) if n.startswith('.requirements.in.') and n.endswith('.tmp')], listing(pinned)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2, out
    assert out.endswith('requirements.txt:1: interrupted: left as it was\n'), out
    assert (pinned / 'requirements.txt').read_bytes() == before['requirements.txt']
    assert (pinned / 'requirements.in').read_bytes() == edited
    assert listing(pinned) == ['.git', 'requirements.in', 'requirements.txt']
