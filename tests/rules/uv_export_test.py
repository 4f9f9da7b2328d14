"""hooks.rules.uv_export and hooks.rules.uv_lock: ``uv export`` output
and ``uv.lock`` judged offline, written by the real uv against the suite's
wheel index, in a real git repository; fresh right after writing, stale
after each kind of input change (naming the package and the file), fresh
after changes that change nothing."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hooks import requirements_fresh
from testing.project import commit_all
from testing.project import edit
from testing.project import write
from testing.wheels import go_offline
from testing.wheels import make_index
from testing.wheels import program

INDEX = {
    'django': [('4.2.7', ['asgiref>=3.6', 'sqlparse>=0.3.1']), ('5.0.2', ['asgiref>=3.7', 'sqlparse>=0.3.1'])],
    'asgiref': ['3.7.2'],
    'sqlparse': ['0.4.4'],
    'requests': [('2.31.0', ['idna<4,>=2.5', 'pysocks; extra == "socks"'])],
    'idna': ['3.6'],
    'pysocks': ['1.7.1'],
    'rich': [('13.7.0', ['pygments>=2.13'])],
    'pygments': ['2.17.2'],
    'pytest': [('8.0.0', ['iniconfig'])],
    'iniconfig': ['2.0.0'],
}

PYPROJECT = '''\
[project]
name = "app"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = [
    "django<5",
    "requests",
]

[project.optional-dependencies]
socks = ["requests[socks]"]

[dependency-groups]
dev = ["pytest"]
lint = ["rich"]
'''

# output -> the options it is exported with
EXPORTS = {
    'requirements.txt': ['--format', 'requirements-txt'],
    'requirements/prod.txt': ['--no-dev', '--all-extras', '--no-hashes'],
    'requirements/lint.txt': ['--only-group', 'lint'],
    'requirements/all.txt': ['--group', 'lint', '--extra', 'socks', '--no-emit-project'],
}


RICH = 'name = "rich"'
PYGMENTS = 'name = "pygments"'
PYSOCKS = 'name = "pysocks"'


def uv(repo: Path, index: str, *args: str) -> None:
    subprocess.run([program('uv'), *args, '-q', '--no-index', '--find-links', index], cwd=repo, check=True, capture_output=True)


def export(repo: Path, index: str, *outputs: str) -> None:
    for output in outputs or EXPORTS:
        uv(repo, index, 'export', *EXPORTS[output], '-o', output)


def fresh(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    rc = requirements_fresh.main(['--no-cache', *args])
    return rc, capsys.readouterr().out.splitlines()


def line(path: Path, start: str, last: bool = False) -> int:
    found = [n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith(start)]
    return found[-1 if last else 0]


def fix(path: Path) -> list[str]:
    """The fix line of a stale export: its recorded command."""
    alternative = '--project .' if path.name == 'requirements.txt' else '/'.join(path.parts[-2:])
    return ['  fix: ' + path.read_text().splitlines()[1].removeprefix('#').strip(), f'   or: requirements-compile {alternative}']


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    go_offline(monkeypatch, tmp_path / 'cache')
    return make_index(tmp_path, INDEX)


@pytest.fixture
def project(repo: Path, index: str) -> Path:
    """A uv project, locked and exported four ways, committed."""
    write(repo / 'pyproject.toml', PYPROJECT)
    (repo / 'requirements').mkdir()
    uv(repo, index, 'lock')
    export(repo, index)
    commit_all(repo)
    return repo


def test_fresh_right_after_the_real_uv(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert '#    uv export --format requirements-txt -o requirements.txt' in (project / 'requirements.txt').read_text()
    assert fresh(capsys) == (0, [])
    for output in EXPORTS:
        assert fresh(capsys, output) == (0, [])
    assert fresh(capsys, 'uv.lock') == (0, [])


@pytest.mark.parametrize(('old', 'new'), [
    pytest.param('# dependencies\n', '', id='nothing'),
    pytest.param('    "django<5",\n    "requests",\n', '    "requests",  # the API client\n    "Django < 5.0",\n', id='order-comments-spelling'),
    pytest.param('socks = ["requests[socks]"]', "socks = [\n    'requests [socks]',\n]", id='extra-reformatted'),
    pytest.param('dev = ["pytest"]\nlint = ["rich"]', 'lint = ["Rich"]\ndev = ["pytest"]  # tests', id='groups-reordered'),
])
def test_fresh_after_changes_that_change_nothing(project: Path, capsys: pytest.CaptureFixture[str], old: str, new: str) -> None:
    write(project / 'pyproject.toml', '# dependencies\n' + PYPROJECT)
    edit(project / 'pyproject.toml', old, new)
    assert fresh(capsys) == (0, [])
    assert fresh(capsys, 'uv.lock', *EXPORTS) == (0, [])


def test_a_dependency_added_without_uv_lock(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "rich>=13",\n')
    message = 'pyproject.toml:8: requirement rich>=13 is not in uv.lock'
    rc, out = fresh(capsys, 'uv.lock')
    assert (rc, out) == (1, [message, '  fix: uv lock', '   or: requirements-compile uv.lock'])
    rc, out = fresh(capsys, 'requirements.txt')
    assert (rc, out) == (1, [message, *fix(project / 'requirements.txt')])


@pytest.mark.parametrize(('old', 'new', 'message'), [
    pytest.param('"django<5"', '"django<5.1"', 'pyproject.toml:6: requirement django<5.1 is locked as django<5 in uv.lock', id='specifier'),
    pytest.param('    "requests",\n', '', 'uv.lock:{requests}: requests is locked for app, but pyproject.toml no longer requires it', id='removed'),
    pytest.param('"requests[socks]"', '"requests[socks]; sys_platform == \'win32\'"',
                 'pyproject.toml:11: requirement requests[socks]; sys_platform == \'win32\' is locked as '
                 "requests[socks]; extra == 'socks' in uv.lock", id='marker'),
    pytest.param('dev = ["pytest"]', 'dev = ["pytest", "rich"]',
                 'pyproject.toml:14: requirement rich (dependency group dev) is not in uv.lock', id='group'),
    pytest.param('lint = ["rich"]', 'lint = ["rich", {include-group = "dev"}]',
                 'pyproject.toml:15: requirement pytest (dependency group lint) is not in uv.lock', id='include-group'),
    pytest.param('requires-python = ">=3.11"', 'requires-python = ">=3.12"',
                 'pyproject.toml:4: requires-python >=3.12 is locked as >=3.11 in uv.lock', id='requires-python'),
])
def test_uv_lock_stale_against_pyproject(project: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str) -> None:
    requests = line(project / 'uv.lock', '    { name = "requests" }', last=True)
    edit(project / 'pyproject.toml', old, new)
    rc, out = fresh(capsys, 'uv.lock')
    assert (rc, out) == (1, [message.format(requests=requests), '  fix: uv lock', '   or: requirements-compile uv.lock'])


def test_a_workspace_member_changed(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'pyproject.toml', PYPROJECT + '\n[tool.uv.workspace]\nmembers = ["packages/*"]\n')
    edit(repo / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "helper",\n')
    edit(repo / 'pyproject.toml', '[dependency-groups]', '[tool.uv.sources]\nhelper = { workspace = true }\n\n[dependency-groups]')
    write(repo / 'packages/helper/pyproject.toml', (
        '[project]\nname = "helper"\nversion = "0.1.0"\ndependencies = ["sqlparse"]\n\n'
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
    ))
    uv(repo, index, 'lock')
    uv(repo, index, 'export', '--all-packages', '-o', 'requirements.txt')
    commit_all(repo)
    assert fresh(capsys) == (0, [])
    edit(repo / 'packages/helper/pyproject.toml', '["sqlparse"]', '["sqlparse", "rich"]')
    rc, out = fresh(capsys, 'uv.lock')
    assert (rc, out) == (1, ['packages/helper/pyproject.toml:4: requirement rich is not in uv.lock', '  fix: uv lock', '   or: requirements-compile uv.lock'])
    uv(repo, index, 'lock')
    rc, out = fresh(capsys, 'requirements.txt')
    assert rc == 1
    assert f'uv.lock:{line(repo / "uv.lock", RICH)}: rich 13.7.0 is locked but not pinned in requirements.txt' in out


# output -> the finding after `rich` joins the dependencies and `uv lock` ran
LOCKED_NOT_EXPORTED = {
    'requirements.txt': 'rich 13.7.0 is locked but not pinned in requirements.txt',
    'requirements/prod.txt': 'rich 13.7.0 is locked but not pinned in requirements/prod.txt',
    'requirements/lint.txt': None,  # --only-group lint pinned rich already
    'requirements/all.txt': None,  # --group lint, too
}


@pytest.mark.parametrize('output', EXPORTS)
def test_uv_lock_ran_but_not_uv_export(project: Path, index: str, capsys: pytest.CaptureFixture[str], output: str) -> None:
    edit(project / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "rich",\n')
    uv(project, index, 'lock')
    assert fresh(capsys, 'uv.lock') == (0, [])
    rc, out = fresh(capsys, output)
    message = LOCKED_NOT_EXPORTED[output]
    if message is None:
        assert (rc, out) == (0, [])
        return
    # rich's own dependency pygments, too
    assert (rc, out) == (1, [
        f'uv.lock:{line(project / "uv.lock", PYGMENTS)}: pygments 2.17.2 is locked but not pinned in {output}',
        f'uv.lock:{line(project / "uv.lock", RICH)}: {message}',
        *fix(project / output),
    ])
    export(project, index, output)
    assert fresh(capsys, output) == (0, [])


def test_a_version_changed_in_the_lock(project: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / 'pyproject.toml', '"django<5"', '"django>=5"')
    uv(project, index, 'lock')
    rc, out = fresh(capsys, 'requirements/prod.txt')
    pinned = line(project / 'requirements/prod.txt', 'django==')
    assert (rc, out[0]) == (1, f'requirements/prod.txt:{pinned}: django is pinned at 4.2.7, but uv.lock locks 5.0.2')


def test_a_dependency_removed_from_the_lock(project: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / 'pyproject.toml', 'dev = ["pytest"]', 'dev = []')
    uv(project, index, 'lock')
    rc, out = fresh(capsys, 'requirements.txt')
    output = project / 'requirements.txt'
    assert (rc, out) == (1, [
        f'requirements.txt:{line(output, "iniconfig==")}: iniconfig is pinned, but uv.lock no longer selects it',
        f'requirements.txt:{line(output, "pytest==")}: pytest is pinned, but uv.lock no longer selects it',
        *fix(output),
    ])


def test_an_export_is_checked_through_the_fingerprint_less_fast_path_cache(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh export is remembered (the verdict cache) like any compiled
    file: the second run answers from the cache, and a change is seen."""
    assert requirements_fresh.main([]) == 0
    assert requirements_fresh.main([]) == 0
    edit(project / 'pyproject.toml', '"django<5"', '"django<4"')
    assert requirements_fresh.main(['requirements.txt']) == 1
    assert 'requirement django<4 is locked as django<5 in uv.lock' in capsys.readouterr().out


