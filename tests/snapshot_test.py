from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from hooks.report import BadInput
from hooks.snapshot import find_root
from hooks.snapshot import Snapshot
from hooks.sources import open_snapshot
from testing.project import commit_all
from testing.project import git
from testing.project import init_repo
from testing.project import write


def _bad(source: str, start: str = '.') -> str:
    with pytest.raises(BadInput) as excinfo:
        open_snapshot(source, start)
    return str(excinfo.value)


def _read(source: str, path: str, start: str = '.') -> bytes | None:
    with open_snapshot(source, start) as snapshot:
        return snapshot.read(path)


def _files(source: str, start: str = '.') -> list[str]:
    with open_snapshot(source, start) as snapshot:
        return sorted(snapshot.files())


@pytest.fixture
def history(repo: Path) -> Path:
    """Two commits, a staged change and an unstaged one on top."""
    write(repo / 'requirements.in', 'django==4.2.1\n')
    commit_all(repo, 'one')
    write(repo / 'requirements.in', 'django==4.2.7\n')
    write(repo / 'sub' / 'requirements.in', 'requests\n')
    commit_all(repo, 'two')
    write(repo / 'requirements.in', 'django==5.0\n')
    git(repo, 'add', 'requirements.in')
    write(repo / 'requirements.in', 'django==5.1\n')
    write(repo / 'requirements.txt', 'django==5.1\n')  # never added
    return repo


# --- the working tree --------------------------------------------------------

def test_worktree_reads_the_disk(history: Path) -> None:
    assert _read('worktree', 'requirements.in') == b'django==5.1\n'
    assert _read('worktree', 'requirements.txt') == b'django==5.1\n'
    assert _files('worktree') == ['requirements.in', 'requirements.txt', 'sub/requirements.in']


def test_worktree_outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    monkeypatch.delenv('PRE_COMMIT_TO_REF', raising=False)
    write(tmp_path / 'requirements.in', 'django\n')
    with open_snapshot('auto', str(tmp_path)) as snapshot:
        assert (snapshot.kind, snapshot.is_git) == ('worktree', False)
        assert snapshot.read('requirements.in') == b'django\n'


def test_worktree_skips_nested_repositories(repo: Path) -> None:
    write(repo / 'requirements.in', '')
    init_repo(repo / 'clone')
    write(repo / 'clone' / 'requirements.in', '')
    assert _files('worktree') == ['requirements.in']


def test_worktree_refuses_a_fifo(repo: Path) -> None:
    os.mkfifo(repo / 'requirements.txt')
    assert _bad_read('worktree', 'requirements.txt') == 'requirements.txt:1: is not a regular file'


# --- the index -----------------------------------------------------------------

def test_index_reads_what_is_staged(history: Path) -> None:
    with open_snapshot('index') as snapshot:
        assert snapshot.kind == 'index'
        assert snapshot.read('requirements.in') == b'django==5.0\n'
        # on disk, never added: not in the commit, so not there for the check
        assert snapshot.read('requirements.txt') is None
        assert not snapshot.exists('requirements.txt')
        assert snapshot.exists('sub/requirements.in')
        assert sorted(snapshot.files()) == ['requirements.in', 'sub/requirements.in']


def test_index_reads_unchanged_files_from_disk_without_git_cat_file(history: Path) -> None:
    with open_snapshot('index') as snapshot:
        assert snapshot.read('sub/requirements.in') == b'requests\n'
        assert snapshot.cat_file.process is None


def test_index_closes_git_cat_file(history: Path) -> None:
    with open_snapshot('index') as snapshot:
        assert snapshot.read('requirements.in') == b'django==5.0\n'  # not the disk's
        batch = snapshot.cat_file.process
        assert batch is not None
    assert batch.returncode == 0


def test_index_removed_file_is_gone(history: Path) -> None:
    git(history, 'rm', '-q', '--cached', 'sub/requirements.in')
    assert _read('index', 'sub/requirements.in') is None
    assert (history / 'sub' / 'requirements.in').exists()


def test_index_file_missing_on_disk_is_read_from_git(history: Path) -> None:
    (history / 'sub' / 'requirements.in').unlink()
    assert _read('index', 'sub/requirements.in') == b'requests\n'


