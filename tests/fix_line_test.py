"""Fix lines (hooks/fix_line.py): one command a line, every word quoted
for a shell, and under pre-commit what the user has.  Through
requirements-fresh, and through a real bash."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.compiled import Compiled
from hooks.finding import Verdict
from hooks.fix_line import inferred_hint
from hooks.fix_line import pre_commit_run
from hooks.fix_line import quote
from hooks.readers import header
from hooks.requirements_fresh import main
from testing.fresh import run
from testing.project import write
from testing.rule8 import PIP_TOOLS_7

# (word, as the fix line prints it)
QUOTES = (
    pytest.param('requirements/dev.in', 'requirements/dev.in', id='safe: bare'),
    pytest.param('--output-file=a,b.txt', '--output-file=a,b.txt', id='= and , are safe'),
    pytest.param('', "''", id='empty'),
    pytest.param('a;touch PWNED;b', "'a;touch PWNED;b'", id='semicolons and spaces'),
    pytest.param('$(touch PWNED)`id`', "'$(touch PWNED)`id`'", id='substitutions'),
    pytest.param("it's", "'it'\"'\"'s'", id='a single quote'),
    pytest.param('a\nb', "$'a\\nb'", id='a newline stays in one line'),
    pytest.param("x'\x1b[31m\\", "$'x\\'\\e[31m\\\\'", id='quote, terminal escape, backslash'),
    pytest.param('tab\there\x7f', "$'tab\\there\\x7f'", id='tab and DEL'),
)


@pytest.mark.parametrize(('word', 'quoted'), QUOTES)
def test_quote(tmp_path: Path, word: str, quoted: str) -> None:
    assert quote(word) == quoted
    # a real shell reads it back as the one word, and runs nothing
    out = subprocess.run(['bash', '-c', f'printf %s {quoted}'], cwd=tmp_path, capture_output=True, check=True).stdout
    assert out.decode() == word
    assert os.listdir(tmp_path) == []


COMPILE = '    -   id: requirements-compile\n'
FRESH = '    -   id: requirements-fresh\n'
HEAD = 'repos:\n-   repo: https://github.com/divio/aldryn-pins\n    rev: 0123456789abcdef0123456789abcdef01234567\n    hooks:\n'
RUN = 'pre-commit run requirements-compile --all-files'

# (.pre-commit-config.yaml, the command that runs requirements-compile)
CONFIGS = (
    pytest.param(None, None, id='no config'),
    pytest.param(HEAD + FRESH, None, id='not configured'),
    pytest.param(HEAD + FRESH + COMPILE, RUN, id='at the default stages'),
    pytest.param(HEAD + COMPILE + '        stages: [manual]\n' + FRESH, f'{RUN} --hook-stage manual', id='manual only'),
    pytest.param(HEAD + COMPILE + '        stages:\n        - manual\n', f'{RUN} --hook-stage manual', id='a block list'),
    pytest.param(HEAD + COMPILE + '        stages: [pre-commit, manual]\n', RUN, id='pre-commit and manual'),
    pytest.param(HEAD + COMPILE + '        stages: [commit]  # old name\n', RUN, id='the old stage name'),
    pytest.param(HEAD + COMPILE + "        stages: ['pre-push']\n", f'{RUN} --hook-stage pre-push', id='quoted pre-push'),
    pytest.param('default_stages: [manual]\n' + HEAD + COMPILE, f'{RUN} --hook-stage manual', id='default_stages'),
    pytest.param(HEAD + '    -   id: "requirements-compile"\n', RUN, id='a quoted id'),
    pytest.param('repos:\n- repo: local\n  hooks:\n  - id: requirements-compile\n    stages: [manual]\n', f'{RUN} --hook-stage manual', id='two-space style'),
    pytest.param(HEAD + COMPILE + FRESH + '        stages: [manual]\n', RUN, id="the next hook's stages are its own"),
    pytest.param(HEAD + '    # -   id: requirements-compile\n', None, id='a comment'),
)


@pytest.mark.parametrize(('config', 'expected'), CONFIGS)
def test_pre_commit_run(tmp_path: Path, config: str | None, expected: str | None) -> None:
    if config is not None:
        write(tmp_path / '.pre-commit-config.yaml', config)
    assert pre_commit_run('requirements-compile', str(tmp_path)) == expected


def test_a_config_that_is_no_regular_file_is_not_read(tmp_path: Path) -> None:
    # a FIFO would hang the hook: not followed, as if there were no config
    os.mkfifo(tmp_path / '.pre-commit-config.yaml')
    assert pre_commit_run('requirements-compile', str(tmp_path)) is None


def stale(repo: Path, folder: str = '') -> None:
    """A pip-tools project that misses a pin (rule 2); its header records
    ``pip-compile``, run in the project's folder."""
    base = repo / folder if folder else repo
    write(base / 'requirements.in', 'django>=4.2\nrequests\n')
    write(base / 'requirements.txt', PIP_TOOLS_7 + 'django==4.2.7\n    # via -r requirements.in\n')


