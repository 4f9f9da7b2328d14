"""End to end, through real pre-commit: hooks installed in a temp repository,
a real ``git commit`` and ``git push`` to a local bare remote.

pre-commit installs this repository (a throwaway clone of the current
working tree, committed) into a virtualenv once per test session, shared
through ``PRE_COMMIT_HOME``; that needs the package index (pip-tools,
GitPython, packaging), so the first test is slow, and without the index
these tests are skipped (with the reason).
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from collections.abc import Sequence
from pathlib import Path

import pytest

from testing.project import divio_project
from testing.project import edit
from testing.project import write

HERE = Path(__file__).resolve().parents[1]
PRE_COMMIT = str(Path(sys.executable).with_name('pre-commit'))
STALE = ('aldryn-django-3.2.19.0.tar.gz#egg=aldryn-django==3.2.19.0', 'aldryn-django-3.2.20.0.tar.gz#egg=aldryn-django==3.2.20.0')
# an unpinned project's Dockerfile compiles at build time
COMPILE = 'RUN pip-reqs resolve && \\'
COMPILING = 'RUN pip-reqs compile && pip-reqs resolve && \\'

pytestmark = pytest.mark.skipif(shutil.which('git') is None, reason='needs git')


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(('GIT_', 'PRE_COMMIT'))
    }
    env.update(
        GIT_AUTHOR_NAME='Dev', GIT_AUTHOR_EMAIL='dev@example.com',
        GIT_COMMITTER_NAME='Dev', GIT_COMMITTER_EMAIL='dev@example.com',
        GIT_CONFIG_NOSYSTEM='1', PRE_COMMIT_COLOR='never',
    )
    env.update(extra)
    return env


def run(cwd: Path, *cmd: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def ok(cwd: Path, *cmd: str, env: dict[str, str]) -> str:
    proc = run(cwd, *cmd, env=env)
    assert proc.returncode == 0, proc.stdout
    return proc.stdout


# pip's words when the package index cannot be reached
OFFLINE = (
    'Failed to establish a new connection', 'Temporary failure in name resolution',
    'Network is unreachable', 'No matching distribution found',
    'Could not find a version that satisfies',
)


def _config(hook_repo: tuple[str, str]) -> str:
    repo, rev = hook_repo
    return (
        'repos:\n'
        f'-   repo: {repo}\n'
        f'    rev: {rev}\n'
        '    hooks:\n'
        '    -   id: requirements-fresh\n'
        '    -   id: dockerfile-requirements\n'
    )


@pytest.fixture(scope='session')
def pre_commit_home(
        tmp_path_factory: pytest.TempPathFactory, hook_repo: tuple[str, str],
) -> str:
    """pre-commit's store with the hooks' virtualenv built, once a session.
    Skips the end-to-end tests when the package index is out of reach."""
    home = str(tmp_path_factory.mktemp('pre-commit-home'))
    env = _env(PRE_COMMIT_HOME=home)
    path = tmp_path_factory.mktemp('install')
    ok(path, 'git', 'init', '-q', env=env)
    write(path / '.pre-commit-config.yaml', _config(hook_repo))
    proc = run(path, PRE_COMMIT, 'install-hooks', env=env)
    if proc.returncode:
        log = Path(home, 'pre-commit.log')
        text = proc.stdout + (log.read_text() if log.exists() else '')
        if any(marker in text for marker in OFFLINE):
            pytest.skip('pre-commit cannot install the hooks: no package index')
        raise AssertionError(proc.stdout)
    return home


def _cat_files(root: Path) -> list[str]:
    """``git cat-file`` processes still running for repositories under
    ``root``."""
    left = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            cmdline = Path(f'/proc/{pid}/cmdline').read_bytes().split(b'\0')
            cwd = os.readlink(f'/proc/{pid}/cwd')
        except OSError:
            continue
        args = [a.decode(errors='replace') for a in cmdline]
        if 'cat-file' in args and (cwd.startswith(str(root)) or any(str(root) in a for a in args)):
            left.append(' '.join(args))
    return left


class Sandbox:
    """A repository with the hooks installed for pre-commit and pre-push,
    and a bare remote ``origin``."""

    def __init__(self, path: Path, env: dict[str, str]) -> None:
        self.path = path
        self.env = env

    def run(self, *cmd: str) -> subprocess.CompletedProcess[str]:
        return run(self.path, *cmd, env=self.env)

    def ok(self, *cmd: str) -> str:
        return ok(self.path, *cmd, env=self.env)

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run('git', *args)

    def commits(self, ref: str = 'HEAD') -> int:
        proc = self.git('rev-list', '--count', ref)
        return int(proc.stdout) if proc.returncode == 0 else 0

    def remote_sha(self, branch: str) -> str:
        return self.ok('git', '--git-dir', '../remote.git', 'rev-parse', '--verify', '-q', branch).strip()


@pytest.fixture
def sandbox(
        tmp_path: Path, hook_repo: tuple[str, str], pre_commit_home: str,
) -> Iterator[Sandbox]:
    """An empty repository with the hooks installed (nothing committed)."""
    path = tmp_path / 'repo'
    path.mkdir()
    env = _env(PRE_COMMIT_HOME=pre_commit_home)
    box = Sandbox(path, env)
    box.ok('git', 'init', '-q', '-b', 'main')
    box.ok('git', 'init', '-q', '--bare', '-b', 'main', str(tmp_path / 'remote.git'))
    box.ok('git', 'remote', 'add', 'origin', '../remote.git')
    write(path / '.pre-commit-config.yaml', _config(hook_repo))
    box.ok(PRE_COMMIT, 'install', '--hook-type', 'pre-commit', '--hook-type', 'pre-push')
    yield box
    assert _cat_files(tmp_path) == []


@pytest.fixture
def pushed(sandbox: Sandbox) -> Sandbox:
    """A fresh Divio project: committed with the hooks running (the first
    commit of an empty repository) and pushed."""
    divio_project(sandbox.path)
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'a pinned Divio project')
    assert 'requirements.txt is fresh....' in out and 'Passed' in out
    assert sandbox.commits() == 1
    sandbox.ok('git', 'push', '-q', 'origin', 'main')
    return sandbox


def test_a_stale_staged_change_blocks_the_commit(pushed: Sandbox) -> None:
    edit(pushed.path / 'requirements.in', *STALE)
    pushed.ok('git', 'add', 'requirements.in')
    proc = pushed.git('commit', '-m', 'upgrade aldryn-django')
    assert proc.returncode == 1
    assert 'requirements.txt is fresh' in proc.stdout and 'Failed' in proc.stdout
    assert 'requirements.in:3: ' in proc.stdout and 'aldryn-django' in proc.stdout
    assert pushed.commits() == 1
    # nothing lost: the change is still staged
    assert 'requirements.in' in pushed.ok('git', 'diff', '--cached', '--name-only')


def test_commit_all_with_a_stale_change_is_blocked(pushed: Sandbox) -> None:
    edit(pushed.path / 'requirements.in', *STALE)  # not added
    proc = pushed.git('commit', '-a', '-m', 'upgrade aldryn-django')
    assert proc.returncode == 1
    assert 'requirements.in:3: ' in proc.stdout
    assert pushed.commits() == 1
    # the same change left out of the commit does not block it
    write(pushed.path / 'README', 'hello\n')
    pushed.ok('git', 'add', 'README')
    pushed.ok('git', 'commit', '-m', 'a readme')
    assert pushed.commits() == 2


def test_commit_of_named_paths_checks_what_they_commit(pushed: Sandbox) -> None:
    # git commit PATH: git builds a temporary index (HEAD + PATH) for the hooks
    edit(pushed.path / 'requirements.in', *STALE)  # not added
    write(pushed.path / 'README', 'hello\n')
    pushed.ok('git', 'add', 'README')
    proc = pushed.git('commit', '-m', 'upgrade aldryn-django', 'requirements.in')
    assert proc.returncode == 1
    assert 'requirements.in:3: ' in proc.stdout
    assert pushed.commits() == 1
    pushed.ok('git', 'commit', '-m', 'a readme', 'README')
    assert pushed.commits() == 2
    assert pushed.ok('git', 'diff', '--name-only') == 'requirements.in\n'


def test_an_unadded_requirements_txt_does_not_count(sandbox: Sandbox) -> None:
    # an unpinned project: no requirements.txt, the build compiles
    divio_project(sandbox.path)
    (sandbox.path / 'requirements.txt').unlink()
    edit(sandbox.path / 'Dockerfile', COMPILE, COMPILING)
    sandbox.ok('git', 'add', '-A')
    sandbox.ok('git', 'commit', '-m', 'an unpinned project')
    # pin it: requirements.txt is made but never added; the Dockerfile is
    divio_project(sandbox.path)
    sandbox.ok('git', 'add', 'Dockerfile')
    proc = sandbox.git('commit', '-m', 'pin the requirements')
    assert proc.returncode == 1, proc.stdout
    assert 'Dockerfile agrees with requirements.txt' in proc.stdout and 'Failed' in proc.stdout
    assert 'Dockerfile:' in proc.stdout
    assert sandbox.commits() == 1
    # by hand, pre-commit checks the working tree, where requirements.txt is
    out = sandbox.ok(PRE_COMMIT, 'run', '--all-files')
    assert 'Failed' not in out
    sandbox.ok('git', 'add', 'requirements.txt')
    sandbox.ok('git', 'commit', '-m', 'pin the requirements')
    assert sandbox.commits() == 2


def test_run_all_files_checks_the_working_tree(pushed: Sandbox) -> None:
    edit(pushed.path / 'requirements.in', *STALE)  # not added
    proc = pushed.run(PRE_COMMIT, 'run', '--all-files', 'requirements-fresh')
    assert proc.returncode == 1
    assert 'requirements.in:3: ' in proc.stdout


def test_a_stale_commit_is_blocked_at_push_despite_a_fresh_working_tree(pushed: Sandbox) -> None:
    before = pushed.remote_sha('main')
    edit(pushed.path / 'requirements.in', *STALE)
    pushed.ok('git', 'commit', '-q', '-a', '--no-verify', '-m', 'upgrade aldryn-django')
    # the working tree (and the index) are fresh again; the commit is not
    edit(pushed.path / 'requirements.in', STALE[1], STALE[0])
    pushed.ok('git', 'add', 'requirements.in')
    proc = pushed.git('push', 'origin', 'main')
    assert proc.returncode != 0
    assert 'requirements.txt is fresh' in proc.stdout and 'Failed' in proc.stdout
    assert 'requirements.in:3: ' in proc.stdout
    assert pushed.remote_sha('main') == before
    # pushing the fix goes through
    pushed.ok('git', 'commit', '-q', '-m', 'back to 3.2.19.0')
    pushed.ok('git', 'push', '-q', 'origin', 'main')
    assert pushed.remote_sha('main') == pushed.ok('git', 'rev-parse', 'HEAD').strip()


def test_a_fresh_push_of_a_new_branch_and_its_deletion(pushed: Sandbox) -> None:
    pushed.ok('git', 'checkout', '-q', '-b', 'feature')
    write(pushed.path / 'README', 'hello\n')
    pushed.ok('git', 'add', 'README')
    pushed.ok('git', 'commit', '-q', '-m', 'a readme')
    out = pushed.ok('git', 'push', 'origin', 'feature')
    assert 'requirements.txt is fresh' in out and 'Passed' in out
    assert pushed.remote_sha('feature') == pushed.ok('git', 'rev-parse', 'HEAD').strip()
    pushed.ok('git', 'push', '-q', 'origin', '--delete', 'feature')


def test_a_push_range_by_hand(pushed: Sandbox) -> None:
    # pre-commit run --from-ref/--to-ref passes names; the tree of --to-ref is read
    edit(pushed.path / 'requirements.in', *STALE)
    pushed.ok('git', 'commit', '-q', '-a', '--no-verify', '-m', 'stale')
    edit(pushed.path / 'requirements.in', STALE[1], STALE[0])
    pushed.ok('git', 'commit', '-q', '-a', '--no-verify', '-m', 'fresh')
    run_range = (PRE_COMMIT, 'run', '--hook-stage', 'pre-push', 'requirements-fresh')
    assert pushed.run(*run_range, '--from-ref', 'HEAD~2', '--to-ref', 'HEAD').returncode == 0
    proc = pushed.run(*run_range, '--from-ref', 'HEAD~2', '--to-ref', 'HEAD~1')
    assert proc.returncode == 1
    assert 'requirements.in:3: ' in proc.stdout


LAYERED = {
    'django': [('4.2.7', ['sqlparse>=0.3.1']), ('5.0.2', ['sqlparse>=0.3.1'])],
    'sqlparse': ['0.4.4'],
    'rich': ['13.7.0'],
    'pytest': ['8.0.0'],
}


def test_layered_requirements_at_commit_and_push(sandbox: Sandbox, tmp_path: Path) -> None:
    # the most common pip-tools layout: requirements/base.in and dev.in
    # (-c base.txt), compiled from the root; requirements-compile recompiles
    # at commit, requirements-fresh checks at commit and at push
    from testing.wheels import make_index

    index = make_index(tmp_path, LAYERED)
    pip_compile = str(Path(sys.executable).with_name('pip-compile'))
    write(sandbox.path / 'requirements/base.in', 'django<5\n')
    write(sandbox.path / 'requirements/dev.in', '-c base.txt\ndjango\npytest\n')
    for src in ('requirements/base.in', 'requirements/dev.in'):
        sandbox.ok(pip_compile, '-q', '--no-index', '--find-links', index, '--no-emit-find-links', src)
    config = (sandbox.path / '.pre-commit-config.yaml').read_text()
    # the index is outside the repository: the recorded --find-links is not
    # replayed, the user's own args pass it
    write(sandbox.path / '.pre-commit-config.yaml', config + f'    -   id: requirements-compile\n        args: [--, --no-index, "--find-links={index}"]\n')
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'layered requirements')
    assert 'requirements.txt is fresh....' in out and 'Failed' not in out
    sandbox.ok('git', 'push', '-q', 'origin', 'main')

    # base.in changes: the commit is blocked, naming base's compiled file;
    # requirements-compile recompiles base, then dev, which constrains with it
    write(sandbox.path / 'requirements/base.in', 'django>=5.0\nrich\n')
    sandbox.ok('git', 'add', 'requirements/base.in')
    proc = sandbox.git('commit', '-m', 'django 5')
    assert proc.returncode == 1, proc.stdout
    assert 'requirements/base.in:1: requirement django>=5.0 is pinned at 4.2.7 in requirements/base.txt:' in proc.stdout
    assert 'requirements/base.txt: stale, recompiling with pip-compile:' in proc.stdout
    assert 'requirements/dev.txt: stale, recompiling with pip-compile:' in proc.stdout
    assert proc.stdout.index('requirements/base.txt: stale') < proc.stdout.index('requirements/dev.txt: stale')
    assert sandbox.commits() == 1
    assert 'django==5.0.2' in (sandbox.path / 'requirements/dev.txt').read_text()
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'django 5')
    assert 'Failed' not in out
    sandbox.ok('git', 'push', '-q', 'origin', 'main')

    # a stale commit made without the hooks is blocked at push
    before = sandbox.remote_sha('main')
    with open(sandbox.path / 'requirements/dev.in', 'a') as f:
        f.write('sqlparse<0.4\n')
    sandbox.ok('git', 'commit', '-q', '-a', '--no-verify', '-m', 'stale')
    proc = sandbox.git('push', 'origin', 'main')
    assert proc.returncode != 0
    assert 'requirements/dev.in:4: requirement sqlparse<0.4 is pinned at 0.4.4 in requirements/dev.txt:' in proc.stdout
    assert sandbox.remote_sha('main') == before


def test_no_network_for_requirements_compile_says_so_with_the_ci_hint(sandbox: Sandbox, tmp_path: Path) -> None:
    # pre-commit.ci runs hooks without network: the stale file's compile
    # fails in two lines that say the index cannot be reached and how to
    # skip the hook there; the file is left as it was
    import socket

    from testing.wheels import make_index

    index = make_index(tmp_path, LAYERED)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(('127.0.0.1', 0))
        url = f'http://127.0.0.1:{s.getsockname()[1]}/simple'
    env = {k: v for k, v in sandbox.env.items() if not k.startswith(('PIP_', 'UV_'))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_RETRIES='1')  # pip says why only when it retries
    box = Sandbox(sandbox.path, env)
    pip_compile = str(Path(sys.executable).with_name('pip-compile'))
    write(box.path / 'requirements.in', 'django<5\n')
    box.ok(pip_compile, '-q', '--no-index', '--find-links', index, '--no-emit-find-links', 'requirements.in')
    config = (box.path / '.pre-commit-config.yaml').read_text()
    write(box.path / '.pre-commit-config.yaml', config + f'    -   id: requirements-compile\n        args: [--, --index-url, "{url}"]\n')
    box.ok('git', 'add', '-A')
    box.ok('git', 'commit', '-m', 'pinned')

    with open(box.path / 'requirements.in', 'a') as f:
        f.write('rich\n')
    before = (box.path / 'requirements.txt').read_bytes()
    box.ok('git', 'add', 'requirements.in')
    proc = box.git('commit', '-m', 'rich')
    assert proc.returncode == 1, proc.stdout
    lines = proc.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if 'the package index cannot be reached' in line)
    assert lines[at] == f'requirements.txt:1: the package index cannot be reached ({url}/django/: Connection refused); left as it was', proc.stdout
    assert lines[at + 1] == '  hint: on pre-commit.ci, which runs hooks without network, add to .pre-commit-config.yaml: ci: skip: [requirements-compile]'
    assert 'Traceback' not in proc.stdout
    assert (box.path / 'requirements.txt').read_bytes() == before
    assert box.commits() == 1

def test_a_pylock_toml_at_commit(sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pylock.toml written by the real ``uv pip compile -o pylock.toml``:
    its commit passes; a requirement it does not lock blocks the next."""
    from testing.locks import uv_pip_compile
    from testing.locks import wheel_index

    uv_pip_compile(sandbox.path, wheel_index(tmp_path, monkeypatch))
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'locked')
    assert 'requirements.txt is fresh....' in out and 'Failed' not in out
    edit(sandbox.path / 'requirements.in', 'django\n', 'django\nrequests\n')
    sandbox.ok('git', 'add', '-A')
    proc = sandbox.git('commit', '-m', 'requests')
    assert proc.returncode == 1, proc.stdout
    assert 'requirements.in:2: requirement requests is not pinned in pylock.toml\n' in proc.stdout
    assert sandbox.commits() == 1