def test_index_keeps_committed_line_endings(repo: Path) -> None:
    git(repo, 'config', 'core.autocrlf', 'true')
    write(repo / 'requirements.in', 'django\r\nrequests\r\n')
    git(repo, 'add', 'requirements.in')
    assert _read('index', 'requirements.in') == b'django\nrequests\n'
    assert _read('worktree', 'requirements.in') == b'django\r\nrequests\r\n'


@pytest.mark.parametrize('how', ('absolute', 'relative', 'relative-from-subfolder'))
def test_index_honours_git_index_file(history: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    # what git does for `git commit -a`: a temporary index with everything
    env = dict(os.environ, GIT_INDEX_FILE=str(history / '.git' / 'next-index.lock'))
    subprocess.run(('git', 'read-tree', 'HEAD'), cwd=history, env=env, check=True)
    subprocess.run(('git', 'add', '-u'), cwd=history, env=env, check=True)
    if how == 'absolute':
        monkeypatch.setenv('GIT_INDEX_FILE', str(history / '.git' / 'next-index.lock'))
    else:
        monkeypatch.setenv('GIT_INDEX_FILE', '.git/next-index.lock')
    if how == 'relative-from-subfolder':
        monkeypatch.chdir(history / 'sub')
    assert _read('index', 'requirements.in') == b'django==5.1\n'
    assert _read('index', 'requirements.txt') is None


def test_index_of_an_empty_repository(repo: Path) -> None:
    write(repo / 'requirements.in', 'django\n')
    git(repo, 'add', 'requirements.in')
    assert _read('index', 'requirements.in') == b'django\n'
    assert _files('index') == ['requirements.in']


def test_index_with_a_merge_conflict(repo: Path) -> None:
    write(repo / 'requirements.in', 'django==1\n')
    commit_all(repo)
    git(repo, 'checkout', '-q', '-b', 'other')
    write(repo / 'requirements.in', 'django==2\n')
    commit_all(repo)
    git(repo, 'checkout', '-q', 'main')
    write(repo / 'requirements.in', 'django==3\n')
    commit_all(repo)
    subprocess.run(('git', 'merge', '-q', 'other'), cwd=repo, capture_output=True)
    assert _bad_read('index', 'requirements.in') == (
        'requirements.in:1: has unresolved merge conflicts'
    )


# --- a commit --------------------------------------------------------------------

@pytest.mark.parametrize(('rev', 'expected'), (
    ('HEAD', b'django==4.2.7\n'),
    ('HEAD~1', b'django==4.2.1\n'),
    ('main~1', b'django==4.2.1\n'),
    ('v1', b'django==4.2.1\n'),
    ('main', b'django==4.2.7\n'),
))
def test_commit_by_name(history: Path, rev: str, expected: bytes) -> None:
    git(history, 'tag', 'v1', 'HEAD~1')
    with open_snapshot(rev) as snapshot:
        assert snapshot.kind == 'commit'
        assert snapshot.read('requirements.in') == expected
        assert snapshot.read('requirements.txt') is None


def test_commit_by_sha_ignores_the_working_tree(history: Path) -> None:
    sha = git(history, 'rev-parse', 'HEAD~1').strip()
    assert _files(sha) == ['requirements.in']
    assert _read(sha, 'sub/requirements.in') is None
    assert _read(sha[:10], 'requirements.in') == b'django==4.2.1\n'


def test_commit_unknown_revision(history: Path) -> None:
    assert _bad('nope') == '.:1: --source nope: unknown revision'
    assert _bad('HEAD~7') == '.:1: --source HEAD~7: unknown revision'
    assert _bad('--all') == '.:1: --source --all: not a revision'


def test_commit_in_an_empty_repository(repo: Path) -> None:
    assert _bad('HEAD') == '.:1: --source HEAD: unknown revision: the repository has no commits yet'


def test_commit_all_zero_sha_is_a_deletion_with_nothing_to_check(history: Path) -> None:
    with open_snapshot('0' * 40) as snapshot:
        assert snapshot.deleted
        assert snapshot.files() == []
        assert snapshot.read('requirements.in') is None
    with open_snapshot('HEAD') as snapshot:
        assert not snapshot.deleted


def test_commit_detached_head(history: Path) -> None:
    git(history, 'checkout', '-q', '-f', '--detach', 'HEAD~1')
    assert _read('HEAD', 'requirements.in') == b'django==4.2.1\n'
    assert _read('main', 'requirements.in') == b'django==4.2.7\n'


def test_commit_shallow_clone(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / 'shallow'
    git(tmp_path, 'clone', '-q', '--depth', '1', f'file://{history}', str(clone))
    assert _read('HEAD', 'requirements.in', str(clone)) == b'django==4.2.7\n'
    assert _bad('HEAD~1', str(clone)) == (
        '.:1: --source HEAD~1: unknown revision; this is a shallow clone, its '
        'history may stop before it (`git fetch --unshallow`)'
    )


def test_missing_object_is_named(history: Path) -> None:
    sha = git(history, 'rev-parse', 'HEAD~1:requirements.in').strip()
    (history / '.git' / 'objects' / sha[:2] / sha[2:]).unlink()
    assert _bad_read('HEAD~1', 'requirements.in') == (
        f'requirements.in:1: git object {sha[:12]} is missing from commit HEAD~1 '
        f'(a shallow or partial clone? `git fetch` it)'
    )


def test_commit_is_read_from_git_not_the_disk(history: Path) -> None:
    with open_snapshot('HEAD') as snapshot:
        # the disk holds other bytes for requirements.in, the same for sub/
        assert snapshot.read('sub/requirements.in') == b'requests\n'
        assert snapshot.cat_file.process is None  # the disk's bytes hashed to the blob
        assert snapshot.read('requirements.in') == b'django==4.2.7\n'
        assert snapshot.cat_file.process is not None  # git cat-file's
    assert snapshot.cat_file.process is None


def test_commit_closes_git_cat_file(history: Path) -> None:
    with open_snapshot(git(history, 'rev-parse', '--short', 'HEAD~1').strip()) as snapshot:
        assert snapshot.read('requirements.in') == b'django==4.2.1\n'
        batch = snapshot.cat_file.process
        assert batch is not None and batch.poll() is None
    assert batch.returncode == 0


def test_commit_names_of_the_whole_revision_syntax(history: Path) -> None:
    # a local upstream and reflog dates: git rev-parse knows them
    git(history, 'branch', '-q', 'old', 'HEAD~1')
    git(history, 'branch', '-q', '--set-upstream-to=old')
    assert _read('@{upstream}', 'requirements.in') == b'django==4.2.1\n'
    assert _read('HEAD@{now}', 'requirements.in') == b'django==4.2.7\n'


def test_commit_that_is_a_tree(history: Path) -> None:
    assert _bad('HEAD^{tree}') == '.:1: --source HEAD^{tree}: not a commit: it names a tree'


def test_commit_missing_tree_is_named(history: Path) -> None:
    sha = git(history, 'rev-parse', 'HEAD:sub').strip()
    (history / '.git' / 'objects' / sha[:2] / sha[2:]).unlink()
    assert _bad('HEAD') == (
        f'.:1: --source HEAD: git object {sha[:12]} is missing from commit HEAD '
        f'(a shallow or partial clone? `git fetch` it)'
    )


def test_commit_with_a_broken_git_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('GIT_DIR', raising=False)
    write(tmp_path / '.git', 'not a gitfile\n')
    assert _bad('HEAD', str(tmp_path)) == f'.:1: --source HEAD: {tmp_path} is not in a git repository'


GIT_IMPORTED = """\
import sys
from hooks.sources import open_snapshot
with open_snapshot(sys.argv[1]) as snapshot:
    for path in snapshot.files():
        snapshot.read(path)
print('git' in sys.modules, 'gitdb' in sys.modules)
"""


@pytest.mark.parametrize(('source', 'imported'), (
    ('worktree', False),
    ('index', False),
    ('0' * 40, False),  # a deletion pushed: no git needed
    ('HEAD', False),  # git's CLI, as every kind
))
def test_no_kind_imports_gitpython(history: Path, source: str, imported: bool) -> None:
    import sys

    proc = subprocess.run(
        (sys.executable, '-c', GIT_IMPORTED, source),
        capture_output=True, text=True, check=True,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1])),
    )
    assert proc.stdout.split() == [str(imported)] * 2


