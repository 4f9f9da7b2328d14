"""The verdict cache (hooks.verdict_cache): a fresh verdict remembered
outside the repository answers the next check of the same bytes without
the reader; any change to what the verdict read misses."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import hooks
from hooks import check
from hooks import requirements_compile
from hooks import verdict_cache
from hooks.requirements_fresh import main
from hooks.rules import rule5_fingerprint
from testing.project import commit_all
from testing.project import divio_project
from testing.project import edit
from testing.project import git
from testing.project import imported
from testing.project import write

HEAVY = ('packaging', 're', 'json', 'hashlib', 'collections', 'typing', 'hooks.readers.pip_syntax', 'hooks.readers.addons')
PIN_SSO = (
    'aldryn-sso @ https://divio-addons.s3-eu-central-1.amazonaws.com/aldryn-sso/1.6.1/9a7f5e3b-2c4d-4b8e-a1f2-c3d4e5f6a7b8/aldryn-sso-1.6.1.tar.gz#egg=aldryn-sso==1.6.1\n'
    '    # via -r /workspace/requirements.in\n'
)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The outputs the real, uncached check ran for (a spy on
    hooks.check._check: a cache hit adds nothing)."""
    ran: list[str] = []
    real = check._check

    def spy(snapshot, project, *args):  # type: ignore[no-untyped-def]
        ran.append(project.output)
        return real(snapshot, project, *args)

    monkeypatch.setattr(check, '_check', spy)
    return ran


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    assert 'Traceback' not in out + err
    return rc, out.splitlines()


def cache_files(home: Path) -> list[Path]:
    folder = home / 'aldryn-pins'
    return sorted(folder.iterdir()) if folder.is_dir() else []


def entries(home: Path) -> list[str]:
    """The entry lines of the repository's cache file (it must parse)."""
    [path] = cache_files(home)
    data = path.read_bytes()
    parsed = verdict_cache._parse(data, os.getcwd())
    assert parsed is not None, data
    return data.decode().splitlines()[2:]


def test_version_is_pyproject_version() -> None:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    pyproject = tomllib.loads((Path(hooks.__file__).parents[1] / 'pyproject.toml').read_text())
    assert hooks.__version__ == pyproject['project']['version']


def test_a_hit_answers_without_the_reader(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # an unstamped file (pip-reqs output): the first check reads every
    # requirement, the second answers from the cache
    first = imported(divio, 'requirements_fresh', HEAVY)
    assert first.startswith('0 ') and 'packaging' in first and 'hooks.readers.pip_syntax' in first
    assert imported(divio, 'requirements_fresh', HEAVY) == '0 []'
    assert run(capsys) == (0, [])


def test_a_hit_skips_the_check_and_a_stale_verdict_is_never_cached(
        divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str], verdict_cache_home: Path,
) -> None:
    assert run(capsys) == (0, [])
    assert run(capsys) == (0, [])
    assert checks == ['requirements.txt']
    assert len(entries(verdict_cache_home)) == 1
    edit(divio / 'requirements.txt', PIN_SSO, '')
    stale = (1, [
        'requirements.in:4: addon aldryn-sso 1.6.1 is not pinned in requirements.txt',
        '  fix: docker compose run --rm web pip-reqs compile',
        '   or: requirements-compile --project .',
    ])
    assert run(capsys) == stale
    assert run(capsys) == stale
    assert checks == ['requirements.txt'] * 3
    assert len(entries(verdict_cache_home)) == 1  # the fresh one only


def _comment(path: str) -> object:
    return lambda root: write(root / path, (root / path).read_bytes() + b'# a comment\n')


def _add_requirement(path: str) -> object:
    return lambda root: write(root / path, (root / path).read_bytes() + b'flask\n')


def _remove(path: str) -> object:
    return lambda root: (root / path).unlink()


