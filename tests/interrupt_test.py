"""Faults the other tests do not cover (issue 6): two requirements-compile
runs on one project at once, a file-size limit (``ulimit -f``) as the full
disk, and signals during ``dockerfile-requirements --fix``.  The hooks run
as console scripts in subprocesses; nothing is mocked."""
from __future__ import annotations

import os
import re
import resource
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hooks import requirements_fresh
from hooks.atomic import lock
from testing.project import write

BIN = Path(sys.executable).parent
STALE_IN = 'django>=4.2\nrequests\n'
OLD_TXT = '# compiled long ago\ndjango==4.2.7\n'

# writes requirements.txt in place, slowly, in two halves: a run that did
# not wait for the other would leave a mix
SLOW = '''\
import sys, time
name, log, pause, size = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
with open(log, 'a') as f:
    f.write(f'start {name}\\n')
try:
    with open('requirements.txt', 'w') as f:
        f.write('django==4.2.7\\n')
        f.flush()
        time.sleep(pause)
        f.write(f'requests==2.31.0\\n# compiled by {name}\\n')
        f.write('#' * max(0, size - f.tell() - 1) + '\\n')
except OSError as e:  # ulimit -f
    sys.exit(f'cannot write requirements.txt: {e.strerror}')
with open(log, 'a') as f:
    f.write(f'end {name}\\n')
'''


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(('GIT_', 'PRE_COMMIT'))}


def listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


def wait_for(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, 'timed out'
        time.sleep(0.02)


def start(cwd: Path, hook: str, *args: str, fsize: int | None = None) -> subprocess.Popen[str]:
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.Popen(
        [str(BIN / hook), *args], cwd=cwd, env=env(), text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit,
    )


def sleeping(pid: int) -> bool:
    try:
        with open(f'/proc/{pid}/wchan') as f:
            return 'nanosleep' in f.read()
    except OSError:
        return False


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = proc.communicate(timeout=60)
    assert 'Traceback' not in out + err, out + err
    return proc.returncode, out + err


@pytest.fixture
def stale(repo: Path, tmp_path: Path) -> Path:
    write(repo / 'requirements.in', STALE_IN)
    write(repo / 'requirements.txt', OLD_TXT)
    write(tmp_path / 'slow.py', SLOW)
    return repo


def slow_command(tmp_path: Path, name: str, pause: float, size: int = 0) -> str:
    return shlex.join([sys.executable, str(tmp_path / 'slow.py'), name, str(tmp_path / 'log'), str(pause), str(size)])


# --- two runs at once ----------------------------------------------------------

@pytest.mark.parametrize('second_waits', [True, False], ids=['second waits', 'second refuses'])
def test_two_compiles_at_once_end_with_one_complete_output(stale: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], second_waits: bool) -> None:
    log = tmp_path / 'log'
    first = start(stale, 'requirements-compile', '--command', slow_command(tmp_path, 'A', 1.0))
    wait_for(lambda: log.exists() and 'start A' in log.read_text())
    # A has written half of requirements.txt and holds the lock
    assert (stale / 'requirements.txt.lock').exists()
    second = start(
        stale, 'requirements-compile', '--command', slow_command(tmp_path, 'B', 0.1),
        *(() if second_waits else ('--lock-wait', '0.2')),
    )
    rc_b, out_b = finish(second)
    rc_a, out_a = finish(first)
    assert rc_a == 1, out_a
    text = (stale / 'requirements.txt').read_text()
    if second_waits:
        assert rc_b == 1, out_b
        assert log.read_text() == 'start A\nend A\nstart B\nend B\n'  # never both at once
        winner = 'B'
    else:
        assert rc_b == 2, out_b
        assert re.search(
            r'^requirements\.txt:1: another requirements-compile is running on this project '
            r'\(lock file .*requirements\.txt\.lock\); left as it was$', out_b, re.M,
        ), out_b
        assert log.read_text() == 'start A\nend A\n'
        winner = 'A'
    # one complete, stamped output of one run: never a mix
    assert text.startswith('# aldryn-pins: v1 ')
    assert text.count('# compiled by') == 1 and f'# compiled by {winner}\n' in text
    assert text.count('django==4.2.7\n') == 1 and text.count('requests==2.31.0\n') == 1
    assert listing(stale) == ['.git', 'requirements.in', 'requirements.txt']
    capsys.readouterr()
    assert requirements_fresh.main([]) == 0


# --- a file-size limit (ulimit -f) ----------------------------------------------

FSIZE = 8192