# --- not a git repository -------------------------------------------------------

@pytest.mark.parametrize('source', ('index', 'HEAD'))
def test_git_kinds_outside_git(tmp_path: Path, source: str) -> None:
    assert _bad(source, str(tmp_path)) == (
        f'.:1: --source {source}: {tmp_path} is not in a git repository'
    )


# --- worktrees and submodules ---------------------------------------------------

def test_linked_worktree(history: Path, tmp_path: Path) -> None:
    linked = tmp_path / 'linked'
    git(history, 'worktree', 'add', '-q', '-b', 'feature', str(linked), 'HEAD~1')
    assert (linked / '.git').is_file()
    write(linked / 'requirements.in', 'django==9\n')
    git(linked, 'add', 'requirements.in')
    write(linked / 'requirements.in', 'django==10\n')
    assert find_root(str(linked)) == (str(linked), True)
    assert _read('index', 'requirements.in', str(linked)) == b'django==9\n'
    assert _read('HEAD', 'requirements.in', str(linked)) == b'django==4.2.1\n'
    assert _read('worktree', 'requirements.in', str(linked)) == b'django==10\n'


@pytest.fixture
def with_submodule(history: Path, tmp_path: Path) -> Path:
    lib = init_repo(tmp_path / 'lib')
    write(lib / 'requirements.in', 'flask\n')
    commit_all(lib)
    git(history, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', str(lib), 'lib')
    return history


@pytest.mark.parametrize('source', ('index', 'worktree', 'HEAD'))
def test_submodule_folder_is_not_part_of_the_snapshot(with_submodule: Path, source: str) -> None:
    commit_all(with_submodule, 'with a submodule')
    with open_snapshot(source) as snapshot:
        assert 'lib/requirements.in' not in snapshot.files()
        assert '.gitmodules' in snapshot.files()
        if source != 'worktree':
            assert 'lib' not in snapshot.files()
            assert snapshot.read('lib/requirements.in') is None
            assert not snapshot.exists('lib')


@pytest.mark.parametrize('source', ('index', 'HEAD'))
def test_submodule_read_as_a_file(with_submodule: Path, source: str) -> None:
    commit_all(with_submodule, 'with a submodule')
    assert _bad_read(source, 'lib') == 'lib:1: is a submodule, expected a file'


def test_inside_a_submodule_its_own_repository_is_read(with_submodule: Path) -> None:
    with open_snapshot('index', str(with_submodule / 'lib')) as snapshot:
        assert snapshot.root == str(with_submodule / 'lib')
        assert snapshot.files() == ['requirements.in']
        assert snapshot.read('requirements.in') == b'flask\n'


# --- paths and symlinks ----------------------------------------------------------

def _bad_read(source: str, path: str, start: str = '.') -> str:
    with open_snapshot(source, start) as snapshot:
        with pytest.raises(BadInput) as excinfo:
            snapshot.read(path)
    return str(excinfo.value)


@pytest.mark.parametrize('source', ('worktree', 'index', 'HEAD'))
@pytest.mark.parametrize('path', ('../secret', '/etc/passwd', 'sub/../../secret'))
def test_paths_leaving_the_repository(history: Path, source: str, path: str) -> None:
    assert _bad_read(source, path) == f'{path}:1: is outside the repository'


@pytest.mark.parametrize('source', ('worktree', 'index', 'HEAD'))
def test_a_folder_is_not_a_file(history: Path, source: str) -> None:
    assert _bad_read(source, 'sub') == 'sub:1: is a folder, expected a file'


@pytest.fixture
def links(repo: Path) -> Path:
    write(repo / 'base' / 'requirements.in', 'django\n')
    os.symlink('base/requirements.in', repo / 'requirements.in')
    os.symlink('base', repo / 'project')
    os.symlink('../../outside', repo / 'base' / 'escape')
    os.symlink('loop', repo / 'loop')
    commit_all(repo)
    return repo


@pytest.mark.parametrize('source', ('worktree', 'index', 'HEAD'))
def test_symlinks_inside_the_repository_are_followed(links: Path, source: str) -> None:
    with open_snapshot(source) as snapshot:
        assert snapshot.read('requirements.in') == b'django\n'
        assert snapshot.read('project/requirements.in') == b'django\n'
        assert snapshot.exists('project/requirements.in')
        assert snapshot.read('project/missing.txt') is None


@pytest.mark.parametrize('source', ('index', 'HEAD'))
def test_symlinks_in_git_are_resolved_in_the_snapshot(links: Path, source: str) -> None:
    # the working tree has moved on; the snapshot's links point at its own files
    (links / 'requirements.in').unlink()
    write(links / 'requirements.in', 'flask\n')
    assert _read(source, 'requirements.in') == b'django\n'


@pytest.mark.parametrize('source', ('worktree', 'index', 'HEAD'))
def test_symlink_leaving_the_repository(links: Path, source: str) -> None:
    message = _bad_read(source, 'base/escape')
    assert message.startswith('base/escape:1: is a symlink that leaves the repository')


@pytest.mark.parametrize('source', ('index', 'HEAD'))
def test_symlink_loop(links: Path, source: str) -> None:
    assert _bad_read(source, 'loop') == 'loop:1: too many levels of symbolic links'


# --- auto --------------------------------------------------------------------------

def test_auto_by_hand_is_the_working_tree(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('PRE_COMMIT', '1')  # pre-commit run --all-files
    with open_snapshot('auto') as snapshot:
        assert type(snapshot) is Snapshot
        assert snapshot.read('requirements.txt') == b'django==5.1\n'


def test_auto_at_commit_is_the_index(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('GIT_INDEX_FILE', '.git/index')  # what git sets for hooks
    with open_snapshot('auto') as snapshot:
        assert snapshot.kind == 'index'
        assert snapshot.read('requirements.in') == b'django==5.0\n'


def test_auto_at_push_is_the_pushed_commit(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sha = git(history, 'rev-parse', 'HEAD~1').strip()
    monkeypatch.setenv('PRE_COMMIT_FROM_REF', sha)
    monkeypatch.setenv('PRE_COMMIT_TO_REF', sha)
    with open_snapshot('auto') as snapshot:
        assert snapshot.kind == 'commit'
        assert snapshot.read('requirements.in') == b'django==4.2.1\n'


def test_auto_pushing_a_deletion(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('PRE_COMMIT_TO_REF', '0' * 40)
    with open_snapshot('auto') as snapshot:
        assert snapshot.deleted and snapshot.files() == []


def test_explicit_source_wins_over_the_environment(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('PRE_COMMIT_TO_REF', 'HEAD~1')
    assert _read('worktree', 'requirements.in') == b'django==5.1\n'
    assert _read('index', 'requirements.in') == b'django==5.0\n'


def test_auto_outside_git_with_git_index_file_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('PRE_COMMIT_TO_REF', raising=False)
    monkeypatch.setenv('GIT_INDEX_FILE', '/nonexistent/index')
    with open_snapshot('auto', str(tmp_path)) as snapshot:
        assert snapshot.kind == 'worktree'


# --- sha-256 repositories ------------------------------------------------------------

def test_sha256_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('GIT_INDEX_FILE', raising=False)
    path = tmp_path / 'sha256'
    path.mkdir()
    proc = subprocess.run(
        ('git', 'init', '-q', '--object-format=sha256'), cwd=path, capture_output=True,
    )
    if proc.returncode:
        pytest.skip('git without sha256 repositories')
    git(path, 'config', 'user.email', 'dev@example.com')
    git(path, 'config', 'user.name', 'Dev')
    write(path / 'requirements.in', 'django\n')
    commit_all(path)
    write(path / 'requirements.in', 'flask\n')
    git(path, 'add', 'requirements.in')
    write(path / 'requirements.in', 'requests\n')
    with open_snapshot('index', str(path)) as snapshot:
        assert snapshot.read('requirements.in') == b'flask\n'
    git(path, 'checkout', '-q', 'requirements.in')
    with open_snapshot('index', str(path)) as snapshot:
        assert snapshot.read('requirements.in') == b'flask\n'
        assert snapshot.cat_file.process is None  # the disk's bytes hashed to the blob
    sha = git(path, 'rev-parse', 'HEAD').strip()
    with open_snapshot(sha, str(path)) as snapshot:
        assert snapshot.label == f'commit {sha[:12]}'
        assert snapshot.read('requirements.in') == b'django\n'