CHANGES = (
    pytest.param(_comment('requirements.txt'), id='requirements.txt, still fresh'),
    pytest.param(lambda root: edit(root / 'requirements.txt', PIN_SSO, ''), id='requirements.txt, a pin removed'),
    pytest.param(_remove('requirements.txt'), id='requirements.txt removed'),
    pytest.param(_comment('requirements.in'), id='requirements.in, still fresh'),
    pytest.param(_add_requirement('requirements.in'), id='requirements.in, a requirement added'),
    pytest.param(_comment('extra.in'), id='-r include, still fresh'),
    pytest.param(_add_requirement('extra.in'), id='-r include, a requirement added'),
    pytest.param(_remove('extra.in'), id='-r include removed'),
    pytest.param(lambda root: write(root / 'addons/flask/addon.json', '{"package-name": "flask"}\n'), id='addon.json added'),
    pytest.param(lambda root: write(root / 'addons/certifi/addon.json', '{"package-name": "certifi"}\n'), id='addon.json added, still fresh'),
    pytest.param(_remove('addons/aldryn-sso/addon.json'), id='addon.json removed'),
    pytest.param(lambda root: edit(root / 'addons/aldryn-sso/addon.json', 'aldryn-sso', 'aldryn-sso2'), id='addon.json changed'),
    pytest.param(_comment('settings.py'), id='settings.py, still fresh'),
    pytest.param(lambda root: edit(root / 'settings.py', "    'aldryn-sso',\n", ''), id='settings.py, an addon uninstalled'),
    pytest.param(lambda root: edit(root / 'settings.py', "    'aldryn-sso',\n", "    'aldryn-sso',\n    'flask',\n"), id='settings.py, an addon installed'),
)


@pytest.mark.parametrize('change', CHANGES)
def test_every_change_to_what_the_verdict_read_misses(
        divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str], change: object,
) -> None:
    write(divio / 'extra.in', 'requests\n')
    edit(divio / 'requirements.in', '# our own requirements\n', '# our own requirements\n-r extra.in\n')
    assert run(capsys) == (0, [])
    assert run(capsys) == (0, [])
    assert len(checks) == 1
    change(divio)  # type: ignore[operator]
    seen = run(capsys)
    assert len(checks) == 2, 'answered from the cache'
    assert seen == run(capsys, '--no-cache')


def test_unrelated_files_still_hit(divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str]) -> None:
    assert run(capsys) == (0, [])
    write(divio / 'README.md', 'not an input\n')
    write(divio / 'docs/addon.json', '{}\n')
    assert run(capsys) == (0, [])
    assert len(checks) == 1


@pytest.mark.parametrize('bump', (
    pytest.param(lambda mp: mp.setattr(verdict_cache, '__version__', '99.0.0'), id='package version'),
    pytest.param(lambda mp: mp.setattr(verdict_cache, 'RULES', verdict_cache.RULES + 1), id='rule version'),
))
def test_another_package_or_rule_version_misses(
        divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str], verdict_cache_home: Path,
        monkeypatch: pytest.MonkeyPatch, bump: object,
) -> None:
    assert run(capsys) == (0, [])
    bump(monkeypatch)  # type: ignore[operator]
    assert run(capsys) == (0, [])
    assert len(checks) == 2
    # the old entries are dropped, not kept beside the new
    [path] = cache_files(verdict_cache_home)
    assert path.read_text().splitlines()[0] == f'{verdict_cache.FORMAT} {verdict_cache.__version__} {verdict_cache.RULES}'
    assert len(entries(verdict_cache_home)) == 1
    assert run(capsys) == (0, [])
    assert len(checks) == 2


def test_the_source_kind_is_part_of_the_key(divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str]) -> None:
    git(divio, 'add', '-A')
    assert run(capsys, '--source', 'worktree') == (0, [])
    assert run(capsys, '--source', 'index') == (0, [])
    assert len(checks) == 2
    commit_all(divio)
    assert run(capsys, '--source', 'HEAD') == (0, [])
    assert len(checks) == 3
    for source in ('worktree', 'index', 'HEAD'):
        assert run(capsys, '--source', source) == (0, [])
    assert len(checks) == 3


def test_the_index_is_read_not_the_working_tree(divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str]) -> None:
    git(divio, 'add', '-A')
    assert run(capsys, '--source', 'index') == (0, [])
    edit(divio / 'requirements.txt', PIN_SSO, '')  # unstaged: the index is still fresh
    assert run(capsys, '--source', 'index') == (0, [])
    assert len(checks) == 1
    git(divio, 'add', '-A')
    assert run(capsys, '--source', 'index')[0] == 1


