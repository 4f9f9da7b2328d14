"""hooks.compile.command: which compiler runs, with which argv."""
from __future__ import annotations

import os
import sys

import pytest

from hooks.compile.command import find_program
from hooks.compile.command import make_compiler
from hooks.compile.errors import CompileError


def test_command_is_split_like_a_shell_and_gets_the_extra_args() -> None:
    comp = make_compiler(command='docker compose run --rm web "pip-reqs compile" --flag=\'a b\'', args=['--generate-hashes'])
    assert comp.in_place
    assert comp.argv == ['docker', 'compose', 'run', '--rm', 'web', 'pip-reqs compile', '--flag=a b', '--generate-hashes']
    assert comp.name == "docker compose run --rm web 'pip-reqs compile' '--flag=a b'"


@pytest.mark.parametrize(('command', 'message'), [
    ('', '--command: empty command'),
    ('   ', '--command: empty command'),
    ('pip-reqs "compile', "--command: cannot split 'pip-reqs \"compile': No closing quotation"),
])
def test_bad_commands(command: str, message: str) -> None:
    with pytest.raises(CompileError) as e:
        make_compiler(command=command)
    assert str(e.value) == message


def test_pip_compile_is_found_beside_the_interpreter() -> None:
    comp = make_compiler('pip-tools', args=['--no-index'])
    assert comp.argv[0] == os.path.join(os.path.dirname(sys.executable), 'pip-compile')
    assert comp.command('.requirements.txt.x.tmp')[1:] == ['--no-index', '--output-file=.requirements.txt.x.tmp', 'requirements.in']
    assert not comp.in_place


def test_uv_argv() -> None:
    if find_program('uv') is None:
        pytest.skip('uv not installed')
    comp = make_compiler('uv', args=['--generate-hashes'])
    assert comp.command('T')[1:] == ['pip', 'compile', '--generate-hashes', 'requirements.in', '--output-file', 'T']


def test_unknown_compiler() -> None:
    with pytest.raises(CompileError, match='unknown compiler'):
        make_compiler('poetry')



def test_only_pip_compile_gets_the_copies() -> None:
    assert make_compiler('pip-tools').inputs == ('requirements.in',)
    assert make_compiler(command='pip-reqs compile').inputs == ()
    if find_program('uv') is not None:
        assert make_compiler('uv').inputs == ()  # uv reads URL#egg=NAME==VERSION