def test_a_bot_updates_pyproject_and_uv_lock_and_leaves_the_export_behind(sandbox: Sandbox, tmp_path: Path) -> None:
    # Renovate/Dependabot commit pyproject.toml and uv.lock together; the
    # requirements.txt exported for Docker is left behind: the commit is
    # blocked, naming the package, and the fix line is the recorded export
    from testing.wheels import isolated_env
    from testing.wheels import make_index
    from testing.wheels import program

    index = make_index(tmp_path, LAYERED)
    env = {**sandbox.env, **{k: v for k, v in isolated_env(tmp_path / 'cache').items() if v is not None}}

    def uv(*args: str) -> None:
        ok(sandbox.path, program('uv'), *args, '-q', '--no-index', '--find-links', index, env=env)

    write(sandbox.path / 'pyproject.toml', '[project]\nname = "web"\nversion = "1.0"\nrequires-python = ">=3.10"\ndependencies = ["django<5"]\n')
    uv('lock')
    uv('export', '--no-dev', '-o', 'requirements.txt')
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'a uv project exported for Docker')
    assert 'requirements.txt is fresh....' in out and 'Failed' not in out

    edit(sandbox.path / 'pyproject.toml', 'django<5', 'django>=5')
    uv('lock')
    sandbox.ok('git', 'add', 'pyproject.toml', 'uv.lock')
    proc = sandbox.git('commit', '-m', 'chore(deps): update django to v5')
    assert proc.returncode == 1, proc.stdout
    line = next(n for n, text in enumerate((sandbox.path / 'requirements.txt').read_text().splitlines(), 1) if text.startswith('django=='))
    assert f'requirements.txt:{line}: django is pinned at 4.2.7, but uv.lock locks 5.0.2' in proc.stdout
    assert f'  fix: uv export --no-dev -o requirements.txt --no-index --find-links {index}' in proc.stdout
    assert sandbox.commits() == 1
    uv('export', '--no-dev', '-o', 'requirements.txt')
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'chore(deps): update django to v5')
    assert 'Failed' not in out

