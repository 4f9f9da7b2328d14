"""Security (issue 6): no shell anywhere, nothing read outside the
repository, nothing of the project executed by the checks.

A file named ``pwned`` anywhere means something ran that should not have:
every payload here would create one."""
from __future__ import annotations

import ast
import json
import os
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from testing.project import commit_all
from testing.project import init_repo
from testing.project import write
from testing.wheels import go_offline
from testing.wheels import make_index
from testing.wheels import offline_args

HERE = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOOKS = ('requirements-fresh', 'requirements-compile', 'dockerfile-requirements')
WEIRD = 'a b;$(touch pwned)`touch pwned`&&touch pwned'
SECRET = 'secret-package-from-outside'


def env(**extra: str | None) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith(('GIT_', 'PRE_COMMIT'))}
    for k, v in extra.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


def run(cwd: Path, hook: str, *args: str, **extra: str | None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(BIN / hook), *args], cwd=cwd, env=env(**extra),
        capture_output=True, text=True, timeout=120,
    )
    assert 'Traceback' not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def pwned(root: Path) -> list[str]:
    return [str(p) for p in root.rglob('pwned*')]


def recorder(tmp_path: Path) -> Path:
    """A compiler that records its argv and folder, then fails."""
    return write(tmp_path / 'record.py', textwrap.dedent(f'''\
        import json, os, sys
        with open({str(tmp_path / 'record.json')!r}, 'w') as f:
            json.dump({{'argv': sys.argv[1:], 'cwd': os.getcwd()}}, f)
        sys.exit(3)
    '''))


# --- no shell -----------------------------------------------------------------------

def test_no_shell_in_the_hooks_source() -> None:
    """No ``shell=True``, ``os.system``, ``os.popen``, ``eval`` or ``exec``
    in hooks/ (parsed, not grepped)."""
    for path in sorted((HERE / 'hooks').glob('*.py')):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.keyword):
                assert node.arg != 'shell', f'{path.name}:{node.value.lineno}: shell='
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, 'id', '')
                assert name not in ('system', 'popen', 'eval', 'exec', '__import__', 'import_module'), f'{path.name}:{node.lineno}: {name}'


@pytest.mark.parametrize(('command', 'argv'), [
    pytest.param('RECORD ; touch pwned', [';', 'touch', 'pwned'], id='semicolon'),
    pytest.param('RECORD $(touch pwned) `touch pwned`', ['$(touch', 'pwned)', '`touch', 'pwned`'], id='substitutions'),
    pytest.param('RECORD "a b" c\\ d && touch pwned', ['a b', 'c d', '&&', 'touch', 'pwned'], id='quotes, spaces and &&'),
    pytest.param("RECORD '$(touch pwned)' > pwned", ['$(touch pwned)', '>', 'pwned'], id='redirection'),
])
def test_command_is_split_never_run_by_a_shell(repo: Path, tmp_path: Path, command: str, argv: list[str]) -> None:
    write(repo / 'requirements.in', 'django\nrequests\n')
    write(repo / 'requirements.txt', 'django==4.2.7\n')
    command = command.replace('RECORD', shlex.join([sys.executable, str(recorder(tmp_path))]))
    proc = run(repo, 'requirements-compile', '--command', command)
    assert proc.returncode == 2, proc.stdout
    assert 'failed (exit code 3); left as it was' in proc.stdout
    record = json.loads((tmp_path / 'record.json').read_text())
    assert record == {'argv': argv, 'cwd': str(repo)}
    assert pwned(tmp_path) == []


def test_sh_c_is_what_the_user_asked_for(repo: Path, tmp_path: Path) -> None:
    """``--command 'sh -c "..."'`` runs sh with one script argument: the
    user's own shell, not ours (the words after it are not a script)."""
    write(repo / 'requirements.in', 'django\nrequests\n')
    write(repo / 'requirements.txt', 'django==4.2.7\n')
    out = tmp_path / 'sh-said'
    proc = run(repo, 'requirements-compile', '--command', f'sh -c "echo hi > {out}; exit 3" ; touch pwned')
    assert proc.returncode == 2
    assert out.read_text() == 'hi\n'
    assert pwned(tmp_path) == []


def test_project_path_is_passed_literally(tmp_path: Path) -> None:
    """A repository and a project folder whose names hold ``;``, ``$()``,
    backticks and spaces: every hook, through git (index, commit) too,
    takes them as names."""
    root = init_repo(tmp_path / WEIRD)
    project = root / WEIRD
    write(project / 'requirements.in', 'django\nrequests\n')
    write(project / 'requirements.txt', 'django==4.2.7\n')
    write(project / 'Dockerfile', 'FROM x\nRUN pip-reqs compile && \\\n    pip-reqs resolve\n')
    commit_all(root)
    for source in ('worktree', 'index', 'HEAD'):
        proc = run(root, 'requirements-fresh', '--source', source, '--project', WEIRD)
        assert proc.returncode == 1, proc.stdout
        assert proc.stdout.startswith(f'{WEIRD}/requirements.in:2: requirement requests is not pinned in {WEIRD}/requirements.txt\n')
        proc = run(root, 'dockerfile-requirements', '--source', source)
        assert proc.returncode == 1, proc.stdout
        assert proc.stdout.startswith(f'{WEIRD}/Dockerfile:2: `pip-reqs compile`')
    proc = run(root, 'requirements-compile', '--project', WEIRD, '--command', shlex.join([sys.executable, str(recorder(tmp_path))]))
    assert proc.returncode == 2
    assert json.loads((tmp_path / 'record.json').read_text())['cwd'] == str(project)
    assert pwned(tmp_path) == []


