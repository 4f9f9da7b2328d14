"""hooks.compile.replay: the recorded command replayed, with the arguments
after ``--`` overriding the recorded options (through the real compilers:
compile_options_test)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from hooks import requirements_fresh
from hooks.compile.replay import compiler_for
from hooks.compile.replay import INDEX_OPTIONS
from hooks.compile.replay import replayed
from hooks.compile.replay import with_python_version
from hooks.compiled import Compiled
from hooks.readers import header
from testing.project import commit_all
from testing.project import edit
from testing.project import write
from testing.recompile import compile_
from testing.recompile import compiler_args
from testing.wheels import make_index
from testing.wheels import program


def test_recorded_options_are_kept_unless_given_again() -> None:
    recorded = ['--generate-hashes', '--extra=dev', '--allow-unsafe']
    assert replayed(recorded, []) == recorded
    assert replayed(recorded, ['--extra=test', 'ignored-word']) == ['--generate-hashes', '--allow-unsafe']


def test_any_index_option_given_replaces_every_recorded_one() -> None:
    recorded = ['--index-url=https://a/simple', '--extra-index-url=https://b/simple', '--find-links=wheels', '--generate-hashes']
    assert replayed(recorded, ['--no-index']) == ['--generate-hashes']
    assert replayed(recorded, ['-f', 'other']) == ['--generate-hashes']
    assert replayed(recorded, ['--pre']) == recorded
    assert {'-i', '--index-url', '--extra-index-url', '--no-index', '-f', '--find-links', '--index', '--default-index'} == INDEX_OPTIONS


def test_a_command_runs_in_the_outputs_folder_with_the_extra_arguments(tmp_path: Path) -> None:
    project = Compiled('sub/requirements.txt', ['sub/requirements.in'])
    compiler, folder, output = compiler_for(project, None, 'pip-reqs compile', ['--flag'], str(tmp_path))
    assert (compiler.argv, compiler.in_place) == (['pip-reqs', 'compile', '--flag'], True)
    assert (folder, output) == (os.path.join(str(tmp_path), 'sub'), 'requirements.txt')


# --- the header kept as written -----------------------------------------------

@pytest.mark.parametrize(('command', 'expected'), [
    ('uv pip compile a.in -o a.txt', 'uv pip compile a.in -o a.txt --python-version 3.12'),
    ('uv pip compile a.in --python-version 3.11 -o a.txt', 'uv pip compile a.in --python-version 3.12 -o a.txt'),
    ('uv pip compile --python-version=3.11 a.in', 'uv pip compile --python-version=3.12 a.in'),
])
def test_a_python_version_is_written_as_a_user_types_it(command: str, expected: str) -> None:
    assert with_python_version(command, '3.12') == expected


def _hand(tool: str, cwd: Path, argv: list[str], index: str) -> bytes:
    """Compile as a user types it (with the test index's options); the
    bytes it wrote."""
    prefix = [program('uv'), 'pip', 'compile', '-q'] if tool == 'uv' else [program('pip-compile'), '-q']
    subprocess.run([*prefix, *argv, *compiler_args(index)[1:]], cwd=cwd, check=True, capture_output=True)
    output = argv[argv.index('-o') + 1] if '-o' in argv else 'requirements.txt'
    return (cwd / output).read_bytes()


def _write_and_compile(repo: Path, index: str, tool: str, inputs: dict[str, str], argv: list[str]) -> bytes:
    for name, text in inputs.items():
        write(repo / name, text)
    return _hand(tool, repo, argv, index)


# (compiler, inputs, the command a user typed, the output it wrote); the
# index options are those the hook is given after --
HAND = [
    ('pip-tools', {'b.in': 'django>=4.2,<5\n', 'a.in': 'six\n'},
     ['--generate-hashes', '--allow-unsafe', '-o', 'requirements.txt', 'b.in', 'a.in'], 'requirements.txt'),
    ('pip-tools', {'requirements.in': 'django>=4.2,<5\nsix\n'}, ['requirements.in'], 'requirements.txt'),
    ('uv', {'b.in': 'django>=4.2,<5\n', 'a.in': 'six\n'}, ['b.in', 'a.in', '-o', 'out.txt', '--universal'], 'out.txt'),
]


@pytest.mark.parametrize(('tool', 'inputs', 'argv', 'output'), HAND)
def test_hook_and_hand_compiles_write_the_same_header_when_pins_change(
        repo: Path, index: str, capsys: pytest.CaptureFixture[str],
        tool: str, inputs: dict[str, str], argv: list[str], output: str,
) -> None:
    _write_and_compile(repo, index, tool, inputs, argv)
    commit_all(repo)
    make_index(Path(index).parent, {'requests': [('2.31.0', ['urllib3<3,>=1.21.1', 'idna<4,>=2.5'])], 'urllib3': ['2.0.7'], 'idna': ['3.6']})
    edit(repo / sorted(inputs)[-1], 'django>=4.2,<5\n', 'django>=4.2,<5\nrequests\n')
    old = (repo / output).read_bytes()

    assert compile_(index) == 1
    assert '  added requests 2.31.0\n' in capsys.readouterr().out
    hook = (repo / output).read_bytes()
    (repo / output).write_bytes(old)
    hand = _hand(tool, repo, argv, index)

    # the same bytes but the fingerprint line, which only the hook writes
    fingerprint, rest = hook.split(b'\n', 1)
    assert fingerprint.startswith(b'# aldryn-pins: v1 ')
    assert rest == hand
    assert b'requests==2.31.0' in hand


@pytest.mark.parametrize(('tool', 'inputs', 'argv', 'output'), HAND)
def test_hook_and_hand_compiles_write_the_same_header_when_pins_stay(
        repo: Path, index: str, capsys: pytest.CaptureFixture[str],
        tool: str, inputs: dict[str, str], argv: list[str], output: str,
) -> None:
    hand_header = _write_and_compile(repo, index, tool, inputs, argv)
    assert compile_(index, '--stamp') == 1  # a fingerprint for a file a hand compile wrote
    assert (repo / output).read_bytes().split(b'\n', 1)[1] == hand_header
    commit_all(repo)
    # asgiref is pinned already (for django): only an annotation changes
    edit(repo / sorted(inputs)[0], 'six\n', 'six\nasgiref\n')
    old = (repo / output).read_bytes()

    assert compile_(index) == 1
    hook = (repo / output).read_bytes()
    (repo / output).write_bytes(old)
    hand = _hand(tool, repo, argv, index)

    assert hook.split(b'\n', 1)[1] == hand
    assert hand != hand_header  # the annotation of asgiref changed
    assert _pins(hook) == _pins(hand_header)
    assert requirements_fresh.main([]) == 0


def _pins(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines() if b'==' in line and not line.startswith(b'#')]


HEADER = '#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n#    {}\n#\ndjango==4.2.7\n'


@pytest.mark.parametrize(('recorded', 'chosen', 'extra', 'env'), [
    # the recorded command, as written, whatever the hook's argv
    ('pip-compile --generate-hashes requirements.in', None, [], [('CUSTOM_COMPILE_COMMAND', 'pip-compile --generate-hashes requirements.in')]),
    ("pip-compile '--extra=a b' requirements.in", None, [], [('CUSTOM_COMPILE_COMMAND', "pip-compile '--extra=a b' requirements.in")]),
    # where packages come from is the hook's setting, not the command's
    ('pip-compile requirements.in', None, ['--no-index', '--find-links', 'wheels/', '--no-emit-find-links'],
     [('CUSTOM_COMPILE_COMMAND', 'pip-compile requirements.in')]),
    # another option changes the command: the compiler names what ran
    ('pip-compile requirements.in', None, ['--generate-hashes'], []),
    # another compiler names its own command
    ('pip-compile requirements.in', 'uv', [], []),
])
def test_the_header_names_the_recorded_command(tmp_path: Path, recorded: str, chosen: str | None, extra: list[str], env: list[tuple[str, str]]) -> None:
    found = header.read(HEADER.format(recorded), 'requirements.txt')
    assert found is not None
    project = Compiled('requirements.txt', ['requirements.in'], '', found)
    compiler, _, _ = compiler_for(project, chosen, None, extra, str(tmp_path))
    assert list(compiler.env) == env