def test_requirements_compile_replays_uv_lock_and_uv_export(project: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    from hooks import requirements_compile

    headers = {output: (project / output).read_text().splitlines()[:2] for output in EXPORTS}
    edit(project / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "rich",\n')
    assert requirements_compile.main(['--', '--no-index', '--find-links', index]) == 1
    assert capsys.readouterr().out.splitlines() == [
        'uv.lock: stale, recompiling with uv lock:', '  rewritten',
        'requirements.txt: stale, recompiling with uv export:', '  added pygments 2.17.2', '  added rich 13.7.0',
        'requirements/all.txt: stale, recompiling with uv export:', '  pins unchanged; annotations updated',
        'requirements/lint.txt: stale, recompiling with uv export:', '  unchanged',
        'requirements/prod.txt: stale, recompiling with uv export:', '  added pygments 2.17.2', '  added rich 13.7.0',
    ]
    # the header a hand run writes: the recorded command, as recorded
    assert {output: (project / output).read_text().splitlines()[:2] for output in EXPORTS} == headers
    assert fresh(capsys) == (0, [])
    assert requirements_compile.main([]) == 0


def test_requirements_compile_refuses_an_option_it_does_not_replay(project: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    from hooks import requirements_compile

    uv(project, index, 'export', '--python-preference', 'only-system', '-o', 'requirements.txt')
    edit(project / 'pyproject.toml', '"django<5"', '"django<4.3"')
    before = {p: (project / p).read_bytes() for p in ('uv.lock', *EXPORTS)}
    assert requirements_compile.main(['requirements.txt']) == 2
    assert capsys.readouterr().out.splitlines() == [
        'requirements.txt:2: the header records --python-preference=only-system, which requirements-compile does not replay; '
        'pass it after -- to use it deliberately (--python-preference ...)',
    ]
    # the recorded --find-links is outside the repository: not replayed either
    assert requirements_compile.main(['requirements/prod.txt']) == 2
    assert capsys.readouterr().out.splitlines() == [
        f'requirements/prod.txt:2: the header records --find-links={index}, which requirements-compile does not replay; '
        'pass it after -- to use it deliberately (--find-links ...)',
    ]
    assert {p: (project / p).read_bytes() for p in before} == before


def test_requirements_compile_says_a_uv_failure_in_two_lines(project: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    # README.md, "`requirements-compile`": what failed and uv's own error
    # line, the files as they were; --verbose shows everything
    from hooks import requirements_compile

    edit(project / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "no-such-package",\n')
    before = {p: (project / p).read_bytes() for p in ('uv.lock', *EXPORTS)}
    assert requirements_compile.main(['uv.lock', '--', '--no-index', '--find-links', index]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0] == 'uv.lock: stale, recompiling with uv lock:'
    assert out[1] == 'uv.lock:1: uv lock failed (exit code 1); left as it was'
    assert out[2].startswith('  | error: No solution found when resolving dependencies') and 'no-such-package' in out[2], out
    assert len(out) == 3
    assert requirements_compile.main(['--verbose', 'uv.lock', '--', '--no-index', '--find-links', index]) == 2
    assert len(capsys.readouterr().out.splitlines()) > 3
    assert {p: (project / p).read_bytes() for p in before} == before


def test_requirements_compile_without_uv_says_where_uv_was_chosen(
        project: Path, index: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hooks import requirements_compile
    from hooks.compile import command

    monkeypatch.setattr(command, 'find_program', lambda name: None)  # a hook environment without uv
    monkeypatch.setattr('hooks.compile.uv_replay.find_program', lambda name: None)
    monkeypatch.setenv('PRE_COMMIT', '1')
    edit(project / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "rich",\n')
    assert requirements_compile.main(['requirements.txt', '--', '--no-index', '--find-links', index]) == 2
    assert capsys.readouterr().out.splitlines() == [
        "requirements.txt:2: requirements.txt is written by uv export; uv is not in the hook's environment "
        '(not beside its Python nor on an absolute PATH entry): add additional_dependencies: [uv] to the hook in .pre-commit-config.yaml',
    ]


@pytest.mark.parametrize(('pyproject', 'message'), [
    pytest.param('[project]\nname = "helper"\nversion = "0.1.0"\ndynamic = ["dependencies"]\n',
                 'libs/helper/pyproject.toml:4: not checked: dependencies are dynamic; uv.lock records what the build backend computed', id='dynamic'),
    pytest.param(None, 'uv.lock:{line}: not checked: libs/helper has no pyproject.toml; what uv.lock records of helper is computed by its build backend',
                 id='setup.py-only'),
])
def test_a_path_package_uv_lock_cannot_judge_is_never_silent(
        project: Path, index: str, capsys: pytest.CaptureFixture[str], pyproject: str | None, message: str,
) -> None:
    write(project / 'libs/helper/pyproject.toml', (
        '[project]\nname = "helper"\nversion = "0.1.0"\ndependencies = ["sqlparse"]\n\n'
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
    ))
    edit(project / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "helper",\n')
    edit(project / 'pyproject.toml', '[dependency-groups]', '[tool.uv.sources]\nhelper = { path = "libs/helper", editable = true }\n\n[dependency-groups]')
    uv(project, index, 'lock')
    export(project, index, 'requirements.txt')
    assert fresh(capsys, 'uv.lock', 'requirements.txt') == (0, [])
    if pyproject is None:
        (project / 'libs/helper/pyproject.toml').unlink()
        write(project / 'libs/helper/setup.py', 'from setuptools import setup\nsetup(name="helper", install_requires=["sqlparse"])\n')
    else:
        write(project / 'libs/helper/pyproject.toml', pyproject)
    message = message.format(line=line(project / 'uv.lock', 'name = "helper"'))
    fix = "  hint: accept it deliberately: add --unchecked uv.lock to the hook's args in .pre-commit-config.yaml"
    assert fresh(capsys, 'uv.lock') == (1, [message, fix])
    assert fresh(capsys, 'uv.lock', '--unchecked', 'uv.lock') == (0, [])


def test_an_export_and_its_uv_lock_judge_the_lock_once(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # the export's verdict includes uv.lock's against pyproject.toml: the
    # same run does not parse and compare the lock a second time (bench/uv_export.py)
    from hooks.readers import uv_lock as reader
    from hooks.rules import uv_lock as rule

    parsed: list[str] = []
    compared: list[str] = []
    lock_init, compare = reader.Lock.__init__, rule._compare

    def counting_init(self: reader.Lock, data: bytes, path: str) -> None:
        parsed.append(path)
        lock_init(self, data, path)

    def counting_compare(*args: object) -> object:
        compared.append(str(args[2]))
        return compare(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(reader.Lock, '__init__', counting_init)
    monkeypatch.setattr(rule, '_compare', counting_compare)
    edit(project / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "rich>=13",\n')
    rc, out = fresh(capsys, '--no-cache', 'uv.lock', 'requirements.txt')
    assert rc == 1
    assert out.count('pyproject.toml:8: requirement rich>=13 is not in uv.lock') == 2  # once for each file
    assert (parsed, compared) == (['uv.lock'], ['pyproject.toml'])


# [tool.uv] default-groups (uv >= 0.4.27): output -> the options it is exported with
DEFAULT_GROUPS_EXPORTS = {
    'requirements.txt': [],
    'requirements/no-dev.txt': ['--no-dev'],
    'requirements/prod.txt': ['--no-default-groups'],
    'requirements/only-dev.txt': ['--only-dev'],
    'requirements/all.txt': ['--all-groups', '--no-group', 'dev'],
}


@pytest.mark.parametrize('value', ['["dev", "lint"]', '"all"'])
def test_default_groups_of_the_project(repo: Path, index: str, capsys: pytest.CaptureFixture[str], value: str) -> None:
    """``uv export`` includes ``[tool.uv] default-groups`` unless told
    otherwise, not only ``dev``: fresh right after the real uv, stale when a
    lint dependency is locked but not exported."""
    write(repo / 'pyproject.toml', PYPROJECT + f'\n[tool.uv]\ndefault-groups = {value}\n')
    (repo / 'requirements').mkdir()
    uv(repo, index, 'lock')
    for output, options in DEFAULT_GROUPS_EXPORTS.items():
        uv(repo, index, 'export', *options, '-o', output)
    commit_all(repo)
    assert 'rich==13.7.0' in (repo / 'requirements.txt').read_text()
    assert 'rich==13.7.0' in (repo / 'requirements/no-dev.txt').read_text()
    assert fresh(capsys) == (0, [])
    edit(repo / 'pyproject.toml', 'lint = ["rich"]', 'lint = ["rich", "sqlparse", "requests[socks]"]')
    uv(repo, index, 'lock')
    assert fresh(capsys, 'uv.lock') == (0, [])
    pysocks = f'uv.lock:{line(repo / "uv.lock", PYSOCKS)}: pysocks 1.7.1 is locked but not pinned in'
    for output in DEFAULT_GROUPS_EXPORTS:
        rc, out = fresh(capsys, output)
        if output in ('requirements/prod.txt', 'requirements/only-dev.txt'):
            assert (rc, out) == (0, [])
        else:
            assert (rc, out[0]) == (1, f'{pysocks} {output}')


def test_default_groups_bad_value_is_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / 'pyproject.toml', PYPROJECT + '\n[tool.uv]\ndefault-groups = 3\n')
    assert requirements_fresh.main(['--no-cache', 'requirements.txt']) == 2
    assert capsys.readouterr().out.splitlines() == ['pyproject.toml:18: [tool.uv] default-groups must be a list of group names or "all", found 3']


NO_HEADER_HINT = (
    "  hint: no header records how it was exported: judged as uv's default options, which its pins match best; "
    'export it without --no-header to have its own options judged'
)


def inferred_hint(options: str) -> str:
    return (
        f'  hint: no header records how it was exported: judged as the options its pins match best ({options}); '
        'export it without --no-header to have its own options judged'
    )


def test_a_no_header_export_is_judged_as_uv_export(project: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``uv export --no-header`` output (no header, no .in beside it, a
    uv.lock above it) is uv export with uv's default options: fresh right
    after the real uv, stale once the lock moves on without it."""
    uv(project, index, 'export', '--no-header', '-o', 'docker/requirements.txt')
    text = (project / 'docker/requirements.txt').read_text()
    assert text.startswith('asgiref==3.7.2\n    # via django\n') and 'pytest==8.0.0' in text
    commit_all(project)
    assert fresh(capsys) == (0, [])
    assert fresh(capsys, 'docker/requirements.txt') == (0, [])
    edit(project / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "rich",\n')
    uv(project, index, 'lock')
    rc, out = fresh(capsys, 'docker/requirements.txt')
    assert (rc, out) == (1, [
        f'uv.lock:{line(project / "uv.lock", PYGMENTS)}: pygments 2.17.2 is locked but not pinned in docker/requirements.txt',
        f'uv.lock:{line(project / "uv.lock", RICH)}: rich 13.7.0 is locked but not pinned in docker/requirements.txt',
        '  fix: uv export --no-header --no-hashes -o docker/requirements.txt',
        '   or: requirements-compile --project docker',
        NO_HEADER_HINT,
    ])
    edit(project / 'pyproject.toml', '"django<5"', '"django>=5"')
    uv(project, index, 'lock')
    rc, out = fresh(capsys, 'docker/requirements.txt')
    pinned = line(project / 'docker/requirements.txt', 'django==')
    assert (rc, out[0]) == (1, f'docker/requirements.txt:{pinned}: django is pinned at 4.2.7, but uv.lock locks 5.0.2')
    uv(project, index, 'export', '--no-header', '-o', 'docker/requirements.txt')
    assert fresh(capsys, 'docker/requirements.txt') == (0, [])


def test_a_no_header_export_of_a_packaged_project(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    # `-e .` first: the project itself, which is no pin
    write(repo / 'pyproject.toml', PYPROJECT + '\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n')
    uv(repo, index, 'lock')
    uv(repo, index, 'export', '--no-header', '-o', 'requirements.txt')
    assert (repo / 'requirements.txt').read_text().startswith('-e .\n')
    commit_all(repo)
    assert fresh(capsys, 'requirements.txt') == (0, [])
    edit(repo / 'pyproject.toml', 'dev = ["pytest"]', 'dev = []')
    uv(repo, index, 'lock')
    rc, out = fresh(capsys, 'requirements.txt')
    assert (rc, out[0], out[-1]) == (1, f'requirements.txt:{line(repo / "requirements.txt", "iniconfig==")}: iniconfig is pinned, but uv.lock no longer selects it', NO_HEADER_HINT)
    # exported with --no-dev: a dev dependency added since is none of its
    # business; its pins match --no-dev, not uv's defaults
    uv(repo, index, 'export', '--no-header', '--no-dev', '-o', 'requirements.txt')
    edit(repo / 'pyproject.toml', 'dev = []', 'dev = ["pytest"]')
    uv(repo, index, 'lock')
    assert fresh(capsys, 'requirements.txt') == (0, [])


MAIN = '    "requests",\n'


# what uv export was given besides --no-header, the options printed for
# it, an edit to what it leaves out (still fresh), an edit to what it
# exports (stale) and the packages that edit adds to the lock's selection
NO_HEADER_OPTIONS = [
    pytest.param(
        ['--no-dev'], '--no-dev',
        ('dev = ["pytest"]', 'dev = ["pytest", "rich"]'), (MAIN, MAIN + '    "pysocks",\n'), ['pysocks'], id='no-dev',
    ),
    pytest.param(
        ['--only-dev'], '--only-dev',
        (MAIN, MAIN + '    "rich",\n'), ('dev = ["pytest"]', 'dev = ["pytest", "pysocks"]'), ['pysocks'], id='only-dev',
    ),
    pytest.param(
        ['--all-extras'], '--all-extras',
        ('lint = ["rich"]', 'lint = ["rich", "pytest"]'), (MAIN, MAIN + '    "rich",\n'), ['pygments', 'rich'], id='all-extras',
    ),
    pytest.param(
        ['--all-groups'], '--all-groups',
        ('socks = ["requests[socks]"]', 'socks = ["requests[socks]"]\nmore = ["pytest"]'), (MAIN, MAIN + '    "pysocks",\n'), ['pysocks'], id='all-groups',
    ),
    pytest.param(
        ['--no-dev', '--all-extras'], '--no-dev --all-extras',
        ('dev = ["pytest"]', 'dev = ["pytest", "rich"]'), (MAIN, MAIN + '    "rich",\n'), ['pygments', 'rich'], id='no-dev-all-extras',
    ),
    pytest.param(
        ['--only-group', 'lint'], '--only-group=lint',
        (MAIN, MAIN + '    "pysocks",\n'), ('lint = ["rich"]', 'lint = ["rich", "pytest"]'), ['iniconfig', 'pytest'], id='only-group',
    ),
]


@pytest.mark.parametrize(('options', 'judged', 'left_out', 'exported', 'added'), NO_HEADER_OPTIONS)
def test_a_no_header_export_is_judged_as_the_options_its_pins_match(
        project: Path, index: str, capsys: pytest.CaptureFixture[str],
        options: list[str], judged: str, left_out: tuple[str, str], exported: tuple[str, str], added: list[str],
) -> None:
    """Written with options no header records: fresh after the real uv,
    fresh when what it leaves out changes, and once stale, told and fixed
    with its own options -- not uv's defaults, which would add or drop the
    dev group or the extras it was written without or with."""
    from hooks import requirements_compile
    uv(project, index, 'export', '--no-header', *options, '-o', 'docker/requirements.txt')
    commit_all(project)
    assert fresh(capsys, 'docker/requirements.txt') == (0, [])
    before = {ln for ln in (project / 'docker/requirements.txt').read_text().splitlines() if '==' in ln}

    edit(project / 'pyproject.toml', *left_out)
    uv(project, index, 'lock')
    assert fresh(capsys, 'docker/requirements.txt') == (0, [])

    edit(project / 'pyproject.toml', *exported)
    uv(project, index, 'lock')
    rc, out = fresh(capsys, 'docker/requirements.txt')
    lock = project / 'uv.lock'
    versions = {name: next(iter(v))[0] if isinstance(next(iter(v)), tuple) else next(iter(v)) for name, v in INDEX.items()}
    expected = sorted(
        (line(lock, f'name = "{name}"'), f'{name} {versions[name]} is locked but not pinned in docker/requirements.txt')
        for name in added
    )
    assert (rc, out) == (1, [
        *(f'uv.lock:{n}: {message}' for n, message in expected),
        f'  fix: uv export {judged} --no-header --no-hashes -o docker/requirements.txt',
        '   or: requirements-compile --project docker',
        inferred_hint(judged),
    ])

    # requirements-compile replays it with those options
    assert requirements_compile.main(['--', '--no-index', '--find-links', index]) == 1
    capsys.readouterr()
    assert fresh(capsys, 'docker/requirements.txt') == (0, [])
    after = {ln for ln in (project / 'docker/requirements.txt').read_text().splitlines() if '==' in ln}
    # what it exported before, and what the edit added: nothing else
    assert after == before | {f'{name}=={versions[name]}' for name in added}


@pytest.mark.parametrize(('name', 'plain'), [
    ('dev', True), ('lint-2', True), ('a.b_c', True),
    ('', False), ('-x', False), ('a b', False), ('x;touch PWNED', False), ('Dev', False), ('--directory=/tmp', False),
])
def test_only_plain_group_and_extra_names_are_tried_as_options(name: str, plain: bool) -> None:
    # the names come from uv.lock, which a stranger's branch may have written
    from hooks.rules.uv_export import _plain_name
    assert _plain_name(name) is plain


def test_a_dev_group_that_grew_is_not_explained_as_no_dev(project: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    # uv's defaults, then three packages added to the dev group: under
    # --no-dev two pins would be left over, fewer findings than three but
    # not the same ones; it stays judged as the defaults
    uv(project, index, 'export', '--no-header', '-o', 'docker/requirements.txt')
    commit_all(project)
    edit(project / 'pyproject.toml', 'dev = ["pytest"]', 'dev = ["pytest", "rich", "pysocks"]')
    uv(project, index, 'lock')
    rc, out = fresh(capsys, 'docker/requirements.txt')
    assert rc == 1
    assert [o.split(': ', 1)[1].split(' ', 1)[0] for o in out if o.startswith('uv.lock:')] == ['pygments', 'pysocks', 'rich']
    assert out[-3:] == ['  fix: uv export --no-header --no-hashes -o docker/requirements.txt', '   or: requirements-compile --project docker', NO_HEADER_HINT]


# files of a uv project that no uv export wrote: not claimed
NOT_EXPORTS = {
    'docs/requirements.txt': 'sphinx==7.2.6\nfuro==2024.1.29\n',  # pins alone: a person, pip freeze
    'requirements-dev.txt': '-r requirements.txt\npytest==8.0.0\n    # via app\n',
    'requirements-ci.txt': '# CI only\ndjango==4.2.7  # LTS\n    # via app\n',
    'requirements-range.txt': 'django>=4\n    # via app\n',
    'requirements-pip-compile.txt': 'django==4.2.7\n    # via -r requirements.in\n',
    'requirements-pyproject.txt': 'django==4.2.7\n    # via app (pyproject.toml)\n',
    'requirements-index.txt': '--index-url https://example.org/simple\ndjango==4.2.7\n    # via app\n',
}


def test_a_hand_written_requirements_txt_in_a_uv_project_is_not_claimed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path, text in NOT_EXPORTS.items():
        write(project / path, text)
    commit_all(project)
    assert fresh(capsys) == (0, [])
    for path in NOT_EXPORTS:
        assert requirements_fresh.main([path]) == 2
        assert capsys.readouterr().out.splitlines() == [
            f'{path}:1: not a compiled requirements file: no recorded pip-compile or uv command, and no .in file of its name beside it',
        ]


def test_a_no_header_export_outside_a_uv_project_is_not_claimed(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'app/pyproject.toml', PYPROJECT)
    uv(repo / 'app', index, 'lock')
    uv(repo / 'app', index, 'export', '--no-header', '-o', '../requirements.txt')
    (repo / 'app/uv.lock').unlink()
    commit_all(repo)
    assert fresh(capsys) == (0, [])


HASHED = '''\
django==4.2.7 \\
    --hash=sha256:8e0f1c2d3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f80 \\
    --hash=sha256:9f0e1d2c3b4a59687786a5b4c3d2e1f0a1b2c3d4e5f60718293a4b5c6d7e8f90
sqlparse==0.4.4 \\
    --hash=sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
'''


def test_a_hashed_lock_without_annotations_is_never_silent(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``uv export --no-header --no-annotate`` writes what ``pip-compile
    --no-header --generate-hashes --no-annotate`` writes: a lock that
    cannot be judged, so a finding until --unchecked accepts it."""
    write(project / 'docker/requirements.txt', HASHED)
    commit_all(project)
    assert fresh(capsys) == (1, [
        'docker/requirements.txt:1: not checked: no header records the command that wrote it, and without # via annotations '
        "its pins cannot be told apart from another compiler's (uv export --no-header --no-annotate, pip-compile --no-header); "
        'export it with its header to have it judged against uv.lock',
        "  hint: accept it deliberately: add --unchecked docker/requirements.txt to the hook's args in .pre-commit-config.yaml",
    ])
    assert fresh(capsys, '--unchecked', 'docker/requirements.txt') == (0, [])


def test_requirements_compile_replays_a_no_header_export(project: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    from hooks import requirements_compile

    uv(project, index, 'export', '--no-header', '-o', 'docker/requirements.txt')
    commit_all(project)
    edit(project / 'pyproject.toml', '    "requests",\n', '    "requests",\n    "rich",\n')
    assert requirements_compile.main(['docker/requirements.txt', '--', '--no-index', '--find-links', index]) == 1
    assert capsys.readouterr().out.splitlines() == [
        'docker/requirements.txt: stale, recompiling with uv export:', '  added pygments 2.17.2', '  added rich 13.7.0',
    ]
    text = (project / 'docker/requirements.txt').read_text()
    assert text.startswith('asgiref==3.7.2\n') and 'rich==13.7.0' in text  # still without a header
    assert fresh(capsys, 'docker/requirements.txt') == (0, [])


@pytest.mark.parametrize(('new', 'message'), [
    pytest.param('default-groups = ["lint", "Dev"]\n', None, id='reordered'),
    pytest.param('default-groups = ["dev"]\n', 'pyproject.toml:18: [tool.uv] default-groups ["dev"] is locked as ["dev", "lint"] in uv.lock', id='changed'),
    pytest.param('default-groups = "all"\n', 'pyproject.toml:18: [tool.uv] default-groups "all" is locked as ["dev", "lint"] in uv.lock', id='all'),
    pytest.param('', 'uv.lock:{line}: default-groups ["dev", "lint"] is locked for app, but pyproject.toml sets none', id='removed'),
])
def test_default_groups_changed_without_uv_lock(repo: Path, index: str, capsys: pytest.CaptureFixture[str], new: str, message: str | None) -> None:
    """uv records default-groups in uv.lock, and ``uv lock --check`` fails
    once pyproject.toml changes them."""
    write(repo / 'pyproject.toml', PYPROJECT + '\n[tool.uv]\ndefault-groups = ["dev", "lint"]\n')
    uv(repo, index, 'lock')
    assert 'default-groups = ["dev", "lint"]' in (repo / 'uv.lock').read_text()
    commit_all(repo)
    assert fresh(capsys, 'uv.lock') == (0, [])
    edit(repo / 'pyproject.toml', 'default-groups = ["dev", "lint"]\n', new)
    if message is None:
        assert fresh(capsys, 'uv.lock') == (0, [])
        return
    message = message.format(line=line(repo / 'uv.lock', 'default-groups'))
    assert fresh(capsys, 'uv.lock') == (1, [message, '  fix: uv lock', '   or: requirements-compile uv.lock'])
    check = subprocess.run([program('uv'), 'lock', '--check', '--offline', '--no-index', '--find-links', index], cwd=repo, capture_output=True)
    assert check.returncode == 1  # what uv itself says
