"""hooks.compile.runner: the compiler's environment, and signals turned
into exceptions that say they interrupted the run (running the compiler is
tested through compile_project, in compile_replace_test)."""
from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks.compile.errors import Terminated
from hooks.compile.runner import interrupted
from hooks.compile.runner import run
from hooks.compile.runner import scrubbed_env
from hooks.compile.runner import signals_as_exceptions


def test_scrubbed_env_drops_every_git_variable() -> None:
    env = scrubbed_env({
        'GIT_INDEX_FILE': '.git/index', 'GIT_DIR': '.git', 'GIT_WORK_TREE': '.',
        'GIT_EXEC_PATH': '/usr/lib/git-core', 'GIT_PREFIX': 'sub/', 'PATH': '/bin',
        'PIP_INDEX_URL': 'https://example.invalid/simple', 'DIGIT_X': '1', 'PRE_COMMIT': '1',
    })
    assert env == {'PATH': '/bin', 'PIP_INDEX_URL': 'https://example.invalid/simple', 'DIGIT_X': '1', 'PRE_COMMIT': '1'}


SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


def _signal_during_class_creation(signum: int) -> Callable[[], None]:
    """Work done while the compiler runs (the explanation, whose lazy
    imports create classes) when the signal arrives inside a
    ``__set_name__``: on Python 3.11 the exception the handler raises
    comes back as the cause of a RuntimeError (a SIGHUP failed CI so)."""
    class SendsTheSignal:
        def __set_name__(self, owner: type, name: str) -> None:
            os.kill(os.getpid(), signum)
            for _ in range(3):  # the handler runs at a bytecode boundary
                pass

    def work() -> None:
        type('Created', (), {'attribute': SendsTheSignal()})
    return work


def _signal_during_a_finaliser(signum: int) -> Callable[[], None]:
    """The signal arrives inside a ``__del__``: Python prints "Exception
    ignored" and the exception is lost; the compiler must still stop."""
    class SendsTheSignal:
        def __del__(self) -> None:
            os.kill(os.getpid(), signum)
            for _ in range(3):
                pass

    def work() -> None:
        SendsTheSignal()  # dropped at once
    return work


@pytest.mark.filterwarnings('ignore::pytest.PytestUnraisableExceptionWarning')  # the finaliser's
@pytest.mark.parametrize('where', [_signal_during_class_creation, _signal_during_a_finaliser], ids=['class creation', 'finaliser'])
@pytest.mark.parametrize('signum', SIGNALS)
def test_a_signal_while_the_compiler_runs_is_an_interruption(tmp_path: Path, signum: int, where: Callable[[int], Callable[[], None]]) -> None:
    pid_file = tmp_path / 'pid'
    compiler = [sys.executable, '-c', f'import os, time; open({str(pid_file)!r}, "w").write(str(os.getpid())); time.sleep(60)']
    started = time.monotonic()
    with pytest.raises(BaseException) as caught:
        with signals_as_exceptions():
            run(compiler, str(tmp_path), 'slow', _wait_then(pid_file, where(signum)))
    assert interrupted(caught.value)
    assert time.monotonic() - started < 30  # the compiler was not waited for
    child = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # stopped and reaped
        os.kill(child, 0)


def _wait_then(pid_file: Path, work: Callable[[], None]) -> Callable[[], None]:
    def wait() -> None:
        deadline = time.monotonic() + 30
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        work()
    return wait


@pytest.mark.parametrize('signum', SIGNALS)
def test_only_the_first_signal_raises(signum: int) -> None:
    # a second Ctrl-C while the old file is being restored must not cut
    # the restoring short
    finished = False
    with pytest.raises(BaseException) as caught:
        with signals_as_exceptions():
            try:
                os.kill(os.getpid(), signum)
                for _ in range(3):
                    pass
            finally:
                os.kill(os.getpid(), signal.SIGINT)
                for _ in range(3):
                    pass
                finished = True
    assert finished
    assert isinstance(caught.value, KeyboardInterrupt if signum == signal.SIGINT else Terminated)
    assert interrupted(caught.value)


@pytest.mark.parametrize('error', [
    ValueError('no signal'),
    RuntimeError('wrapping something else'),
])
def test_other_exceptions_are_not_interruptions(error: BaseException) -> None:
    with signals_as_exceptions():
        pass
    error.__cause__ = ValueError('cause')
    assert not interrupted(error)


def test_the_signal_handlers_are_restored() -> None:
    before = {s: signal.getsignal(s) for s in SIGNALS}
    with signals_as_exceptions():
        assert all(signal.getsignal(s) is not before[s] for s in SIGNALS)
    assert {s: signal.getsignal(s) for s in SIGNALS} == before