@pytest.mark.parametrize(('size', 'message'), [
    pytest.param(4 * FSIZE, r'failed \((exit code \d+|killed by signal \d+)\); left as it was', id='the compiler'),
    pytest.param(FSIZE - 16, r'cannot write: File too large; left as it was', id='the stamped file'),
])
def test_file_size_limit_leaves_the_old_file(stale: Path, tmp_path: Path, size: int, message: str) -> None:
    """``ulimit -f``: the compiler cannot write its output, or its output
    fits but the stamp pushes the new file over the limit."""
    before = (stale / 'requirements.txt').read_bytes()
    proc = start(stale, 'requirements-compile', '--command', slow_command(tmp_path, 'A', 0, size), fsize=FSIZE)
    rc, out = finish(proc)
    assert rc == 2, out
    assert re.search(r'^requirements\.txt:1: .*' + message + '$', out, re.M), out
    assert (stale / 'requirements.txt').read_bytes() == before
    assert listing(stale) == ['.git', 'requirements.in', 'requirements.txt']
    # without the limit it goes through
    rc, out = finish(start(stale, 'requirements-compile', '--command', slow_command(tmp_path, 'A', 0, size)))
    assert rc == 1, out


def test_file_size_limit_during_dockerfile_fix(repo: Path) -> None:
    write(repo / 'requirements.in', 'django\n')
    # no requirements.txt: --fix puts `pip-reqs compile && \` back, which
    # makes the file larger than the limit
    dockerfile = 'FROM x\nRUN pip-reqs resolve\n'
    dockerfile += '#' * (FSIZE - len(dockerfile) - 2) + '\n'
    write(repo / 'Dockerfile', dockerfile)
    rc, out = finish(start(repo, 'dockerfile-requirements', '--fix', fsize=FSIZE))
    assert rc == 2, out
    assert out == 'Dockerfile:1: --fix: cannot write: File too large\n'
    assert (repo / 'Dockerfile').read_text() == dockerfile
    assert listing(repo) == ['.git', 'Dockerfile', 'requirements.in']
    rc, out = finish(start(repo, 'dockerfile-requirements', '--fix'))
    assert rc == 1, out
    assert 'pip-reqs compile && \\\n    pip-reqs resolve' in (repo / 'Dockerfile').read_text()


# --- signals during dockerfile-requirements --fix --------------------------------

UNPINNED = 'FROM x\nRUN pip-reqs compile && \\\n    pip-reqs resolve\n'
PINNED = 'FROM x\nRUN pip-reqs resolve\n'


@pytest.fixture
def to_fix(repo: Path) -> Path:
    write(repo / 'requirements.in', 'django\n')
    write(repo / 'requirements.txt', 'django==4.2.7\n')
    write(repo / 'Dockerfile', UNPINNED)
    return repo


@pytest.mark.parametrize('signum', [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=['SIGINT', 'SIGTERM', 'SIGHUP'])
def test_signal_during_fix_leaves_the_dockerfile(to_fix: Path, signum: int) -> None:
    """--fix waits for the Dockerfile's lock (another run holds it) when the
    signal comes: the file is left, no temporary or lock file of its own
    stays, and it says so without a traceback."""
    path = to_fix / 'Dockerfile'
    with lock(str(path)):
        proc = start(to_fix, 'dockerfile-requirements', '--fix')
        # it has read and judged the file, and sleeps in the lock's wait
        # loop (the only sleep of a run)
        wait_for(lambda: proc.poll() is not None or sleeping(proc.pid))
        proc.send_signal(signum)
        rc, out = finish(proc)
    assert rc == 2, out
    assert out == 'Dockerfile:1: --fix: interrupted; left as it was\n'
    assert path.read_text() == UNPINNED
    assert listing(to_fix) == ['.git', 'Dockerfile', 'requirements.in', 'requirements.txt']


def test_killed_fix_never_leaves_a_partial_dockerfile(to_fix: Path) -> None:
    """SIGKILL (no cleanup possible) at times spread over a whole run, on a
    large Dockerfile: the file is always the old or the new one, whole."""
    path = to_fix / 'Dockerfile'
    old = UNPINNED + ''.join(f'RUN echo {i}\n' for i in range(20000))
    new = PINNED + old[len(UNPINNED):]
    seen = set()
    # a whole run takes ~0.4 s here, most of it reading; None: not killed
    for delay in (0.0, 0.1, 0.2, 0.25, 0.3, 0.33, 0.36, 0.4, 0.45, None):
        path.write_text(old)
        proc = start(to_fix, 'dockerfile-requirements', '--fix')
        if delay is not None:
            time.sleep(delay)
            proc.kill()
        proc.communicate()
        data = path.read_text()
        assert data in (old, new), f'partial Dockerfile after {delay} s'
        seen.add(data == new)
        for name in listing(to_fix):  # what a SIGKILL cannot clean up
            if name.endswith(('.tmp', '.lock')):
                os.unlink(to_fix / name)
    assert seen == {False, True}  # the kills came before and after the write
