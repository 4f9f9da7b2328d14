"""``--format text|github|json``: every hook, on a fresh, a stale and a
bad-input project; GitHub's escaping; the choice under GitHub Actions; and
real pre-commit printing workflow commands."""
from __future__ import annotations

import json
import os
import pty
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import cli
from hooks import dockerfile_requirements
from hooks import fingerprint
from hooks import requirements_compile
from hooks import requirements_fresh
from hooks.compiled import Compiled
from hooks.report import Report
from hooks.rules import rule5_fingerprint
from hooks.snapshot import Snapshot
from testing.project import commit_all
from testing.project import edit
from testing.project import imported
from testing.project import write
from testing.wheels import isolated_env
from testing.wheels import make_index

REPO = Path(__file__).resolve().parents[1]
FRESH_FIX = 'docker compose run --rm web pip-reqs compile'
FRESH_OR = 'requirements-compile --project .'
ADDON = 'addon aldryn-django 3.2.20.0 is pinned at 3.2.19.0 in requirements.txt:13'
RECOMPILES = (
    '`pip-reqs compile` recompiles the requirements during the build, '
    'so the build throws the pinned requirements.txt away'
)
MISSING = 'missing.in: included file not found'
HEREDOC = "unterminated heredoc: no line 'EOF' ends the heredoc started here"

Main = Callable[[list[str]], int]


@pytest.fixture(autouse=True)
def not_in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv('GITHUB_ACTIONS', raising=False)