# --- fix lines, run as printed where the user stands (README.md, "Fix lines") ---

FIXABLE = {'six': ['1.16.0'], 'idna': ['3.6'], 'requests': [('2.31.0', ['idna'])]}


def _user_shell(sandbox: Sandbox, tmp_path: Path, packages: dict[str, object] = FIXABLE) -> dict[str, str]:
    """The wheel folder of ``packages`` inside the repository, and the
    user's shell environment, set on ``sandbox``: this venv's compilers and
    pre-commit on PATH, pip and uv kept offline."""
    from testing.wheels import isolated_env
    from testing.wheels import make_index

    make_index(sandbox.path, packages)
    env = dict(sandbox.env)
    for k, v in isolated_env(tmp_path / 'cache').items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    env['PATH'] = f'{Path(sys.executable).parent}{os.pathsep}{env["PATH"]}'
    sandbox.env = env
    return env


def _compiled_project(sandbox: Sandbox, tmp_path: Path, command: Sequence[str], tool: str) -> tuple[dict[str, str], str]:
    """A project compiled by the real ``command`` (pip-compile or uv)
    against a wheel folder inside the repository, committed through the
    hooks.  Returns the user's shell environment (this venv's compilers and
    pre-commit on PATH, pip kept offline) and the recorded command."""
    env = _user_shell(sandbox, tmp_path)
    write(sandbox.path / 'requirements.in', 'six\n')
    sandbox.ok(*command)
    recorded = next(
        line[1:].strip() for line in (sandbox.path / 'requirements.txt').read_text().splitlines()
        if line[1:].strip().startswith(f'{tool} ')
    )
    sandbox.ok('git', 'add', '-A')
    assert 'Failed' not in sandbox.ok('git', 'commit', '-m', 'pinned')
    return env, recorded


