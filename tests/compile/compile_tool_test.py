"""hooks.compile.tool: what the options digest covers (the digest's
effect through the hook: compile_options_test)."""
from __future__ import annotations

from hooks.compile.tool import options_argv
from hooks.compile.tool import tool_for
from hooks.compiled import Compiled


def test_the_compiler_and_its_arguments() -> None:
    assert options_argv(None, None, ['--generate-hashes']) == ['pip-compile', '--generate-hashes']
    assert options_argv('pip-tools', None, []) == ['pip-compile']
    assert options_argv('uv', None, ['--universal']) == ['uv', '--universal']


def test_a_command_is_split_like_a_shell_or_kept_whole() -> None:
    assert options_argv(None, 'pip-reqs "com pile"', ['-x']) == ['pip-reqs', 'com pile', '-x']
    assert options_argv('uv', 'pip-reqs compile', []) == ['pip-reqs', 'compile']
    assert options_argv(None, 'pip-reqs "compile', ['-x']) == ['pip-reqs "compile', '-x']


def test_the_chosen_compiler_wins_else_pip_tools_for_a_file_without_header() -> None:
    project = Compiled('requirements.txt', ['requirements.in'])
    assert tool_for(project, 'uv') == 'uv'
    assert tool_for(project, None) is None
