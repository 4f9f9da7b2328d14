from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks import cli
from hooks import dockerfile_requirements
from hooks import requirements_compile
from hooks import requirements_fresh

PARSERS = {
    'requirements-fresh': requirements_fresh.PARSER,
    'requirements-compile': requirements_compile.PARSER,
    'dockerfile-requirements': dockerfile_requirements.PARSER,
}


def argparse_answer(parser: cli.Parser, argv: list[str]) -> dict[str, object] | None:
    """What argparse makes of argv: the options, or None for a usage error
    or --help (argparse exits)."""
    try:
        return vars(parser.build().parse_args(argv))
    except SystemExit:
        return None


PLAIN = (
    # (hook, argv, the options read without argparse)
    ('requirements-fresh', [], {'outputs': [], 'project': None, 'no_cache': False, 'unchecked': None, 'source': 'auto'}),
    ('requirements-fresh', ['--source', 'worktree'], {'outputs': [], 'project': None, 'no_cache': False, 'unchecked': None, 'source': 'worktree'}),
    ('requirements-fresh', ['--source=index'], {'outputs': [], 'project': None, 'no_cache': False, 'unchecked': None, 'source': 'index'}),
    ('requirements-fresh', ['--source='], {'outputs': [], 'project': None, 'no_cache': False, 'unchecked': None, 'source': ''}),
    ('requirements-fresh', ['--source', ''], {'outputs': [], 'project': None, 'no_cache': False, 'unchecked': None, 'source': ''}),
    ('requirements-fresh', ['--source=-x'], {'outputs': [], 'project': None, 'no_cache': False, 'unchecked': None, 'source': '-x'}),
    ('requirements-fresh', ['--project', 'a', '--project=b', '--source', 'HEAD~1'], {'outputs': [], 'project': ['a', 'b'], 'no_cache': False, 'unchecked': None, 'source': 'HEAD~1'}),
    ('requirements-fresh', ['--source', 'a', '--source', 'b'], {'outputs': [], 'project': None, 'no_cache': False, 'unchecked': None, 'source': 'b'}),
    ('requirements-fresh', ['--unchecked', 'a.txt', '--unchecked=b/c.txt'], {'outputs': [], 'project': None, 'no_cache': False, 'unchecked': ['a.txt', 'b/c.txt'], 'source': 'auto'}),
    ('requirements-fresh', ['--no-cache', '--source', 'index'], {'outputs': [], 'project': None, 'no_cache': True, 'unchecked': None, 'source': 'index'}),
    ('dockerfile-requirements', [], {'fix': False, 'strict': False, 'dockerfile': None, 'project': None, 'source': 'auto', 'filenames': []}),
    ('dockerfile-requirements', ['--fix', '--strict', '--dockerfile', 'docker/Dockerfile'], {'fix': True, 'strict': True, 'dockerfile': 'docker/Dockerfile', 'project': None, 'source': 'auto', 'filenames': []}),
    ('requirements-compile', ['--create'], {'outputs': [], 'project': None, 'source': 'auto', 'compiler': None, 'command': None, 'create': True, 'stamp': False, 'verbose': False, 'lock_wait': 60.0, 'no_cache': False, 'unchecked': None}),
    ('requirements-fresh', ['requirements.txt'], {'outputs': ['requirements.txt'], 'project': None, 'no_cache': False, 'unchecked': None, 'source': 'auto'}),
    ('requirements-fresh', ['--no-cache', 'a.txt', 'b c.txt', ''], {'outputs': ['a.txt', 'b c.txt', ''], 'project': None, 'no_cache': True, 'unchecked': None, 'source': 'auto'}),
    ('requirements-fresh', ['a.txt', '--source', 'index'], {'outputs': ['a.txt'], 'project': None, 'no_cache': False, 'unchecked': None, 'source': 'index'}),
    ('dockerfile-requirements', ['Dockerfile', 'docker/Dockerfile'], {'fix': False, 'strict': False, 'dockerfile': None, 'project': None, 'source': 'auto', 'filenames': ['Dockerfile', 'docker/Dockerfile']}),
    ('requirements-compile', ['--command', 'docker compose run --rm web pip-reqs compile'], {'outputs': [], 'project': None, 'source': 'auto', 'compiler': None, 'command': 'docker compose run --rm web pip-reqs compile', 'create': False, 'stamp': False, 'verbose': False, 'lock_wait': 60.0, 'no_cache': False, 'unchecked': None}),
)