def _plain_project(sandbox: Sandbox, tmp_path: Path) -> tuple[dict[str, str], str]:
    """A plain pip-tools project (see _compiled_project)."""
    command = ('pip-compile', '-q', '--no-index', '--find-links', 'wheels', '--no-emit-find-links', 'requirements.in')
    return _compiled_project(sandbox, tmp_path, command, 'pip-compile')


def _blocked(sandbox: Sandbox, before: int = 0) -> list[str]:
    """Add a requirement and commit: blocked; the lines the user sees
    (from ``before`` lines above the finding of the new requirement)."""
    write(sandbox.path / 'requirements.in', 'six\nrequests\n')
    sandbox.ok('git', 'add', 'requirements.in')
    proc = sandbox.git('commit', '-m', 'requests')
    assert proc.returncode == 1, proc.stdout
    assert sandbox.commits() == 1
    lines = proc.stdout.splitlines()
    start = lines.index('requirements.in:2: requirement requests is not pinned in requirements.txt')
    return lines[start - before:start + 3]


def _fix_and_commit(sandbox: Sandbox, fix: str) -> None:
    """Run the fix line as printed, by a shell, where the user stands (the
    repository root); then add what it wrote: the next commit passes."""
    commits = sandbox.commits()
    sandbox.run('bash', '-c', fix)
    assert 'requests==2.31.0' in (sandbox.path / 'requirements.txt').read_text()
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'requests')
    assert 'requirements.txt is fresh....' in out and 'Failed' not in out
    assert sandbox.commits() == commits + 1


