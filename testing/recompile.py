"""Projects for the requirements-compile end-to-end tests: an offline
wheel index with OLD releases (the project was first compiled against
them) and NEWER ones, and a committed project pinned against OLD."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from hooks import requirements_compile
from testing.project import commit_all
from testing.project import write
from testing.wheels import go_offline
from testing.wheels import make_index

HERE = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

OLD: dict[str, list[str | tuple[str, list[str]]]] = {
    'django': [('4.2.1', ['asgiref>=3.6', 'sqlparse>=0.3.1'])],
    'asgiref': ['3.7.2'],
    'sqlparse': ['0.4.4'],
    'six': ['1.15.0', '1.16.0'],
    'django-cms': [('3.11.0', ['django>=3.2', 'django-treebeard>=4.3', 'django-sekizai>=2'])],
    'django-treebeard': ['4.7'],
    'django-sekizai': [('4.1.0', ['django-classy-tags>=3'])],
    'django-classy-tags': ['4.1.0'],
    'requests': [('2.31.0', ['urllib3<3,>=1.21.1', 'idna<4,>=2.5'])],
    'urllib3': ['2.0.7'],
    'idna': ['3.6'],
}
# released after the project was first compiled
NEWER: dict[str, list[str | tuple[str, list[str]]]] = {
    'django': [('4.2.7', ['asgiref>=3.6', 'sqlparse>=0.3.1'])],
    'asgiref': ['3.8.1'],
    'sqlparse': ['0.5.0'],
    'six': ['1.17.0'],
}

IN = 'django>=4.2,<5\nsix\n'


def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``env`` fixture: no network, a cache of its own."""
    go_offline(monkeypatch, tmp_path / 'cache')


def old_index(tmp_path: Path) -> str:
    """The ``index`` fixture: a wheel index with the OLD releases."""
    return make_index(tmp_path, OLD)


def compiler_args(index: str) -> list[str]:
    return ['--', '--no-index', '--find-links', index, '--no-emit-find-links']


def pinned_project(repo: Path, index: str, capsys: pytest.CaptureFixture[str]) -> Path:
    """A committed project whose requirements.txt requirements-compile
    made (--create) while only the OLD releases existed; NEWER ones exist now."""
    write(repo / 'requirements.in', IN)
    assert requirements_compile.main(['--create', *compiler_args(index)]) == 1
    commit_all(repo, 'pin')
    make_index(Path(index).parent, NEWER)
    capsys.readouterr()
    return repo


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        if '==' in line and not line.startswith(('#', ' ')):
            name, version = line.split('==')
            found[name] = version.split()[0]
    return found


def listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


def compile_(index: str, *args: str) -> int:
    return requirements_compile.main([*args, *compiler_args(index)])


def run_hook(cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, '-m', 'hooks.requirements_compile', *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, 'PYTHONPATH': str(HERE)},
    )


def wait_for(predicate: Callable[[], object], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, 'timed out'
        time.sleep(0.02)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead enough
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().split(') ', 1)[1][0] != 'Z'
    except FileNotFoundError:
        return False


class HangingServer(NamedTuple):
    """A server on 127.0.0.1 that accepts connections and never answers: a
    compiler that asks it hangs in the middle of its work until stopped."""
    port: int
    connected: threading.Event


@contextlib.contextmanager
def hanging_server() -> Iterator[HangingServer]:
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(8)
    connected = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)
            connected.set()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield HangingServer(server.getsockname()[1], connected)
    finally:
        server.close()
        for conn in held:
            conn.close()