@pytest.mark.parametrize(('hook', 'argv', 'expected'), PLAIN)
def test_plain_command_lines_are_read_without_argparse(hook: str, argv: list[str], expected: dict[str, object]) -> None:
    parser = PARSERS[hook]
    assert parser._parse_plain(argv) == expected
    assert argparse_answer(parser, argv) == expected
    assert vars(parser.parse_args(argv)) == expected


ARGPARSE = (
    # (hook, argv): left to argparse, which reads, helps or refuses them
    ('requirements-fresh', ['-h']),
    ('requirements-fresh', ['--help']),
    ('requirements-fresh', ['--sour', 'index']),  # an abbreviation
    ('requirements-fresh', ['--source']),  # no value
    ('requirements-fresh', ['--source', '--project', 'x']),  # the value is an option
    ('requirements-fresh', ['--source', '-']),
    ('requirements-fresh', ['--frobnicate']),
    ('requirements-fresh', ['a.txt', '--source', 'x', 'b.txt']),  # file names split: argparse refuses b.txt
    ('requirements-fresh', ['--', '--source']),
    ('dockerfile-requirements', ['--fix=yes']),  # a switch with a value
    ('requirements-compile', ['--compiler', 'uv']),  # choices: argparse checks them
    ('requirements-compile', ['--lock-wait', '5']),  # type=float: argparse converts
)


@pytest.mark.parametrize(('hook', 'argv'), ARGPARSE)
def test_other_command_lines_are_left_to_argparse(hook: str, argv: list[str]) -> None:
    assert PARSERS[hook]._parse_plain(argv) is None


def test_argparse_still_reads_what_the_fast_path_leaves(capsys: pytest.CaptureFixture[str]) -> None:
    parser = requirements_fresh.PARSER
    assert vars(parser.parse_args(['--sour', 'index'])) == {'outputs': [], 'project': None, 'no_cache': False, 'unchecked': None, 'source': 'index'}
    assert vars(requirements_compile.PARSER.parse_args(['--lock-wait', '5'])) == {
        'outputs': [], 'project': None, 'source': 'auto', 'compiler': None, 'command': None, 'create': False, 'stamp': False, 'verbose': False, 'lock_wait': 5.0, 'no_cache': False, 'unchecked': None,
    }
    with pytest.raises(SystemExit) as e:
        parser.parse_args(['--frobnicate'])
    assert e.value.code == 2
    assert 'requirements-fresh: error: unrecognized arguments: --frobnicate' in capsys.readouterr().err


def test_help_comes_from_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        dockerfile_requirements.PARSER.parse_args(['--help'])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith('usage: dockerfile-requirements [-h] [--fix] [--strict]')
    assert 'positional arguments' not in out  # filenames: help=SUPPRESS


def test_suppress_is_argparses() -> None:
    assert cli.SUPPRESS == argparse.SUPPRESS


def test_a_plain_command_line_does_not_import_argparse() -> None:
    code = (
        'import sys\nfrom hooks.requirements_fresh import PARSER\n'
        'PARSER.parse_args(["--source", "worktree", "--project=x"])\n'
        'PARSER.parse_args(["requirements.txt", "docker/requirements.txt", "--no-cache"])\n'
        'print("argparse" in sys.modules)\n'
        'PARSER.parse_args(["--sour", "worktree"])\n'
        'print("argparse" in sys.modules)\n'
    )
    out = subprocess.run((sys.executable, '-c', code), capture_output=True, text=True, check=True).stdout
    assert out.split() == ['False', 'True']


TOKENS = st.sampled_from([
    '--source', '--project', '--fix', '--strict', '--dockerfile', '--create',
    '--compiler', '--command', '--lock-wait', '--sour', '--fi', '-h', '--',
    '-', '-x', '-1', 'worktree', 'index', 'uv', '5', '', 'a b', '-x y',
    '--source=', '--source=x', '--fix=1', '--project=a=b', 'Dockerfile',
])


@settings(max_examples=400, deadline=None)
@given(hook=st.sampled_from(sorted(PARSERS)), argv=st.lists(TOKENS, max_size=6))
def test_the_fast_path_agrees_with_argparse(hook: str, argv: list[str]) -> None:
    parser = PARSERS[hook]
    plain = parser._parse_plain(argv)
    if plain is not None:
        assert plain == argparse_answer(parser, argv)