def test_the_recorded_command_fixes_a_stale_plain_project(sandbox: Sandbox, tmp_path: Path) -> None:
    # requirements-compile is not configured: the fix line is the command
    # the header records, and no console script the user does not have
    _, recorded = _plain_project(sandbox, tmp_path)
    assert recorded == 'pip-compile --find-links=wheels --no-emit-find-links --no-index requirements.in'
    lines = _blocked(sandbox)
    assert lines[1:] == [f'  fix: {recorded}', '']
    _fix_and_commit(sandbox, recorded)


def test_pre_commit_run_fixes_it_where_requirements_compile_is_configured(sandbox: Sandbox, tmp_path: Path) -> None:
    # requirements-compile at the manual stage only: the fix line runs it
    # through pre-commit, the recorded command is the alternative
    _, recorded = _plain_project(sandbox, tmp_path)
    config = sandbox.path / '.pre-commit-config.yaml'
    write(config, config.read_text() + '    -   id: requirements-compile\n        stages: [manual]\n')
    sandbox.ok('git', 'add', '.pre-commit-config.yaml')
    sandbox.ok('git', 'commit', '-m', 'requirements-compile by hand')
    write(sandbox.path / 'requirements.in', 'six\nrequests\n')
    sandbox.ok('git', 'add', 'requirements.in')
    proc = sandbox.git('commit', '-m', 'requests')
    assert proc.returncode == 1, proc.stdout
    lines = proc.stdout.splitlines()
    start = lines.index('requirements.in:2: requirement requests is not pinned in requirements.txt')
    fix = 'pre-commit run requirements-compile --all-files --hook-stage manual'
    assert lines[start + 1:start + 3] == [f'  fix: {fix}', f'   or: {recorded}']
    assert sandbox.commits() == 2
    _fix_and_commit(sandbox, fix)


def test_rule8_fix_compiles_in_the_dockerfile_image(sandbox: Sandbox, tmp_path: Path) -> None:
    # pins compiled on another Python than the image's: the fix line
    # compiles in the image.  Docker does not run here: the text is
    # asserted, and its inner compile run by this Python (the image's,
    # 3.X) writes what the image would -- the next commit passes.
    _, recorded = _plain_project(sandbox, tmp_path)
    python = f'{sys.version_info[0]}.{sys.version_info[1]}'
    other = f'{sys.version_info[0]}.{sys.version_info[1] - 1}'
    txt = sandbox.path / 'requirements.txt'
    txt.write_text(txt.read_text().replace(f'with Python {python}', f'with Python {other}'))
    write(sandbox.path / 'Dockerfile', f'FROM python:{python}-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n')
    sandbox.ok('git', 'add', '-A')
    lines = _blocked(sandbox, before=1)
    inner = f'pip install --quiet pip-tools && {recorded}'
    fix = f'docker run --rm -v "$PWD":/src -w /src python:{python}-slim sh -c \'{inner}\''
    assert lines == [
        f'requirements.txt:2: compiled for Python {other}, but Dockerfile:1 builds on Python {python}',
        'requirements.in:2: requirement requests is not pinned in requirements.txt',
        f'  fix: {fix}',
        '',
    ]
    words = shlex.split(fix)
    assert words[words.index('sh'):] == ['sh', '-c', inner]
    _fix_and_commit(sandbox, inner.split(' && ', 1)[1])