def run(capsys: pytest.CaptureFixture[str], main: Main, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    assert 'Traceback' not in out + err
    return rc, out, err


def document(capsys: pytest.CaptureFixture[str], main: Main, *args: str) -> tuple[int, dict[str, object]]:
    rc, out, err = run(capsys, main, '--format', 'json', *args)
    doc = json.loads(out)  # one document, nothing else on stdout
    assert err == ''
    assert doc['exit'] == rc
    return rc, doc


def finding(
        hook: str, path: str, line: int | None, message: str, rule: int | None = None, severity: str = 'error',
        fix: str | None = None, alternative: str | None = None, hint: str | None = None,
) -> dict[str, object]:
    return {
        'hook': hook, 'path': path, 'line': line, 'rule': rule, 'severity': severity, 'message': message,
        'fix': fix, 'alternative': alternative, 'hint': hint,
    }


def stale_addon(divio: Path) -> None:
    edit(
        divio / 'requirements.in',
        'aldryn-django-3.2.19.0.tar.gz#egg=aldryn-django==3.2.19.0',
        'aldryn-django-3.2.20.0.tar.gz#egg=aldryn-django==3.2.20.0',
    )


def bad_include(root: Path) -> None:
    with open(root / 'requirements.in', 'a') as f:
        f.write('-r missing.in\n')


def compiling_dockerfile(divio: Path) -> None:
    edit(divio / 'Dockerfile', 'RUN pip-reqs resolve', 'RUN pip-reqs compile && pip-reqs resolve')


def stamp(root: Path) -> None:
    txt = root / 'requirements.txt'
    with Snapshot(str(root)) as snap:
        inputs = fingerprint.inputs(snap, Compiled('requirements.txt', ['requirements.in']))
    txt.write_bytes(rule5_fingerprint.stamp(txt.read_bytes().decode(), inputs, fingerprint.options_digest(['pip-compile'])).encode())


# --- requirements-fresh and dockerfile-requirements: every format ----------

def fresh(divio: Path) -> None:
    pass


# (hook, main, how the project is made, exit code, text, github, json findings)
CASES = (
    pytest.param(
        'requirements-fresh', requirements_fresh.main, fresh, 0, '', '', [],
        id='requirements-fresh fresh',
    ),
    pytest.param(
        'requirements-fresh', requirements_fresh.main, stale_addon, 1,
        f'requirements.in:3: {ADDON}\n  fix: {FRESH_FIX}\n   or: {FRESH_OR}\n',
        f'::error file=requirements.in,line=3,title=requirements-fresh::{ADDON}\n'
        f'::notice title=requirements-fresh::fix: {FRESH_FIX}\n'
        f'::notice title=requirements-fresh::or: {FRESH_OR}\n',
        [finding('requirements-fresh', 'requirements.in', 3, ADDON, rule=1, fix=FRESH_FIX, alternative=FRESH_OR)],
        id='requirements-fresh stale addon',
    ),
    pytest.param(
        'requirements-fresh', requirements_fresh.main, bad_include, 2,
        f'requirements.in:13: {MISSING}\n',
        f'::error file=requirements.in,line=13,title=requirements-fresh::{MISSING}\n',
        [finding('requirements-fresh', 'requirements.in', 13, MISSING)],
        id='requirements-fresh bad input',
    ),
    pytest.param(
        'dockerfile-requirements', dockerfile_requirements.main, fresh, 0, '', '', [],
        id='dockerfile-requirements fresh',
    ),
    pytest.param(
        'dockerfile-requirements', dockerfile_requirements.main, compiling_dockerfile, 1,
        f'Dockerfile:16: {RECOMPILES}\n  fix: dockerfile-requirements --fix\n',
        f'::error file=Dockerfile,line=16,title=dockerfile-requirements::{RECOMPILES}\n'
        '::notice title=dockerfile-requirements::fix: dockerfile-requirements --fix\n',
        [finding('dockerfile-requirements', 'Dockerfile', 16, RECOMPILES, fix='dockerfile-requirements --fix')],
        id='dockerfile-requirements compiles although pinned',
    ),
    pytest.param(
        'dockerfile-requirements', dockerfile_requirements.main,
        lambda d: write(d / 'Dockerfile', 'FROM x\nRUN <<EOF\necho\n'), 2,
        f'Dockerfile:2: {HEREDOC}\n',
        f'::error file=Dockerfile,line=2,title=dockerfile-requirements::{HEREDOC}\n',
        [finding('dockerfile-requirements', 'Dockerfile', 2, HEREDOC)],
        id='dockerfile-requirements bad input',
    ),
)


@pytest.mark.parametrize(('hook', 'main', 'make', 'code', 'text', 'github', 'findings'), CASES)
def test_every_format(
        divio: Path, capsys: pytest.CaptureFixture[str], hook: str, main: Main,
        make: Callable[[Path], None], code: int, text: str, github: str, findings: list[dict[str, object]],
) -> None:
    make(divio)
    assert run(capsys, main) == (code, text, '')
    assert run(capsys, main, '--format', 'text') == (code, text, '')
    assert run(capsys, main, '--format', 'github') == (code, github, '')
    assert run(capsys, main, '--format=github') == (code, github, '')
    assert document(capsys, main) == (code, {'version': 1, 'findings': findings, 'log': [], 'exit': code})


TAGS = (
    'nothing compiles requirements, but the Divio `# <PYTHON>` tags remain (lines 11 and 20): '
    'the Control Panel owns the tagged section and rewrites it at deployment, which can put the compile step back'
)
TAGS_FIX = 'dockerfile-requirements --fix'


def tagged(divio: Path) -> None:
    edit(divio / 'Dockerfile', '# requirements.txt pins every dependency: no pip-reqs compile here\n', '# <PYTHON>\n')
    edit(divio / 'Dockerfile', '        --requirement requirements.urls\n', '        --requirement requirements.urls\n# </PYTHON>\n')


@pytest.mark.parametrize(('strict', 'code', 'severity'), ((False, 0, 'warning'), (True, 1, 'error')))
def test_the_divio_tags_warning(divio: Path, capsys: pytest.CaptureFixture[str], strict: bool, code: int, severity: str) -> None:
    tagged(divio)
    args = ['--strict'] if strict else []
    main = dockerfile_requirements.main
    assert run(capsys, main, *args) == (code, f'Dockerfile:11: warning: {TAGS}\n  fix: {TAGS_FIX}\n', '')
    assert run(capsys, main, '--format', 'github', *args) == (
        code,
        f'::{severity} file=Dockerfile,line=11,title=dockerfile-requirements::warning: {TAGS}\n'
        f'::notice title=dockerfile-requirements::fix: {TAGS_FIX}\n',
        '',
    )
    assert document(capsys, main, *args)[1]['findings'] == [
        finding('dockerfile-requirements', 'Dockerfile', 11, f'warning: {TAGS}', severity=severity, fix=TAGS_FIX),
    ]


def test_fix_reports_what_it_changed(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    compiling_dockerfile(divio)
    rc, doc = document(capsys, dockerfile_requirements.main, '--fix')
    assert rc == 1
    assert doc['findings'] == [
        finding('dockerfile-requirements', 'Dockerfile', 16, 'fixed: removed `pip-reqs compile &&`'),
    ]
    assert 'pip-reqs compile &&' not in (divio / 'Dockerfile').read_text().replace('no pip-reqs compile here', '')


def test_a_file_that_cannot_be_judged_is_a_finding_in_every_format(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # dependencies that setup.py computes, without a fingerprint: never
    # silent (exit 1), with the argument that accepts it: a hint, since no
    # command does it (a fix line is one command)
    write(repo / 'setup.py', 'from setuptools import setup\nsetup(install_requires=["django"])\n')
    write(repo / 'requirements.txt', (
        '#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n'
        '#    pip-compile setup.py\n#\ndjango==4.2.7\n    # via webapp (setup.py)\n'
    ))
    message = 'not checked: dependencies are computed by setup.py'
    hint = "accept it deliberately: add --unchecked requirements.txt to the hook's args in .pre-commit-config.yaml"
    assert run(capsys, requirements_fresh.main) == (1, f'setup.py:1: {message}\n  hint: {hint}\n', '')
    rc, out, _ = run(capsys, requirements_fresh.main, '--format', 'github')
    assert (rc, out.splitlines()) == (1, [
        f'::error file=setup.py,line=1,title=requirements-fresh::{message}',
        f'::notice title=requirements-fresh::hint: {hint}',
    ])
    assert document(capsys, requirements_fresh.main)[1]['findings'] == [
        finding('requirements-fresh', 'setup.py', 1, message, hint=hint),
    ]
    assert run(capsys, requirements_fresh.main, '--unchecked', 'requirements.txt') == (0, '', '')


def test_bad_input_of_the_whole_run_in_json(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # no such revision: no path applies
    rc, doc = document(capsys, requirements_fresh.main, '--source', 'no-such-rev')
    assert rc == 2
    [only] = doc['findings']  # type: ignore[misc]
    assert (only['severity'], only['rule'], only['fix']) == ('error', None, None)
    rc, out, _ = run(capsys, requirements_fresh.main, '--source', 'no-such-rev', '--format', 'github')
    assert rc == 2 and out.startswith('::error ') and out.count('\n') == 1


# --- requirements-compile: real pip-compile ----------------------------------

PACKAGES = {'six': ['1.15.0', '1.16.0'], 'requests': [('2.31.0', ['idna<4,>=2.5'])], 'idna': ['3.6']}


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    for k, v in isolated_env(tmp_path / 'cache').items():
        if v is None:
            monkeypatch.delenv(k, raising=False)
        else:
            monkeypatch.setenv(k, v)
    return make_index(tmp_path, PACKAGES)


@pytest.fixture
def pinned(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> Path:
    write(repo / 'requirements.in', 'six\n')
    assert requirements_compile.main(['--create', '--', '--no-index', '--find-links', index, '--no-emit-find-links']) == 1
    commit_all(repo, 'pin')
    capsys.readouterr()
    return repo


def compile_(index: str, *args: str) -> Main:
    def main(argv: list[str]) -> int:
        return requirements_compile.main([*argv, *args, '--', '--no-index', '--find-links', index, '--no-emit-find-links'])
    return main


CHANGED = 'requirements.in changed since requirements.txt was compiled'
NOT_PINNED = 'requirement requests is not pinned in requirements.txt'
REWRITTEN = 'rewritten; review it, git add it and commit again'


def test_compile_fresh_and_bad_input(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    main = compile_(index)
    assert run(capsys, main, '--format', 'github') == (0, '', '')
    assert document(capsys, main) == (0, {'version': 1, 'findings': [], 'log': [], 'exit': 0})
    bad_include(pinned)
    assert run(capsys, main) == (2, f'requirements.in:2: {MISSING}\n', '')
    assert run(capsys, main, '--format', 'github') == (2, f'::error file=requirements.in,line=2,title=requirements-compile::{MISSING}\n', '')
    assert document(capsys, main) == (2, {
        'version': 1, 'findings': [finding('requirements-compile', 'requirements.in', 2, MISSING)], 'log': [], 'exit': 2,
    })


def test_compile_stale_in_json_and_github(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = (pinned / 'requirements.txt').read_bytes()
    write(pinned / 'requirements.in', 'six\nrequests\n')
    rc, doc = document(capsys, compile_(index))
    assert rc == 1
    assert doc['findings'] == [
        finding('requirements-compile', 'requirements.txt', 1, CHANGED, rule=5),
        finding('requirements-compile', 'requirements.in', 2, NOT_PINNED, rule=2),
        finding('requirements-compile', 'requirements.txt', None, REWRITTEN),
    ]
    assert doc['log'] == [
        'requirements.txt: stale, recompiling with pip-compile:',
        '  added idna 3.6',
        '  added requests 2.31.0',
    ]
    assert 'requests==2.31.0' in (pinned / 'requirements.txt').read_text()

    (pinned / 'requirements.txt').write_bytes(before)
    rc, out, err = run(capsys, compile_(index), '--format', 'github')
    assert rc == 1
    assert out == (
        f'::error file=requirements.txt,line=1,title=requirements-compile::{CHANGED}\n'
        f'::error file=requirements.in,line=2,title=requirements-compile::{NOT_PINNED}\n'
        f'::error file=requirements.txt,title=requirements-compile::{REWRITTEN}\n'
    )
    assert err == 'requirements.txt: stale, recompiling with pip-compile:\n  added idna 3.6\n  added requests 2.31.0\n'


def test_compile_failure_in_json(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(pinned / 'requirements.in', 'six\nno-such-package\n')
    rc, doc = document(capsys, compile_(index))
    assert rc == 2
    assert doc['findings'][-1] == finding(  # type: ignore[index]
        'requirements-compile', 'requirements.txt', 1, 'pip-compile failed (exit code 1); left as it was',
    )
    assert any('no-such-package' in line for line in doc['log'])  # type: ignore[attr-defined]


# --- GitHub's escaping ---------------------------------------------------------

def test_github_escapes_data_and_properties(capsys: pytest.CaptureFixture[str]) -> None:
    report = Report('my,hook:x', 'github')
    report.finding('a:b,c%.txt', 2, '100% broken\r\nsee: here, there', rule=1)
    report.fix('run a\nthen b')
    report.finding('', 0, 'no path', severity='warning')
    assert report.close(1) == 1
    assert capsys.readouterr().out.splitlines() == [
        '::error file=a%3Ab%2Cc%25.txt,line=2,title=my%2Chook%3Ax::100%25 broken%0D%0Asee: here, there',
        '::notice title=my%2Chook%3Ax::fix: run a%0Athen b',
        '::warning title=my%2Chook%3Ax::no path',
    ]


FORGED = '::error file=README.md,line=1::forged'


def test_github_escapes_progress_lines_on_stderr(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the runner reads commands from both streams: a folder name or a
    # compiler's output must not become an annotation
    write(repo / FORGED / 'requirements.in', 'six\nrequests\n')
    write(repo / FORGED / 'requirements.txt', 'six==1.16.0\n')
    compiler = f'{sys.executable} -c "import sys; print(sys.argv[1], file=sys.stderr); sys.exit(3)" ##[warning]forged'
    rc, out, err = run(capsys, requirements_compile.main, '--format', 'github', '--command', compiler)
    assert rc == 2
    assert out.startswith('::error file=%3A%3Aerror file=README.md%2Cline=1%3A%3Aforged/requirements.in,line=2,')
    shown = shlex.join(shlex.split(compiler)).replace('##[', '##%5B')
    assert err.splitlines() == [
        f':%3Aerror file=README.md,line=1:%3Aforged/requirements.txt: stale, recompiling with {shown}:',
        '  | ##%5Bwarning]forged',
    ]


def test_text_spells_out_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    # a newline or a terminal escape in a path cannot split a line or
    # drive the terminal
    report = Report('requirements-fresh')
    report.finding('a\nb/requirements.in', 2, 'requirement x is not pinned in a\nb/requirements.txt')
    report.line('\x1b]0;title\x07progress\r')
    assert capsys.readouterr().out.splitlines() == [
        'a\\nb/requirements.in:2: requirement x is not pinned in a\\nb/requirements.txt',
        '\\x1b]0;title\\x07progress\\r',
    ]


# --- choosing the format ---------------------------------------------------------

def test_github_under_github_actions_unless_told(divio: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stale_addon(divio)
    monkeypatch.setenv('GITHUB_ACTIONS', 'true')  # and capsys's stdout is no terminal
    rc, out, _ = run(capsys, requirements_fresh.main)
    assert (rc, out.splitlines()[0]) == (1, f'::error file=requirements.in,line=3,title=requirements-fresh::{ADDON}')
    assert run(capsys, requirements_fresh.main, '--format', 'text')[1].startswith(f'requirements.in:3: {ADDON}\n')
    assert json.loads(run(capsys, requirements_fresh.main, '--format', 'json')[1])['exit'] == 1
    monkeypatch.setenv('GITHUB_ACTIONS', 'false')
    assert run(capsys, requirements_fresh.main)[1].startswith(f'requirements.in:3: {ADDON}\n')


def test_a_terminal_gets_text_under_github_actions(divio: Path) -> None:
    stale_addon(divio)
    primary, secondary = pty.openpty()
    env = {**os.environ, 'GITHUB_ACTIONS': 'true', 'PYTHONPATH': str(REPO)}
    proc = subprocess.run(
        (sys.executable, '-m', 'hooks.requirements_fresh'), cwd=divio, env=env,
        stdout=secondary, stderr=subprocess.PIPE, timeout=60,
    )
    os.close(secondary)
    out = os.read(primary, 65536).decode()
    os.close(primary)
    assert proc.returncode == 1, proc.stderr
    assert out.startswith(f'requirements.in:3: {ADDON}\r\n')


@pytest.mark.parametrize('main', (requirements_fresh.main, requirements_compile.main, dockerfile_requirements.main))
def test_an_unknown_format_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str], main: Main) -> None:
    with pytest.raises(SystemExit) as e:
        main(['--format', 'xml'])
    assert e.value.code == 2
    assert "error: argument --format: invalid choice: 'xml' (choose from 'text', 'github', 'json')" in capsys.readouterr().err


PARSERS = (requirements_fresh.PARSER, requirements_compile.PARSER, dockerfile_requirements.PARSER)


@pytest.mark.parametrize('parser', PARSERS)
@pytest.mark.parametrize(('argv', 'value'), (
    (['--format', 'json'], 'json'),
    (['--format=github'], 'github'),
    (['--format', 'text', '--format', 'json'], 'json'),
    (['--format', 'xml'], 'xml'),  # refused by the hook, not the parser
))
def test_format_is_read_without_argparse(parser: cli.Parser, argv: list[str], value: str) -> None:
    plain = parser._parse_plain(argv)
    assert plain is not None and plain['format'] == value
    assert plain == vars(parser.build().parse_args(argv))


@pytest.mark.parametrize('parser', PARSERS)
def test_no_format_is_no_attribute(parser: cli.Parser) -> None:
    assert 'format' not in vars(parser.parse_args([]))
    assert 'format' not in vars(parser.build().parse_args([]))
    assert '--format text|github|json' in parser.build().format_help()


def test_github_and_text_import_nothing_heavy(divio: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stamp(divio)
    heavy = ('json', 'argparse', 're', 'typing', 'packaging', 'git', 'collections', 'types')
    assert imported(divio, 'requirements_fresh', heavy) == '0 []'
    monkeypatch.setenv('GITHUB_ACTIONS', 'true')  # imported() reads a pipe: github
    assert imported(divio, 'requirements_fresh', heavy) == '0 []'
    assert imported(divio, 'dockerfile_requirements', heavy) == '0 []'
    code = (
        'import sys\nfrom hooks.requirements_fresh import main\n'
        'main(["--source", "worktree", "--format", "json"])\n'
        'print(sorted(m for m in ("argparse", "json") if m in sys.modules))\n'
    )
    out = subprocess.run((sys.executable, '-c', code), cwd=divio, capture_output=True, text=True, check=True).stdout
    assert json.loads(out[:out.rindex('}') + 1])['exit'] == 0
    assert out.splitlines()[-1] == "['json']"  # json only when asked for, argparse never


# --- real pre-commit under GitHub Actions -------------------------------------------

def test_pre_commit_under_github_actions_prints_workflow_commands(
        divio: Path, hook_repo: tuple[str, str], pre_commit_home: Path,
) -> None:
    hook_path, rev = hook_repo
    write(divio / '.pre-commit-config.yaml', (
        f'repos:\n-   repo: {hook_path}\n    rev: {rev}\n    hooks:\n'
        '    -   id: requirements-fresh\n    -   id: dockerfile-requirements\n'
    ))
    stale_addon(divio)
    compiling_dockerfile(divio)
    commit_all(divio, 'upgrade aldryn-django')
    env = {k: v for k, v in os.environ.items() if not k.startswith(('GIT_', 'PRE_COMMIT'))}
    env.update(PRE_COMMIT_HOME=str(pre_commit_home), GITHUB_ACTIONS='true')
    r = subprocess.run(
        (sys.executable, '-m', 'pre_commit', 'run', '--all-files', '--color', 'never'),
        cwd=divio, env=env, capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 1, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert f'::error file=requirements.in,line=3,title=requirements-fresh::{ADDON}' in lines
    assert f'::notice title=requirements-fresh::fix: {FRESH_FIX}' in lines
    assert f'::error file=Dockerfile,line=16,title=dockerfile-requirements::{RECOMPILES}' in lines
    assert not any(line.startswith(('requirements.in:3:', 'Dockerfile:16:')) for line in lines)
    # the hook is configured without --fix: the fix names its console script
    # in pre-commit's store, which is on the user's disk (not on PATH);
    # run as printed, it fixes the Dockerfile
    notice = '::notice title=dockerfile-requirements::fix: '
    fix = next(line for line in lines if line.startswith(notice)).removeprefix(notice)
    assert fix.startswith(f'{pre_commit_home}/repo') and fix.endswith('/bin/dockerfile-requirements --fix')
    subprocess.run(['bash', '-c', fix], cwd=divio, env=env, capture_output=True, check=False)
    assert 'pip-reqs compile &&' not in (divio / 'Dockerfile').read_text()
    commit_all(divio, 'fixed')
    r = subprocess.run(
        (sys.executable, '-m', 'pre_commit', 'run', 'dockerfile-requirements', '--all-files'),
        cwd=divio, env=env, capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_readme_example_is_what_the_hook_prints(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (REPO / 'README.md').read_text()
    section = readme[readme.index('## Output formats'):]
    block = section[section.index('```json\n') + len('```json\n'):section.index('  ```\n', section.index('```json\n'))]
    stale_addon(divio)
    rc, out, _ = run(capsys, requirements_fresh.main, '--format', 'json')
    assert rc == 1
    assert out == ''.join(line[2:] + '\n' for line in block.splitlines())  # the README indents it by 2
    github = section[section.index('  ```\n  ::error'):].split('  ```\n')[1]
    assert run(capsys, requirements_fresh.main, '--format', 'github')[1] == ''.join(line[2:] + '\n' for line in github.splitlines())