MISSING = 'requirements.in:2: requirement requests is not pinned in requirements.txt'


def test_by_hand_the_console_script_is_the_alternative(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale(repo)
    assert run(capsys) == (1, [MISSING, '  fix: pip-compile', '   or: requirements-compile --project .'])


# (.pre-commit-config.yaml, the fix lines under pre-commit)
UNDER_PRE_COMMIT = (
    pytest.param(None, ['  fix: pip-compile'], id='try-repo: no config names it'),
    pytest.param(HEAD + FRESH, ['  fix: pip-compile'], id='requirements-compile not configured'),
    pytest.param(HEAD + FRESH + COMPILE, [f'  fix: {RUN}', '   or: pip-compile'], id='configured'),
    pytest.param(
        HEAD + FRESH + COMPILE + '        stages: [manual]\n',
        [f'  fix: {RUN} --hook-stage manual', '   or: pip-compile'], id='configured at the manual stage',
    ),
)


@pytest.mark.parametrize(('config', 'fix'), UNDER_PRE_COMMIT)
def test_under_pre_commit_what_the_user_has(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, config: str | None, fix: list[str]) -> None:
    # pre-commit sets PRE_COMMIT=1 and runs hooks at the root; the console
    # script exists only in the hook's environment
    stale(repo)
    if config is not None:
        write(repo / '.pre-commit-config.yaml', config)
    monkeypatch.setenv('PRE_COMMIT', '1')
    assert run(capsys) == (1, [MISSING, *fix])


FAKE_COMPILER = '#!/bin/sh\nprintf "%s|" "$PWD" "$@" > "$RECORD"\n'

# (folder name, the text format's finding and fix lines)
HOSTILE = (
    pytest.param('a;touch PWNED;b', ["a;touch PWNED;b/requirements.in:2: requirement requests is not pinned in a;touch PWNED;b/requirements.txt",
                                     "  fix: cd 'a;touch PWNED;b' && pip-compile"], id='semicolons'),
    pytest.param('$(touch PWNED)', ['$(touch PWNED)/requirements.in:2: requirement requests is not pinned in $(touch PWNED)/requirements.txt',
                                    "  fix: cd '$(touch PWNED)' && pip-compile"], id='a substitution'),
    pytest.param('a\nb', ['a\\nb/requirements.in:2: requirement requests is not pinned in a\\nb/requirements.txt',
                          "  fix: cd $'a\\nb' && pip-compile"], id='a newline'),
)


@pytest.mark.parametrize(('folder', 'lines'), HOSTILE)
def test_hostile_folder_names(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str, lines: list[str]) -> None:
    stale(repo, folder)
    rc, out = run(capsys)
    assert (rc, out[:2]) == (1, lines)
    # json's fix field is the same command
    assert main(['--format', 'json']) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc['findings'][0]['fix'] == lines[1].removeprefix('  fix: ')
    # run as printed by a real shell (a stand-in pip-compile that records
    # where it ran and its arguments): nothing else runs
    bin_dir = tmp_path / 'bin'
    write(bin_dir / 'pip-compile', FAKE_COMPILER).chmod(0o755)
    record = tmp_path / 'record'
    env = {**os.environ, 'PATH': f'{bin_dir}{os.pathsep}{os.environ["PATH"]}', 'RECORD': str(record)}
    subprocess.run(['bash', '-c', doc['findings'][0]['fix']], cwd=repo, env=env, check=True)
    assert record.read_text() == f'{repo / folder}|'
    assert not list(repo.rglob('PWNED')) and not (repo.parent / 'PWNED').exists()


def test_no_fix_line_module_on_the_fresh_path(repo: Path) -> None:
    stale(repo)
    write(repo / 'requirements.in', 'django>=4.2\n')
    code = 'import sys; from hooks.requirements_fresh import main; rc = main([]); print(rc, "hooks.fix_line" in sys.modules)'
    out = subprocess.run([sys.executable, '-c', code], cwd=repo, capture_output=True, text=True, check=True).stdout
    assert out == '0 False\n'


DOCKERFILE = '    -   id: dockerfile-requirements\n'
# (.pre-commit-config.yaml, PRE_COMMIT, dockerfile-requirements' fix line); by
# hand, and under try-repo (no config names it), the console script's name
DOCKERFILE_FIXES = (
    pytest.param(HEAD + DOCKERFILE + '        args: [--fix]\n', True, 'pre-commit run dockerfile-requirements --all-files', id='configured with --fix'),
    pytest.param(
        HEAD + DOCKERFILE + '        args:\n        - --fix\n        stages: [manual]\n', True,
        'pre-commit run dockerfile-requirements --all-files --hook-stage manual', id='--fix at the manual stage',
    ),
    pytest.param(
        HEAD + DOCKERFILE + '        # args: [--fix]\n', True,
        f'{Path(sys.executable).parent}/dockerfile-requirements --fix', id="configured without --fix: the store's script",
    ),
)


@pytest.mark.parametrize(('config', 'pre_commit', 'fix'), DOCKERFILE_FIXES)
def test_dockerfile_fix_where_the_user_stands(
        divio: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        config: str | None, pre_commit: bool, fix: str,
) -> None:
    from hooks import dockerfile_requirements

    with open(divio / 'Dockerfile') as f:
        text = f.read()
    write(divio / 'Dockerfile', text.replace('RUN pip-reqs resolve', 'RUN pip-reqs compile && pip-reqs resolve'))
    if config is not None:
        write(divio / '.pre-commit-config.yaml', config)
    if pre_commit:
        monkeypatch.setenv('PRE_COMMIT', '1')
    assert dockerfile_requirements.main([]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == f'  fix: {fix}'


@pytest.mark.parametrize(('inferred', 'said'), [
    ((), "uv's default options, which its pins match best"),
    (('--no-dev',), 'the options its pins match best (--no-dev)'),
    (('--only-group=a b', '--extra=$(touch PWNED)'), "the options its pins match best ('--only-group=a b' '--extra=$(touch PWNED)')"),
])
def test_the_hint_of_a_header_less_export_names_the_options_quoted(inferred: tuple[str, ...], said: str) -> None:
    recorded = header.from_words(['uv', 'export', '--no-header', '-o', 'requirements.txt'], 1)
    project = Compiled('requirements.txt', ['uv.lock', 'pyproject.toml'], '', recorded)
    verdict = Verdict([], True)
    verdict.inferred = inferred
    assert inferred_hint(project, verdict) == (
        f'no header records how it was exported: judged as {said}; export it without --no-header to have its own options judged'
    )