# --- compiler failures, the recorded command, an inferred compiler (issue 19.5-7) ---

def _configure_compile(sandbox: Sandbox, *lines: str) -> None:
    """Add requirements-compile to the sandbox's config (with ``lines``
    under it: args, stages, additional_dependencies) and commit that."""
    config = sandbox.path / '.pre-commit-config.yaml'
    write(config, config.read_text() + '    -   id: requirements-compile\n' + ''.join(f'        {line}\n' for line in lines))
    sandbox.ok('git', 'add', '.pre-commit-config.yaml')
    assert 'Failed' not in sandbox.ok('git', 'commit', '-m', 'requirements-compile')


def _hook_output(out: str, hook: str) -> list[str]:
    """The lines pre-commit shows under ``hook``'s status line, after its
    ``- hook id`` / ``- exit code`` / ``- files were modified`` lines."""
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line == f'- hook id: {hook}') + 1
    while start < len(lines) and (lines[start].startswith('- ') or not lines[start]):
        start += 1
    end = start
    while end < len(lines) and not lines[end].endswith(('Passed', 'Failed', 'Skipped')):
        end += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def _uv_project(sandbox: Sandbox, tmp_path: Path, *command: str) -> tuple[dict[str, str], str]:
    """As _plain_project, compiled by the real ``uv pip compile``: the
    user's shell environment and the recorded command."""
    default = ('uv', 'pip', 'compile', '-q', 'requirements.in', '-o', 'requirements.txt', '--no-index', '--find-links', 'wheels')
    return _compiled_project(sandbox, tmp_path, command or default, 'uv')


# the compiler's own error line for `requests>=99` (one line; uv's error
# with its cause in parentheses)
OWN_ERROR = {
    'pip-compile': '  | ERROR: Could not find a version that satisfies the requirement requests>=99 (from versions: 2.31.0)',
    'uv': '  | error: No solution found when resolving dependencies (Because only requests',
}


@pytest.mark.parametrize('compiler', ('pip-compile', 'uv'))
def test_a_compiler_failure_is_its_own_error_line_and_verbose_shows_the_rest(
        sandbox: Sandbox, tmp_path: Path, compiler: str,
) -> None:
    # an unsatisfiable requirement: requirements-compile's part of the
    # commit output is what it compiled and, in two lines, what failed and
    # the compiler's own error line, no traceback; with --verbose in the
    # hook's args, the compiler's whole output
    if compiler == 'uv':
        # uv's header leaves out where packages come from: the user says it
        _uv_project(sandbox, tmp_path)
        args = ['--', '--find-links', 'wheels']
        _configure_compile(sandbox, f'args: {args}'.replace("'", ''), 'additional_dependencies: [uv]')
    else:
        _plain_project(sandbox, tmp_path)
        args = []
        _configure_compile(sandbox)
    before = (sandbox.path / 'requirements.txt').read_bytes()
    write(sandbox.path / 'requirements.in', 'six\nrequests>=99\n')
    sandbox.ok('git', 'add', 'requirements.in')
    proc = sandbox.git('commit', '-m', 'requests 99')
    assert proc.returncode == 1, proc.stdout
    assert 'Traceback' not in proc.stdout
    shown = _hook_output(proc.stdout, 'requirements-compile')
    assert shown[:3] == [
        f'requirements.txt: stale, recompiling with {compiler}:',
        '  requirements.in:2: requirement requests is not pinned in requirements.txt',
        f'requirements.txt:1: {compiler} failed (exit code 1); left as it was',
    ], proc.stdout
    (error,) = shown[3:]
    assert error.startswith(OWN_ERROR[compiler]) and 'requests>=99' in error, proc.stdout
    assert (sandbox.path / 'requirements.txt').read_bytes() == before
    assert sandbox.commits() == 2

    config = sandbox.path / '.pre-commit-config.yaml'
    verbose = f'args: {["--verbose", *args]}'.replace("'", '')
    write(config, config.read_text().replace(f'args: {args}'.replace("'", '') if args else 'id: requirements-compile\n', verbose if args else f'id: requirements-compile\n        {verbose}\n'))
    sandbox.ok('git', 'add', '.pre-commit-config.yaml')
    proc = sandbox.git('commit', '-m', 'requests 99')
    assert proc.returncode == 1, proc.stdout
    whole = _hook_output(proc.stdout, 'requirements-compile')
    assert whole[:3] == shown[:3]
    # the whole output, as the compiler printed it (uv: its error and its
    # cause on two lines; pip: its log and traceback), more than one line
    assert len(whole) > len(shown) and all(line.startswith('  |') for line in whole[3:]), proc.stdout
    assert any('requests>=99' in line for line in whole[3:])
    assert (sandbox.path / 'requirements.txt').read_bytes() == before
    assert sandbox.commits() == 2


def _fingerprint_dropped(data: bytes) -> bytes:
    return b''.join(line for line in data.splitlines(keepends=True) if not line.startswith(b'# aldryn-pins:'))