def test_pip_compile_in_a_weird_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default compiler, for real (offline), in such a folder."""
    go_offline(monkeypatch, tmp_path / 'cache')
    index = make_index(tmp_path, {'six': ['1.16.0']})
    project = init_repo(tmp_path / WEIRD)
    write(project / 'requirements.in', 'six\n')
    proc = run(project, 'requirements-compile', '--create', '--', *offline_args(index))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'six==1.16.0' in (project / 'requirements.txt').read_text()
    assert run(project, 'requirements-fresh').returncode == 0
    assert pwned(tmp_path) == []


# --- nothing read outside the repository ---------------------------------------------

@pytest.fixture
def outside(tmp_path: Path) -> Path:
    d = tmp_path / 'outside'
    write(d / 'base.in', f'{SECRET}\n')
    write(d / 'requirements.txt', f'{SECRET}==1.0\n')
    return d


LEAKS = (
    pytest.param({'requirements.in': '-r base.in\n'}, {'base.in': '../outside/base.in'}, ('base.in',), id='symlinked include'),
    pytest.param({'requirements.in': '-r shared/base.in\n'}, {'shared': '../outside'}, ('shared', 'shared/base.in'), id='symlinked folder'),
    pytest.param({'requirements.in': '-r deep/x/../../shared/base.in\n'}, {'shared': '../outside'}, ('shared', 'shared/base.in'), id='dot-dots through a symlinked folder'),
    pytest.param({'requirements.in': '-r a.in\n'}, {'a.in': 'b.in', 'b.in': '../outside/base.in'}, ('a.in', 'b.in'), id='chain of symlinks'),
    pytest.param({'requirements.in': '-r base.in\n'}, {'base.in': str(Path('/tmp'))}, ('base.in',), id='absolute symlink'),
    pytest.param({}, {'requirements.txt': '../outside/requirements.txt'}, ('requirements.txt',), id='symlinked requirements.txt'),
)


@pytest.mark.parametrize('source', ['worktree', 'index', 'HEAD'])
@pytest.mark.parametrize(('files', 'links', 'reported'), LEAKS)
def test_includes_never_leave_the_repository(
    repo: Path, outside: Path, files: dict[str, str], links: dict[str, str], reported: tuple[str, ...], source: str,
) -> None:
    if 'absolute' in str(links) and source != 'worktree':
        links = {k: str(outside / 'base.in') for k in links}
    write(repo / 'requirements.in', 'django\n')
    write(repo / 'requirements.txt', 'django==4.2.7\n')
    write(repo / 'deep/x/keep', '')
    for name, text in files.items():
        write(repo / name, text)
    for name, target in links.items():
        (repo / name).unlink(missing_ok=True)
        os.symlink(target, repo / name)
    commit_all(repo)
    for hook in HOOKS[:2]:
        proc = run(repo, hook, '--source', source)
        assert proc.returncode == 2, proc.stdout
        (line,) = proc.stdout.splitlines()[-1:]
        # the worktree names the file read, git the link it meets
        assert line.startswith(tuple(f'{r}:1: ' for r in reported)), proc.stdout
        assert 'leaves the repository' in line or 'Too many levels' in line, line
        assert SECRET not in proc.stdout + proc.stderr


# --- nothing of the project executed ---------------------------------------------------

PAYLOAD = "open({path!r}, 'w').close()\nraise SystemExit(99)\n"


def test_project_files_are_never_executed(repo: Path, tmp_path: Path) -> None:
    """settings.py, setup.py, conftest-like files and modules that shadow the
    hooks' own imports (packaging, git, json) sit in the project; a RUN and
    a heredoc in the Dockerfile would create files.  The checks read them
    and run none of them, at every source, stale or fresh."""
    marker = str(tmp_path / 'pwned')
    payload = PAYLOAD.format(path=marker)
    write(repo / 'requirements.in', '# <INSTALLED_ADDONS>\naldryn-sso==1.6.1\n# </INSTALLED_ADDONS>\ndjango>=4.2\n')
    write(repo / 'requirements.txt', 'aldryn-sso==1.6.1\ndjango==4.2.7\n')
    write(repo / 'addons/aldryn-sso/addon.json', '{"package-name": "aldryn-sso"}')
    write(repo / 'settings.py', payload + "INSTALLED_ADDONS = [\n    # <INSTALLED_ADDONS>\n    'aldryn-sso',\n    # </INSTALLED_ADDONS>\n]\n")
    for name in ('setup.py', 'conftest.py', 'manage.py', 'packaging.py', 'git.py', 'json.py', 'hooks.py', 'sitecustomize.py'):
        write(repo / name, payload)
    write(repo / 'Dockerfile', f'# syntax=docker/dockerfile:1\nFROM x\nRUN touch {marker}\nRUN <<EOF\ntouch {marker}\nEOF\nRUN ["touch", "{marker}"]\nCOPY requirements.txt /app/\n')
    commit_all(repo)
    for source in ('worktree', 'index', 'HEAD'):
        for hook in HOOKS:
            proc = run(repo, hook, '--source', source, PYTHONPATH=None)
            assert proc.returncode == 0, (hook, proc.stdout)
    # stale: requirements-fresh explains with packaging, requirements-compile
    # starts its (recording) compiler, which is the only thing that runs
    write(repo / 'requirements.in', (repo / 'requirements.in').read_text() + 'requests\n')
    assert run(repo, 'requirements-fresh').returncode == 1
    proc = run(repo, 'requirements-compile', '--command', shlex.join([sys.executable, str(recorder(tmp_path))]))
    assert proc.returncode == 2 and (tmp_path / 'record.json').exists()
    assert run(repo, 'dockerfile-requirements', '--fix').returncode == 0
    assert not os.path.exists(marker)
