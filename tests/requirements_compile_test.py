"""requirements-compile, end to end: which files it recompiles (real
pip-compile against a local wheel index, in real git repositories; ``main``
called directly).  Recompiling them: tests/compile/."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hooks import requirements_compile
from hooks import requirements_fresh
from testing.project import commit_all
from testing.project import write
from testing.recompile import BIN
from testing.recompile import compile_
from testing.recompile import compiler_args
from testing.recompile import IN
from testing.recompile import listing
from testing.recompile import pins
from testing.rule8 import INSTALL
from testing.wheels import program

# --- deciding -------------------------------------------------------------

def test_create_makes_a_stamped_file_only_when_asked(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', IN)
    assert compile_(index) == 0
    assert not (repo / 'requirements.txt').exists()
    assert capsys.readouterr().out == ''

    assert compile_(index, '--create') == 1
    out = capsys.readouterr().out
    assert 'requirements.txt: does not exist, compiling it with pip-compile (--create)' in out
    assert '  added django 4.2.1\n' in out
    assert '  added six 1.16.0\n' in out
    text = (repo / 'requirements.txt').read_text()
    assert text.startswith('# aldryn-pins: v1 output=')
    assert ' <bytes>=' in text.splitlines()[0]  # every rule holds: the next check reads no requirement
    assert pins(repo / 'requirements.txt') == {
        'asgiref': '3.7.2', 'django': '4.2.1', 'six': '1.16.0', 'sqlparse': '0.4.4',
    }
    # the header names the real file, not the temporary one
    assert '--output-file=requirements.txt requirements.in' in text
    assert '.tmp' not in text
    assert listing(repo) == ['.git', 'requirements.in', 'requirements.txt']
    assert requirements_fresh.main([]) == 0


def test_fresh_starts_no_compiler_and_touches_nothing(pinned: Path, tmp_path: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    calls = tmp_path / 'calls.log'
    script = write(tmp_path / 'compile.py', textwrap.dedent(f'''\
        import subprocess, sys
        with open({str(calls)!r}, 'a') as f:
            f.write('called\\n')
        sys.exit(subprocess.call([{str(BIN / 'pip-compile')!r}, '-q', *sys.argv[1:], 'requirements.in']))
    '''))
    command = ['--command', f'{sys.executable} {script}']
    # stamp it once with this command (other options make it stale) ...
    assert compile_(index, *command) == 1
    assert calls.read_text() == 'called\n'
    before = (pinned / 'requirements.txt').read_bytes()
    mtime = os.stat(pinned / 'requirements.txt').st_mtime_ns
    capsys.readouterr()
    # ... then it is fresh: the compiler is not started again
    assert compile_(index, *command) == 0
    assert capsys.readouterr().out == ''
    assert calls.read_text() == 'called\n'
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert os.stat(pinned / 'requirements.txt').st_mtime_ns == mtime


def test_fresh_by_rules_without_fingerprint_is_left_alone(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    # a requirements.txt made by plain pip-compile (or pip-reqs): no
    # fingerprint, but fresh by rules 1-4: not recompiled, not stamped
    write(repo / 'requirements.in', IN)
    subprocess.run(
        [BIN / 'pip-compile', '-q', '--no-index', '--find-links', index, '--no-emit-find-links', 'requirements.in'],
        check=True, capture_output=True,
    )
    before = (repo / 'requirements.txt').read_bytes()
    assert compile_(index) == 0
    assert capsys.readouterr().out == ''
    assert (repo / 'requirements.txt').read_bytes() == before


def test_addon_installed_but_not_required_starts_no_compiler(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    # stamped with the addon installed: only rule 3 finds it, and no
    # compile can pin what requirements.in does not ask for
    write(pinned / 'addons/aldryn-forms/addon.json', '{"package-name": "aldryn-forms"}')
    assert compile_(index) == 1  # the addons list changed: recompiled, stamped
    capsys.readouterr()
    before = (pinned / 'requirements.txt').read_bytes()
    assert b'<bytes>=' not in before  # rule 3 fails: nothing may vouch for the file
    mtime = os.stat(pinned / 'requirements.txt').st_mtime_ns
    assert compile_(index) == 1
    assert capsys.readouterr().out.splitlines() == [
        'addons/aldryn-forms/addon.json:1: addon aldryn-forms is installed but requirements.txt does not pin it',
        '  hint: add the addon to requirements.in (the Control Panel writes it into the INSTALLED_ADDONS block), or uninstall it',
    ]
    assert (pinned / 'requirements.txt').read_bytes() == before
    assert os.stat(pinned / 'requirements.txt').st_mtime_ns == mtime


def test_new_requirement_adds_only_it_and_keeps_other_pins(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = pins(pinned / 'requirements.txt')
    assert before == {'asgiref': '3.7.2', 'django': '4.2.1', 'six': '1.16.0', 'sqlparse': '0.4.4'}
    with open(pinned / 'requirements.in', 'a') as f:
        f.write('requests\n')
    assert requirements_fresh.main([]) == 1
    capsys.readouterr()

    assert compile_(index) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        'requirements.txt: stale, recompiling with pip-compile:',
        '  requirements.txt:1: requirements.in changed since requirements.txt was compiled',
        '  requirements.in:3: requirement requests is not pinned in requirements.txt',
        '  added idna 3.6',
        '  added requests 2.31.0',
        '  added urllib3 2.0.7',
        'requirements.txt: rewritten; review it, git add it and commit again',
    ]
    # newer django, asgiref, sqlparse and six exist now: kept all the same
    assert pins(pinned / 'requirements.txt') == {
        **before, 'idna': '3.6', 'requests': '2.31.0', 'urllib3': '2.0.7',
    }
    assert requirements_fresh.main([]) == 0
    capsys.readouterr()
    # and a second run has nothing to do
    after = (pinned / 'requirements.txt').read_bytes()
    assert compile_(index) == 0
    assert capsys.readouterr().out == ''
    assert (pinned / 'requirements.txt').read_bytes() == after


def test_inputs_force_an_upgrade(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(pinned / 'requirements.in', 'django>=4.2.5,<5\nsix\n')
    assert compile_(index) == 1
    out = capsys.readouterr().out
    assert '  upgraded django 4.2.1 -> 4.2.7\n' in out
    assert 'asgiref' not in out  # its pin still satisfies django 4.2.7
    assert pins(pinned / 'requirements.txt')['asgiref'] == '3.7.2'
    write(pinned / 'requirements.in', 'django>=4.2,<5\nsix<1.16\n')
    assert compile_(index) == 1
    assert '  downgraded six 1.16.0 -> 1.15.0\n' in capsys.readouterr().out


def test_removed_requirement_is_removed(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(pinned / 'requirements.in', 'django>=4.2,<5\n')
    assert compile_(index) == 1
    assert '  removed six 1.16.0\n' in capsys.readouterr().out
    assert 'six' not in pins(pinned / 'requirements.txt')
    assert requirements_fresh.main([]) == 0


def test_comment_and_reorder_only_edits_stay_fresh(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = (pinned / 'requirements.txt').read_bytes()
    write(pinned / 'requirements.in', b'# our requirements\r\nSix   # for py2 compat\r\n\r\nDjango >=4.2,<5\r\n')
    assert requirements_fresh.main([]) == 0
    assert compile_(index) == 0
    assert capsys.readouterr().out == ''
    assert (pinned / 'requirements.txt').read_bytes() == before


def test_hand_edited_pin_is_stale_and_recompiled(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    txt = pinned / 'requirements.txt'
    txt.write_text(txt.read_text().replace('django==4.2.1', 'django==4.2.7'))
    assert requirements_fresh.main([]) == 1
    assert 'the pins were edited by hand since requirements.txt was compiled' in capsys.readouterr().out
    assert compile_(index) == 1
    out = capsys.readouterr().out
    assert 'the pins were edited by hand' in out
    # pip-compile keeps the pin it finds (a valid one), the stamp now vouches for it
    assert '  pins unchanged; header, annotations or fingerprint updated\n' in out
    assert pins(txt)['django'] == '4.2.7'
    assert requirements_fresh.main([]) == 0


def test_changed_compile_options_recompile(pinned: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert requirements_compile.main([*compiler_args(index), '--generate-hashes']) == 1
    out = capsys.readouterr().out
    assert 'the compile options changed since requirements.txt was compiled' in out
    assert '--hash=sha256:' in (pinned / 'requirements.txt').read_text()
    assert requirements_compile.main([*compiler_args(index), '--generate-hashes']) == 0


# --- rule 8: compiled for another Python -----------------------------------------

HERE_PYTHON = f'{sys.version_info[0]}.{sys.version_info[1]}'
RUNTIME = '3.12' if HERE_PYTHON != '3.12' else '3.13'


def _hand(cwd: Path, *argv: str) -> None:
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True)


def test_rule8_with_uv_compiles_for_the_runtime_python(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', IN)
    write(repo / 'Dockerfile', f'FROM python:{RUNTIME}-slim\n{INSTALL}')
    uv = [program('uv'), 'pip', 'compile', '-q', 'requirements.in', '-o', 'requirements.txt']
    _hand(repo, *uv, '--python-version', HERE_PYTHON, *compiler_args(index)[1:])
    commit_all(repo)
    assert requirements_fresh.main([]) == 1
    capsys.readouterr()

    assert compile_(index) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        'requirements.txt: stale, recompiling with uv:\n'
        f'  requirements.txt:2: compiled for Python {HERE_PYTHON}, but Dockerfile:1 builds on Python {RUNTIME}\n',
    ), out
    assert out.endswith('requirements.txt: rewritten; review it, git add it and commit again\n'), out
    hook = (repo / 'requirements.txt').read_bytes()
    assert (
        f'#    uv pip compile requirements.in -o requirements.txt --python-version {RUNTIME} --no-index --no-emit-find-links\n'
    ).encode() in hook
    assert requirements_fresh.main([]) == 0
    assert compile_(index) == 0
    # what a hand compile for that Python writes, but the fingerprint line
    _hand(repo, *uv, '--python-version', RUNTIME, *compiler_args(index)[1:])
    assert hook.split(b'\n', 1)[1] == (repo / 'requirements.txt').read_bytes()


def test_rule8_with_pip_compile_says_why_it_does_not_compile(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'requirements.in', IN)
    write(repo / 'Dockerfile', f'FROM python:{RUNTIME}-slim\n{INSTALL}')
    _hand(repo, program('pip-compile'), '-q', 'requirements.in', *compiler_args(index)[1:])
    commit_all(repo)
    before = (repo / 'requirements.txt').read_bytes()

    assert compile_(index) == 1
    recorded = (repo / 'requirements.txt').read_text().splitlines()[4].removeprefix('#').strip()
    assert capsys.readouterr().out == (
        f'requirements.txt:2: compiled for Python {HERE_PYTHON}, but Dockerfile:1 builds on Python {RUNTIME}\n'
        f'requirements.txt:2: pip-compile compiles for the Python it runs on ({HERE_PYTHON}), not {RUNTIME}: '
        'compile in that image, or pass --command\n'
        # the fix compiles in the Dockerfile's image (README.md, "Fix lines")
        f'  fix: docker run --rm -v "$PWD":/src -w /src python:{RUNTIME}-slim sh -c '
        f"'pip install --quiet pip-tools && {recorded}'\n"
    )
    assert (repo / 'requirements.txt').read_bytes() == before
    assert listing(repo) == ['.git', 'Dockerfile', 'requirements.in', 'requirements.txt']


# --- the fingerprint: no churn with hand compiles --------------------------------

def test_a_hand_compile_is_not_rewritten_only_to_add_the_fingerprint(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> None:
    pip_compile = [program('pip-compile'), '-q', 'requirements.in', *compiler_args(index)[1:]]
    write(repo / 'requirements.in', IN)
    _hand(repo, *pip_compile)
    commit_all(repo)
    with open(repo / 'requirements.in', 'a') as f:
        f.write('requests\n')
    _hand(repo, *pip_compile)  # compiled by hand, not git added yet
    subprocess.run(['git', 'add', 'requirements.in'], cwd=repo, check=True)
    hand = (repo / 'requirements.txt').read_bytes()

    assert compile_(index, '--source', 'index') == 1
    assert capsys.readouterr().out == (
        'requirements.txt: stale, recompiling with pip-compile:\n'
        '  requirements.in:3: requirement requests is not pinned in requirements.txt\n'
        'requirements.txt: recompiled, nothing changed\n'
        'requirements.txt: fresh in the working tree, but not in what is being committed: git add it\n'
    )
    assert (repo / 'requirements.txt').read_bytes() == hand
    assert compile_(index) == 0  # fresh without a fingerprint: nothing to do
    assert (repo / 'requirements.txt').read_bytes() == hand
    capsys.readouterr()

    assert compile_(index, '--stamp') == 1
    assert capsys.readouterr().out == (
        'requirements.txt: fresh, compiling with pip-compile to stamp the fingerprint (--stamp)\n'
        '  pins unchanged; fingerprint stamped\n'
        'requirements.txt: rewritten; review it, git add it and commit again\n'
    )
    fingerprint, rest = (repo / 'requirements.txt').read_bytes().split(b'\n', 1)
    assert fingerprint.startswith(b'# aldryn-pins: v1 ') and b' <bytes>=' in fingerprint
    assert rest == hand
    assert compile_(index, '--stamp') == 0
    assert requirements_fresh.main([]) == 0