def _header(data: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    return b''.join(lines[:next(n for n, line in enumerate(lines) if not line.startswith(b'#'))])


# hand compiles with -o and sources out of alphabetical order (b.in a.in)
HAND = {
    'pip-compile': ('pip-compile', '-q', '-o', 'requirements.txt', '--no-index', '--find-links', 'wheels', '--no-emit-find-links', 'b.in', 'a.in'),
    'uv': ('uv', 'pip', 'compile', '-q', 'b.in', 'a.in', '-o', 'out.txt', '--no-index', '--find-links', 'wheels'),
}


@pytest.mark.parametrize('compiler', ('pip-compile', 'uv'))
def test_the_hook_keeps_the_recorded_command_as_a_hand_compile_writes_it(
        sandbox: Sandbox, tmp_path: Path, compiler: str,
) -> None:
    # a file compiled by hand (-o, b.in before a.in), made stale;
    # requirements-compile at the manual stage, run as the printed fix
    # says, recompiles it: the header is byte for byte what a hand compile
    # of the same inputs writes (the file too, but for the fingerprint
    # line); a hand compile after it does not make the hook rewrite the
    # file again, and the next commit passes
    _user_shell(sandbox, tmp_path)
    hand = HAND[compiler]
    output = sandbox.path / hand[hand.index('-o') + 1]
    write(sandbox.path / 'a.in', 'six\n')
    write(sandbox.path / 'b.in', 'idna\n')
    sandbox.ok(*hand)
    recorded = _header(output.read_bytes())
    if compiler == 'uv':  # uv records the command as typed
        assert b'#    uv pip compile b.in a.in -o out.txt --no-index\n' in recorded, recorded
    else:  # pip-compile records it in its own spelling, whatever was typed
        assert b'--output-file=requirements.txt a.in b.in\n' in recorded, recorded
    if compiler == 'uv':  # uv's header leaves out where packages come from
        _configure_compile(sandbox, 'stages: [manual]', 'args: [--, --find-links, wheels]', 'additional_dependencies: [uv]')
    else:
        _configure_compile(sandbox, 'stages: [manual]')
    sandbox.ok('git', 'add', '-A')
    assert 'Failed' not in sandbox.ok('git', 'commit', '-m', 'compiled by hand')

    write(sandbox.path / 'a.in', 'six\nrequests\n')
    sandbox.ok('git', 'add', 'a.in')
    proc = sandbox.git('commit', '-m', 'requests')
    assert proc.returncode == 1, proc.stdout
    fix = 'pre-commit run requirements-compile --all-files --hook-stage manual'
    assert f'  fix: {fix}' in proc.stdout.splitlines(), proc.stdout
    sandbox.run('bash', '-c', fix)
    by_hook = output.read_bytes()
    assert b'requests==2.31.0' in by_hook
    assert _header(_fingerprint_dropped(by_hook)) == recorded  # kept as written

    sandbox.ok(*hand)  # the same inputs, by hand
    assert _header(output.read_bytes()) == _header(_fingerprint_dropped(by_hook))
    assert output.read_bytes() == _fingerprint_dropped(by_hook)
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'requests')
    assert 'Failed' not in out
    # no churn: the hook has nothing to rewrite after the hand compile
    by_hand = output.read_bytes()
    out = sandbox.ok(*shlex.split(fix))
    assert 'recompile requirements.txt when stale' in out and 'Passed' in out, out
    assert output.read_bytes() == by_hand
    assert sandbox.ok('git', 'status', '--porcelain') == ''


def test_a_header_less_no_dev_export_is_fixed_with_its_own_options(sandbox: Sandbox, tmp_path: Path) -> None:
    # `uv export --no-header --no-dev`, the wheels configured in
    # pyproject.toml as a user keeps them: a dev dependency added since is
    # none of its business (the commit passes); a project dependency added
    # blocks the commit, and the fix line, run as printed, exports with
    # --no-dev again -- not uv's defaults, which would add the dev group
    packages = {**FIXABLE, 'pytest': [('8.0.0', ['iniconfig'])], 'iniconfig': ['2.0.0']}
    env = _user_shell(sandbox, tmp_path, packages)
    env.pop('UV_NO_CONFIG', None)  # the user's uv reads [tool.uv]
    env['XDG_CONFIG_HOME'] = str(tmp_path / 'xdg-config')  # no uv.toml of this machine
    pyproject = sandbox.path / 'pyproject.toml'
    write(pyproject, (
        '[project]\nname = "web"\nversion = "1.0"\nrequires-python = ">=3.10"\ndependencies = ["six"]\n\n'
        '[dependency-groups]\ndev = ["pytest"]\n\n[tool.uv]\nno-index = true\nfind-links = ["wheels"]\n'
    ))
    sandbox.ok('uv', 'lock', '-q')
    sandbox.ok('uv', 'export', '-q', '--no-header', '--no-dev', '-o', 'requirements.txt')
    txt = sandbox.path / 'requirements.txt'
    assert 'six==1.16.0' in txt.read_text() and 'pytest' not in txt.read_text()
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'a uv project exported for Docker')
    assert 'requirements.txt is fresh....' in out and 'Failed' not in out

    edit(pyproject, 'dev = ["pytest"]', 'dev = ["pytest", "idna"]')
    sandbox.ok('uv', 'lock', '-q')
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'idna for the tests')
    assert 'requirements.txt is fresh....' in out and 'Failed' not in out

    edit(pyproject, 'dependencies = ["six"]', 'dependencies = ["six", "requests"]')
    sandbox.ok('uv', 'lock', '-q')
    sandbox.ok('git', 'add', '-A')
    proc = sandbox.git('commit', '-m', 'requests')
    assert proc.returncode == 1, proc.stdout
    assert sandbox.commits() == 2
    hashes = '' if '--hash' in txt.read_text() else ' --no-hashes'
    fix = f'uv export --no-dev --no-header{hashes} -o requirements.txt'
    lines = _hook_output(proc.stdout, 'requirements-fresh')
    assert [line.split(': ', 1)[1] for line in lines if line.startswith('uv.lock:')] == [
        'idna 3.6 is locked but not pinned in requirements.txt',
        'requests 2.31.0 is locked but not pinned in requirements.txt',
    ]
    assert lines[-2:] == [
        f'  fix: {fix}',
        '  hint: no header records how it was exported: judged as the options its pins match best (--no-dev); '
        'export it without --no-header to have its own options judged',
    ]
    sandbox.run('bash', '-c', fix)
    text = txt.read_text()
    assert 'requests==2.31.0' in text and 'idna==3.6' in text and 'pytest' not in text
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'requests')
    assert 'requirements.txt is fresh....' in out and 'Failed' not in out
    assert sandbox.commits() == 3


