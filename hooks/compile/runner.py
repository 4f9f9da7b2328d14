"""Running a compiler as a subprocess (README.md, "Reliability"): as an argv,
never through a shell, with every ``GIT_*`` variable removed from its
environment (a compiler that runs git for VCS requirements cannot touch the
commit in progress); SIGINT, SIGTERM and SIGHUP (the terminal closed, the
SSH connection dropped) become exceptions, and the compiler is stopped
before they go on.
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence

from hooks.compile.errors import CompileError
from hooks.compile.errors import Terminated

TAIL_LINES = 20  # how much of a failing compiler's output is shown
STOP_GRACE = 5.0  # seconds a stopped compiler gets before it is killed


def scrubbed_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The compiler's environment: ours without any ``GIT_*`` variable
    (GIT_INDEX_FILE, GIT_DIR, GIT_WORK_TREE, ... that git sets for hooks)."""
    env = dict(os.environ if env is None else env)
    return {k: v for k, v in env.items() if not k.upper().startswith('GIT_')}


RECEIVED: list[int] = []  # the signals the running signals_as_exceptions() block saw


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Terminated (and SIGINT KeyboardInterrupt,
    as usual) while the block runs, so that ``finally`` clauses restore and
    clean up.  Only the first signal raises: a second Ctrl-C must not cut
    the restoring short.  Outside the main thread signals cannot be
    handled; nothing changes."""
    RECEIVED.clear()

    def on_signal(signum: int, frame: object) -> None:
        RECEIVED.append(signum)
        if len(RECEIVED) > 1:
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Terminated(signum)

    saved = {}
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        try:
            saved[signum] = signal.signal(signum, on_signal)
        except (ValueError, OSError):  # not the main thread
            pass
    try:
        yield
    finally:
        for signum, old in saved.items():
            signal.signal(signum, old)
        RECEIVED.clear()


def _raise_if_received() -> None:
    """Raise the first signal received, when what it raised was swallowed
    (arriving in a ``__del__`` or a garbage collection, it is printed as
    "Exception ignored" and lost)."""
    if RECEIVED:
        raise KeyboardInterrupt if RECEIVED[0] == signal.SIGINT else Terminated(RECEIVED[0])


def interrupted(e: BaseException) -> bool:
    """Whether ``e`` ends a run that a signal interrupted.  The exception a
    signal raises can come back wrapped: arriving inside class creation
    (a lazy import of a module whose classes use ``__set_name__``) it is
    the cause of a RuntimeError on Python 3.11; raised while a ``finally``
    clause ran, it is the context of whatever that clause raised."""
    seen: set[int] = set()
    cause: BaseException | None = e
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, (KeyboardInterrupt, Terminated)):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a compiler we are leaving: SIGTERM, then SIGKILL."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(OSError):
        proc.terminate()
    try:
        proc.wait(STOP_GRACE)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            proc.kill()
        proc.wait()


def run(argv: Sequence[str], cwd: str, name: str, while_running: Callable[[], None] | None = None, env: Sequence[tuple[str, str]] = ()) -> str:
    """Run a compiler; return its output (stdout and stderr together).
    ``env``: variables set for it (the header it writes).
    ``while_running`` is called once the compiler has started (work that can
    overlap with it); if it raises, the compiler is stopped.  Raises
    CompileError on a non-zero exit or when it cannot start; on any
    interrupt the compiler is stopped before the exception goes on."""
    try:
        proc = subprocess.Popen(
            list(argv), cwd=cwd, env={**scrubbed_env(), **dict(env)},
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
    except OSError as e:
        raise CompileError(f'{name}: cannot start {argv[0]}: {e.strerror}') from None
    try:
        if while_running is not None:
            while_running()
            _raise_if_received()
        out, _ = proc.communicate()
        _raise_if_received()
    except BaseException:
        _stop(proc)
        raise
    text = out.decode('utf-8', 'replace')
    if proc.returncode != 0:
        how = (
            f'killed by signal {-proc.returncode}' if proc.returncode < 0
            else f'exit code {proc.returncode}'
        )
        tail = [line for line in text.splitlines() if line.strip()][-TAIL_LINES:]
        raise CompileError(f'{name} failed ({how})', tail, text)
    return text
