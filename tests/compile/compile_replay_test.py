"""hooks.compile.replay: the recorded command replayed, with the arguments
after ``--`` overriding the recorded options (through the real compilers:
compile_options_test)."""
from __future__ import annotations

import os
from pathlib import Path

from hooks.compile.replay import compiler_for
from hooks.compile.replay import INDEX_OPTIONS
from hooks.compile.replay import replayed
from hooks.compiled import Compiled


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
