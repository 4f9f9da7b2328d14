"""The bad-input corpus (testing/corpus.py) against every hook: the exit
code, exactly one ``path:line: message`` line for the problem, no
traceback, and every file byte-identical afterwards (no new files either,
inside the repository or beside it)."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from hooks import dockerfile_requirements
from hooks import requirements_compile
from hooks import requirements_fresh
from testing.corpus import build
from testing.corpus import CASES
from testing.corpus import expected
from testing.corpus import HOOKS
from testing.corpus import OUTSIDE
from testing.corpus import REACHED
from testing.corpus import tree

BIN = Path(sys.executable).parent
MAINS = {
    'requirements-fresh': requirements_fresh.main,
    'requirements-compile': requirements_compile.main,
    'dockerfile-requirements': dockerfile_requirements.main,
}
LOCATED = re.compile(r'^[^\s:][^:]*:\d+: ')


def compile_command(marker: Path) -> str:
    """requirements-compile's --command: leaves a marker beside the
    repository and fails, so a run that reaches it changes nothing."""
    return shlex.join([sys.executable, '-c', 'import sys; open(sys.argv[1], "w").close(); sys.exit(3)', str(marker)])


def args_for(hook: str, marker: Path) -> list[str]:
    return ['--command', compile_command(marker)] if hook == 'requirements-compile' else []


def located_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if LOCATED.match(line)]


def check_outcome(hook: str, case_expect: tuple[int, str | None], rc: int, out: str, marker: Path) -> None:
    want_rc, want_line = case_expect
    if want_line is not None and '{command}' in want_line:
        want_line = want_line.format(command=compile_command(marker))
    assert 'Traceback' not in out
    assert rc == want_rc, out
    assert located_lines(out) == ([want_line] if want_line else []), out
    reached = want_line is not None and REACHED.split(' ', 1)[1] in want_line
    assert marker.exists() == reached, 'the compiler was started' if marker.exists() else 'the compiler was not started'


@pytest.mark.parametrize('hook', HOOKS)
@pytest.mark.parametrize('case', CASES, ids=[c.id for c in CASES])
def test_corpus(repo: Path, capsys: pytest.CaptureFixture[str], case, hook: str) -> None:  # type: ignore[no-untyped-def]
    build(repo, case)
    outside = repo.parent / OUTSIDE
    before = tree(repo), tree(outside)
    marker = repo.parent / 'compiler-reached'
    rc = MAINS[hook](args_for(hook, marker))
    out, err = capsys.readouterr()
    assert 'Traceback' not in err
    check_outcome(hook, expected(case, hook), rc, out + err, marker)
    assert (tree(repo), tree(outside)) == before


# through the console scripts, in a subprocess: a few cases per hook
SCRIPTED = [
    'binary requirements.in', 'latin-1 Dockerfile', 'UTF-8 BOM everywhere', '-r cycle',
    'symlinked requirements.txt outside', 'broken addon.json', 'unterminated heredoc',
    'Dockerfile escape-only line then an indented line', 'empty requirements.txt is stale',
]


@pytest.mark.parametrize('hook', HOOKS)
@pytest.mark.parametrize('case', [c for c in CASES if c.id in SCRIPTED], ids=SCRIPTED)
def test_corpus_console_scripts(repo: Path, case, hook: str) -> None:  # type: ignore[no-untyped-def]
    build(repo, case)
    outside = repo.parent / OUTSIDE
    before = tree(repo), tree(outside)
    marker = repo.parent / 'compiler-reached'
    env = {k: v for k, v in os.environ.items() if not k.startswith(('GIT_', 'PRE_COMMIT'))}
    proc = subprocess.run(
        [str(BIN / hook), *args_for(hook, marker)], cwd=repo, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert 'Traceback' not in proc.stderr, proc.stderr
    assert proc.stderr == ''
    check_outcome(hook, expected(case, hook), proc.returncode, proc.stdout, marker)
    assert (tree(repo), tree(outside)) == before


def test_the_corpus_covers_the_issue() -> None:
    """Every kind of input issue 6 names is a row of the table."""
    ids = {c.id for c in CASES}
    for needle in (
        'binary', 'latin-1', 'BOM', 'CRLF', 'mixed line endings', 'empty files', 'django>=>4',
        'unknown option', '-r cycle', '-r ../../etc/passwd', 'absolute include', 'missing include',
        'symlinked requirements.txt outside', 'broken addon.json', 'addon.json is a list',
        'settings.py without the block', 'unterminated continuation', 'unterminated heredoc',
        '5 MB requirements.in',
    ):
        assert any(needle in i for i in ids), needle
    assert len(CASES) >= 50