CORRUPT = (
    pytest.param(lambda data: data[:-1], id='truncated'),
    pytest.param(lambda data: data[:len(data) // 2], id='cut in half'),
    pytest.param(lambda data: b'', id='empty'),
    pytest.param(lambda data: b'\0\xff' * 100, id='binary'),
    pytest.param(lambda data: data.replace(b'\t', b' ', 1), id='no tabs'),
    pytest.param(lambda data: data[:200] + b'zz' + data[202:], id='not hex'),
    pytest.param(lambda data: data.split(b'\n', 1)[1], id='no header'),
    pytest.param(lambda data: data + b'garbage\n', id='a garbage line'),
)


@pytest.mark.parametrize('damage', CORRUPT)
def test_a_damaged_cache_file_is_ignored_and_rewritten(
        divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str], verdict_cache_home: Path, damage: object,
) -> None:
    assert run(capsys) == (0, [])
    [path] = cache_files(verdict_cache_home)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert run(capsys) == (0, [])
    assert len(checks) == 2
    assert len(entries(verdict_cache_home)) == 1
    assert run(capsys) == (0, [])
    assert len(checks) == 2
    # and a damaged file never hides a stale project
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    edit(divio / 'requirements.txt', PIN_SSO, '')
    assert run(capsys)[0] == 1


def test_an_unwritable_cache_changes_nothing(
        divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str], verdict_cache_home: Path,
) -> None:
    write(verdict_cache_home / 'aldryn-pins', 'a file where the folder goes\n')
    assert run(capsys) == (0, [])
    assert run(capsys) == (0, [])
    assert len(checks) == 2


def test_many_entries_are_bounded(
        divio: Path, capsys: pytest.CaptureFixture[str], verdict_cache_home: Path, monkeypatch: pytest.MonkeyPatch,
        checks: list[str],
) -> None:
    # the last PER_OUTPUT states of each compiled file: switching back
    # to one of them hits, an older one misses
    original = (divio / 'requirements.in').read_text()
    for i in range(verdict_cache.PER_OUTPUT + 1):
        write(divio / 'requirements.in', original + f'# {i}\n')
        assert run(capsys) == (0, [])
    assert len(entries(verdict_cache_home)) == verdict_cache.PER_OUTPUT
    write(divio / 'requirements.in', original + '# 1\n')
    assert run(capsys) == (0, [])
    assert len(checks) == verdict_cache.PER_OUTPUT + 1  # a hit
    write(divio / 'requirements.in', original + '# 0\n')
    assert run(capsys) == (0, [])
    assert len(checks) == verdict_cache.PER_OUTPUT + 2  # dropped: a miss


def many(repo: Path, n: int) -> None:
    """``n`` compiled files, NAME.in beside NAME.txt, in one repository."""
    for i in range(n):
        write(repo / f'p{i}' / 'requirements.in', 'gamma\n')
        write(repo / f'p{i}' / 'requirements.txt', 'gamma==3.0\n    # via -r requirements.in\n')


def test_every_compiled_file_of_a_monorepo_is_kept(
        repo: Path, capsys: pytest.CaptureFixture[str], verdict_cache_home: Path, checks: list[str],
) -> None:
    # beyond 256 entries the cache used to drop the verdicts the same run
    # had just stored: 300 compiled files missed on every run
    many(repo, 300)
    assert run(capsys) == (0, [])
    assert len(checks) == 300
    assert len(entries(verdict_cache_home)) == 300
    assert run(capsys) == (0, [])
    assert len(checks) == 300  # every one a hit
    write(repo / 'p7/requirements.in', 'gamma\n# a comment\n')
    assert run(capsys) == (0, [])
    assert checks[300:] == ['p7/requirements.txt']
    assert len(entries(verdict_cache_home)) == 301  # p7's two states