def test_a_header_that_records_uv_without_uv_in_the_hook_says_where_that_came_from(sandbox: Sandbox, tmp_path: Path) -> None:
    # the user never passed --compiler uv: the header records it.  uv is
    # neither in the hook's environment (language: python, no
    # additional_dependencies) nor on the user's PATH: the message says the
    # header records uv and what to add; once added, the next run compiles
    # and the commit passes
    env, _ = _uv_project(sandbox, tmp_path)
    sandbox.env = {**env, 'PATH': os.pathsep.join(
        p for p in env['PATH'].split(os.pathsep) if p and os.path.isabs(p) and not os.path.exists(os.path.join(p, 'uv'))
    )}
    _configure_compile(sandbox, 'args: [--, --find-links, wheels]')  # as README's uv snippet, without uv
    before = (sandbox.path / 'requirements.txt').read_bytes()
    write(sandbox.path / 'requirements.in', 'six\nrequests\n')
    sandbox.ok('git', 'add', 'requirements.in')
    proc = sandbox.git('commit', '-m', 'requests')
    assert proc.returncode == 1, proc.stdout
    line = next(n for n, text in enumerate(before.decode().splitlines(), 1) if text.startswith('#    uv pip compile'))
    assert _hook_output(proc.stdout, 'requirements-compile') == [
        f"requirements.txt:{line}: the header of requirements.txt records uv pip compile; uv is not in the hook's environment "
        '(not beside its Python nor on an absolute PATH entry): add additional_dependencies: [uv] to the hook in '
        '.pre-commit-config.yaml, or pass --compiler pip-tools',
    ], proc.stdout
    assert (sandbox.path / 'requirements.txt').read_bytes() == before
    assert sandbox.commits() == 2

    # as told: additional_dependencies: [uv]
    config = sandbox.path / '.pre-commit-config.yaml'
    write(config, config.read_text() + '        additional_dependencies: [uv]\n')
    sandbox.ok('git', 'add', '.pre-commit-config.yaml')
    proc = sandbox.git('commit', '-m', 'requests')
    assert proc.returncode == 1, proc.stdout  # rewritten: files were modified
    assert 'requirements.txt: stale, recompiling with uv:' in proc.stdout
    assert 'requests==2.31.0' in (sandbox.path / 'requirements.txt').read_text()
    sandbox.ok('git', 'add', '-A')
    out = sandbox.ok('git', 'commit', '-m', 'requests')
    assert 'Failed' not in out
    assert sandbox.commits() == 3


def test_what_no_command_fixes_is_a_hint_never_a_fix_line(pushed: Sandbox) -> None:
    # a compile step --fix cannot edit safely (inside sh -c): through real
    # pre-commit the finding is followed by a hint in words, and no fix
    # line (a fix line is one command); done by hand as it says, the next
    # commit passes
    dockerfile = pushed.path / 'Dockerfile'
    before = dockerfile.read_text()
    edit(dockerfile, COMPILE, "RUN sh -c 'pip-reqs compile' && pip-reqs resolve && \\")
    pushed.ok('git', 'add', 'Dockerfile')
    proc = pushed.git('commit', '-m', 'compile in the build')
    assert proc.returncode == 1, proc.stdout
    line = next(n for n, text in enumerate(dockerfile.read_text().splitlines(), 1) if 'sh -c' in text)
    assert _hook_output(proc.stdout, 'dockerfile-requirements') == [
        f'Dockerfile:{line}: `pip-reqs compile` recompiles the requirements during the build, '
        'so the build throws the pinned requirements.txt away',
        '  hint: remove `pip-reqs compile` from this RUN by hand (--fix cannot edit it safely)',
    ], proc.stdout
    assert pushed.commits() == 1
    write(dockerfile, before)  # by hand, as the hint says
    pushed.ok('git', 'add', 'Dockerfile')
    assert pushed.ok('git', 'status', '--porcelain') == ''
    write(pushed.path / 'README', 'hello\n')
    pushed.ok('git', 'add', 'README')
    assert 'Failed' not in pushed.ok('git', 'commit', '-m', 'a readme')
