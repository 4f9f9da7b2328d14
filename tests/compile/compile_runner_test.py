"""hooks.compile.runner: the compiler's environment (running it is
tested through compile_project, in compile_replace_test)."""
from __future__ import annotations

from hooks.compile.runner import scrubbed_env


def test_scrubbed_env_drops_every_git_variable() -> None:
    env = scrubbed_env({
        'GIT_INDEX_FILE': '.git/index', 'GIT_DIR': '.git', 'GIT_WORK_TREE': '.',
        'GIT_EXEC_PATH': '/usr/lib/git-core', 'GIT_PREFIX': 'sub/', 'PATH': '/bin',
        'PIP_INDEX_URL': 'https://example.invalid/simple', 'DIGIT_X': '1', 'PRE_COMMIT': '1',
    })
    assert env == {'PATH': '/bin', 'PIP_INDEX_URL': 'https://example.invalid/simple', 'DIGIT_X': '1', 'PRE_COMMIT': '1'}