def test_the_cache_file_is_written_once_a_run(
        repo: Path, capsys: pytest.CaptureFixture[str], verdict_cache_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # written once per compiled file, it made a run quadratic
    from hooks import atomic

    writes: list[str] = []
    real = atomic.write_atomic

    def spy(path: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        writes.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(atomic, 'write_atomic', spy)
    many(repo, 20)
    assert run(capsys) == (0, [])
    assert writes == [str(cache_files(verdict_cache_home)[0])]
    assert run(capsys) == (0, [])
    assert len(writes) == 1  # nothing new: nothing written


def test_the_environment_variables_an_input_expands_are_part_of_the_key(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, checks: list[str],
) -> None:
    write(repo / 'requirements.in', '${PKG}\n')  # pip expands it
    write(repo / 'requirements.txt', 'gamma==3.0\n    # via -r requirements.in\n')
    monkeypatch.setenv('PKG', 'gamma')
    assert run(capsys) == (0, [])
    assert run(capsys) == (0, [])
    assert len(checks) == 1
    monkeypatch.setenv('PKG', 'alpha')
    stale = (1, [
        'requirements.in:1: requirement alpha is not pinned in requirements.txt',
        'requirements.txt:1: gamma 3.0 is pinned, but nothing needs it any more (via -r requirements.in)',
        '  fix: pip-compile requirements.in',
        '   or: requirements-compile --project .',
    ])
    assert run(capsys) == stale
    assert run(capsys, '--no-cache') == stale
    monkeypatch.delenv('PKG')
    rc, _ = run(capsys)
    assert rc == 2  # unset: stays as written, which pip refuses
    monkeypatch.setenv('PKG', 'gamma')
    assert run(capsys) == (0, [])
    assert len(checks) == 4  # the first verdict, hit again


HOSTILE = (
    pytest.param(os.mkfifo, id='fifo'),
    pytest.param(lambda path: os.symlink('/dev/zero', path), id='symlink-to-dev-zero'),
)


@pytest.mark.parametrize('make', HOSTILE)
def test_the_cache_file_is_opened_only_as_a_regular_file(divio: Path, verdict_cache_home: Path, make: Any) -> None:
    # a fifo used to hang the commit, /dev/zero to be read without bound:
    # in a child that a timeout and 1 GB of address space stop
    import resource

    path = Path(verdict_cache.cache_file(str(divio)))
    path.parent.mkdir(parents=True)
    make(str(path))

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {**os.environ, 'PYTHONPATH': str(Path(hooks.__file__).parents[1])}
    for _ in range(2):
        r = subprocess.run((sys.executable, '-c', RUN), cwd=divio, env=env, capture_output=True, preexec_fn=limit, timeout=60, check=False)
        assert (r.returncode, r.stdout, r.stderr) == (0, b'', b'')
    assert path.is_file() and not path.is_symlink()  # replaced by the cache
    assert len(entries(verdict_cache_home)) == 1


@pytest.mark.parametrize('how', ('--no-cache', 'env'))
def test_no_cache_and_the_environment_variable_turn_it_off(
        divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str], verdict_cache_home: Path,
        monkeypatch: pytest.MonkeyPatch, how: str,
) -> None:
    args = ['--no-cache'] if how == '--no-cache' else []
    if how == 'env':
        monkeypatch.setenv('ALDRYN_PINS_NO_CACHE', '1')
    assert run(capsys, *args) == (0, [])
    assert cache_files(verdict_cache_home) == []  # nothing written
    monkeypatch.delenv('ALDRYN_PINS_NO_CACHE', raising=False)
    assert run(capsys) == (0, [])  # warm
    if how == 'env':
        monkeypatch.setenv('ALDRYN_PINS_NO_CACHE', '1')
    assert run(capsys, *args) == (0, [])
    assert len(checks) == 3  # not read either


def test_requirements_compile_uses_it_and_no_cache_turns_it_off(
        divio: Path, capsys: pytest.CaptureFixture[str], checks: list[str], verdict_cache_home: Path,
) -> None:
    assert requirements_compile.main(['--no-cache']) == 0
    assert cache_files(verdict_cache_home) == []
    assert requirements_compile.main([]) == 0
    assert requirements_compile.main([]) == 0
    assert len(checks) == 2
    assert requirements_compile.main(['--no-cache']) == 0
    assert len(checks) == 3
    # the compile options are in the key: another compiler is another verdict
    assert requirements_compile.main(['--', '--no-emit-index-url']) == 0
    assert len(checks) == 4
    assert capsys.readouterr() == ('', '')


RUN = 'import sys; from hooks.requirements_fresh import main; sys.exit(main(["--source", "worktree"]))'


def test_two_runs_at_once_never_corrupt_it(repo: Path, verdict_cache_home: Path) -> None:
    for name in ('a', 'b', 'c'):
        divio_project(repo / name)
    env = {**os.environ, 'PYTHONPATH': str(Path(hooks.__file__).parents[1])}
    for i in range(12):
        for name in ('a', 'b', 'c'):  # each round: new entries to store
            write(repo / name / 'requirements.in', (repo / name / 'requirements.in').read_text() + f'# {i}\n')
        procs = [subprocess.Popen((sys.executable, '-c', RUN), cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        for p in procs:
            out, err = p.communicate()
            assert (p.returncode, out, err) == (0, b'', b'')
        lines = entries(verdict_cache_home)  # whole and valid after every round
        assert 1 <= len(lines)
    assert [p.name for p in (verdict_cache_home / 'aldryn-pins').iterdir()] == [cache_files(verdict_cache_home)[0].name]  # no temporary file left
    # and what it holds still answers right
    edit(repo / 'b' / 'requirements.txt', PIN_SSO, '')
    r = subprocess.run((sys.executable, '-c', RUN), cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert r.returncode == 1 and 'b/requirements.in:4: addon aldryn-sso 1.6.1 is not pinned in b/requirements.txt' in r.stdout


def test_what_exists_and_what_cannot_be_read_are_part_of_the_digest(repo: Path) -> None:
    from hooks.report import BadInput
    from hooks.snapshot import Snapshot

    def digest(ops: list[str]) -> str:
        return verdict_cache.Recorder(Snapshot(str(repo))).digest('id', ops)

    before = digest(['edev.in', 'rdev.in', 'rfolder'])
    write(repo / 'folder/x', 'a folder now\n')  # reading it: BadInput
    recorder = verdict_cache.Recorder(Snapshot(str(repo)))
    with pytest.raises(BadInput):
        recorder.read('folder')
    assert list(recorder.ops) == ['rfolder']
    after_folder = digest(['edev.in', 'rdev.in', 'rfolder'])
    write(repo / 'dev.in', '')
    after_file = digest(['edev.in', 'rdev.in', 'rfolder'])
    assert len({before, after_folder, after_file}) == 3
    assert digest(['edev.in']) != digest(['rdev.in'])


HEADER = '#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n#    pip-compile {command}\n#\n'


def test_layers_a_change_to_the_constraining_output_misses(
        repo: Path, capsys: pytest.CaptureFixture[str], checks: list[str],
) -> None:
    write(repo / 'requirements/base.in', 'django\n')
    write(repo / 'requirements/base.txt', HEADER.format(command='--output-file=requirements/base.txt requirements/base.in') + 'django==4.2.7\n    # via -r requirements/base.in\n')
    write(repo / 'requirements/dev.in', '-c base.txt\ndjango\n')
    write(repo / 'requirements/dev.txt', HEADER.format(command='--output-file=requirements/dev.txt requirements/dev.in') + (
        'django==4.2.7\n    # via\n    #   -c requirements/base.txt\n    #   -r requirements/dev.in\n'
    ))
    commit_all(repo)
    assert run(capsys) == (0, [])
    assert run(capsys) == (0, [])
    assert sorted(checks) == ['requirements/base.txt', 'requirements/dev.txt']
    edit(repo / 'requirements/base.txt', 'django==4.2.7', 'django==5.0.2')
    seen = run(capsys)
    assert sorted(checks) == ['requirements/base.txt', 'requirements/base.txt', 'requirements/dev.txt', 'requirements/dev.txt']
    assert seen == run(capsys, '--no-cache')
    assert seen[0] == 1 and any('django 4.2.7 is pinned at 5.0.2 in requirements/base.txt' in line for line in seen[1])


def test_filling_the_cache_imports_nothing_heavy(divio: Path, verdict_cache_home: Path) -> None:
    # a stamped, untouched file: its first check stores the verdict, and
    # the write costs no import the check itself does not need
    from hooks import fingerprint
    from hooks.compiled import Compiled
    from hooks.snapshot import Snapshot

    with Snapshot(str(divio)) as snap:
        inputs = fingerprint.inputs(snap, Compiled('requirements.txt', ['requirements.in']))
    txt = divio / 'requirements.txt'
    txt.write_text(rule5_fingerprint.stamp(txt.read_text(), inputs, fingerprint.options_digest(['pip-compile'])))
    assert imported(divio, 'requirements_fresh', HEAVY + ('contextlib', 'itertools')) == '0 []'
    assert len(entries(verdict_cache_home)) == 1
