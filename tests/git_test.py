"""hooks.git: git through its CLI, one path for every kind of snapshot."""
from __future__ import annotations

from pathlib import Path

import pytest

from hooks import git
from hooks.report import BadInput
from testing.project import commit_all
from testing.project import git as run_git
from testing.project import write


def test_run_returns_code_and_output(repo: Path) -> None:
    assert git.run(str(repo), 'rev-parse', '--is-inside-work-tree') == (0, b'true\n', b'')
    code, _, err = git.run(str(repo), 'rev-parse', '--verify', 'nope')
    assert code and git.message(err) == 'Needed a single revision'


def test_message_is_the_first_fatal_or_error_line() -> None:
    assert git.message(b'hint: x\nerror: first\nfatal: second\n') == 'first'
    assert git.message(b'something else\n') == 'something else'
    assert git.message(b'') == 'git failed'


def test_environment_makes_path_variables_absolute(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('GIT_INDEX_FILE', '.git/index')
    env = git.environment(str(repo))
    assert env['GIT_INDEX_FILE'] == str(repo / '.git' / 'index')
    assert env['LC_ALL'] == 'C'


def test_cat_file_reads_blobs_and_names_missing_ones(repo: Path) -> None:
    write(repo / 'a.txt', 'hello\n')
    commit_all(repo)
    oid = run_git(repo, 'rev-parse', 'HEAD:a.txt').strip()
    cat_file = git.CatFile(str(repo), 'commit HEAD')
    try:
        assert cat_file.read('a.txt', oid) == b'hello\n'
        assert cat_file.process is not None
        with pytest.raises(BadInput) as e:
            cat_file.read('b.txt', 'f' * 40)
        assert str(e.value) == (
            f'b.txt:1: git object {"f" * 12} is missing from commit HEAD (a shallow or partial clone? `git fetch` it)'
        )
    finally:
        cat_file.close()
    assert cat_file.process is None


def test_object_hash_is_gits() -> None:
    data = b'hello\n'
    assert git.object_hash('0' * 40)(b'blob %d\0' % len(data) + data).hexdigest() == 'ce013625030ba8dba906f756967f9e9ca394464a'
