"""Running a requirements compiler without ever losing ``requirements.txt``.

The compilers (DESIGN.md, "Recompile"):

* ``pip-compile`` (pip-tools, the default) and ``uv pip compile``: run in the
  project folder with ``requirements.in`` as input and ``--output-file``
  pointing at a temporary copy of the current requirements.txt beside it, so
  that the compiler keeps the existing pins unless the inputs force a change;
* any command (``--command``), split like a shell and run in the project
  folder, that writes requirements.txt in place: the old bytes are kept in
  memory and put back on any failure or interrupt.

Every compiler runs as an argv (never through a shell) with every ``GIT_*``
variable removed from its environment, so a compiler that runs git (VCS
requirements) cannot touch the commit in progress.  The result is then
finished by the caller (the fingerprint stamp) and replaces the old file
atomically, with the old file's line endings, BOM and mode.  On failure,
SIGINT or SIGTERM the compiler is stopped, the old file is left byte for
byte and no temporary file is left behind.  A lock file beside
requirements.txt keeps two runs on one project apart.
"""
from __future__ import annotations

import contextlib
import os
import posixpath
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence

from hooks.atomic import Locked
from hooks.atomic import lock
from hooks.atomic import temp_beside
from hooks.atomic import write_atomic
from hooks.project import REQUIREMENTS_IN
from hooks.project import REQUIREMENTS_TXT

TAIL_LINES = 20  # how much of a failing compiler's output is shown
STOP_GRACE = 5.0  # seconds a stopped compiler gets before it is killed
BOM = b'\xef\xbb\xbf'


class CompileError(Exception):
    """The compiler could not produce requirements.txt (exit 2).  ``tail``
    holds the last lines of its output."""

    def __init__(self, message: str, tail: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.tail = list(tail)

    def __str__(self) -> str:
        return self.message


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that cleanups run (like
    KeyboardInterrupt for SIGINT)."""


class Compiler:
    """How to run one compiler: ``argv`` (with OUTPUT standing for the
    temporary output file, when ``in_place`` is false) and a ``name`` for
    messages.  (Plain classes here: importing typing costs a fresh check
    more than the whole check.)"""

    __slots__ = ('name', 'argv', 'in_place')

    def __init__(self, name: str, argv: list[str], in_place: bool) -> None:
        self.name = name
        self.argv = argv
        self.in_place = in_place  # True: the command writes requirements.txt itself

    def __repr__(self) -> str:
        return f'Compiler({self.name!r}, {self.argv!r}, in_place={self.in_place})'

    def command(self, output: str) -> list[str]:
        return [a.replace(OUTPUT, output) for a in self.argv]


OUTPUT = '\0output'  # placeholder in Compiler.argv


def _beside_python(name: str) -> str | None:
    """``name`` in the folder of the running interpreter (the hook's venv),
    if it is there: pre-commit's environment is not on PATH."""
    for d in (os.path.dirname(sys.executable), os.path.dirname(os.path.realpath(sys.executable))):
        candidate = os.path.join(d, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def find_program(name: str) -> str | None:
    """A program next to sys.executable first, then on PATH."""
    found = _beside_python(name)
    if found is None:
        import shutil
        found = shutil.which(name)
    return found


def make_compiler(
        tool: str = 'pip-tools',
        command: str | None = None,
        args: Sequence[str] = (),
        requirements_in: str = REQUIREMENTS_IN,
        sources: Sequence[str] | None = None,
) -> Compiler:
    """The compiler the flags ask for.  ``sources``: the input files, as
    the command that wrote the output names them (default:
    ``requirements_in``).  Raises CompileError when it is not installed or
    the command cannot be split."""
    args = list(args)
    srcs = [requirements_in] if sources is None else list(sources)
    if command is not None:
        try:
            words = shlex.split(command)
        except ValueError as e:
            raise CompileError(f'--command: cannot split {command!r}: {e}') from None
        if not words:
            raise CompileError('--command: empty command')
        return Compiler(shlex.join(words), words + args, in_place=True)
    if tool == 'uv':
        uv = find_program('uv')
        if uv is None:
            raise CompileError(
                '--compiler uv: uv is not installed (not beside this Python '
                'nor on PATH); install it (pip install uv, or add it to the '
                "hook's additional_dependencies) or use --compiler pip-tools",
            )
        return Compiler('uv', [uv, 'pip', 'compile', *args, *srcs, '--output-file', OUTPUT], False)
    if tool == 'pip-tools':
        pip_compile = find_program('pip-compile')
        if pip_compile is None:
            raise CompileError(
                '--compiler pip-tools: pip-compile is not installed (not beside '
                'this Python nor on PATH); pip install pip-tools',
            )
        return Compiler('pip-compile', [pip_compile, *args, f'--output-file={OUTPUT}', *srcs], False)
    raise CompileError(f'--compiler {tool}: unknown compiler (choose pip-tools or uv)')


def scrubbed_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The compiler's environment: ours without any ``GIT_*`` variable
    (GIT_INDEX_FILE, GIT_DIR, GIT_WORK_TREE, ... that git sets for hooks)."""
    env = dict(os.environ if env is None else env)
    return {k: v for k, v in env.items() if not k.upper().startswith('GIT_')}


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """SIGTERM raises Terminated (and SIGINT KeyboardInterrupt, as usual)
    while the block runs, so that ``finally`` clauses restore and clean up.
    Outside the main thread signals cannot be handled; nothing changes."""
    def on_term(signum: int, frame: object) -> None:
        raise Terminated(signum)

    saved = {}
    for signum, handler in ((signal.SIGTERM, on_term), (signal.SIGINT, signal.default_int_handler)):
        try:
            saved[signum] = signal.signal(signum, handler)
        except (ValueError, OSError):  # not the main thread
            pass
    try:
        yield
    finally:
        for signum, old in saved.items():
            signal.signal(signum, old)


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


def run(argv: Sequence[str], cwd: str, name: str, while_running: Callable[[], None] | None = None) -> str:
    """Run a compiler; return its output (stdout and stderr together).
    ``while_running`` is called once the compiler has started (work that can
    overlap with it); if it raises, the compiler is stopped.  Raises
    CompileError on a non-zero exit or when it cannot start; on any
    interrupt the compiler is stopped before the exception goes on."""
    try:
        proc = subprocess.Popen(
            list(argv), cwd=cwd, env=scrubbed_env(),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
    except OSError as e:
        raise CompileError(f'{name}: cannot start {argv[0]}: {e.strerror}') from None
    try:
        if while_running is not None:
            while_running()
        out, _ = proc.communicate()
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
        raise CompileError(f'{name} failed ({how})', tail)
    return text


def newline_of(data: bytes | None) -> str:
    """The line ending a file uses: CRLF when most of its lines end so."""
    if not data:
        return '\n'
    crlf = data.count(b'\r\n')
    return '\r\n' if crlf and crlf * 2 >= data.count(b'\n') else '\n'


def _decode(data: bytes, what: str) -> str:
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError as e:
        raise CompileError(f'{what}: the compiler wrote non-UTF-8 output (byte {e.start})') from None


class Outcome:
    __slots__ = ('old', 'new')

    def __init__(self, old: bytes | None, new: bytes) -> None:
        self.old = old  # requirements.txt before (None: it did not exist)
        self.new = new  # requirements.txt now

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _read(path: str) -> bytes | None:
    try:
        with open(path, 'rb') as f:
            return f.read()
    except FileNotFoundError:
        return None


def _compile_in_place(
        target: str, directory: str, compiler: Compiler,
        finish: Callable[[str], str], old: bytes | None, mode: int | None,
        while_running: Callable[[], None] | None,
) -> Outcome:
    """A command that writes requirements.txt itself: copy the old file to a
    backup beside it first (so that putting it back needs no disk space and
    is one rename), run the command, stamp its output; on any failure or
    interrupt rename the backup back (or remove a file that did not exist)."""
    backup = None
    if old is not None:
        fd, backup = temp_beside(target, '.orig')
        try:
            with os.fdopen(fd, 'wb') as f:
                f.write(old)
                f.flush()
                os.fsync(f.fileno())
            if mode is not None:
                os.chmod(backup, mode)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(backup)
            raise
    try:
        run(compiler.argv, directory, compiler.name, while_running)
        produced = _read(target)
        if produced is None:
            raise CompileError(f'{compiler.name}: finished without writing {REQUIREMENTS_TXT}')
        new = _finish(produced, old, finish, temp_name=None)
        if new == old:
            if backup is not None and produced != old:
                os.replace(backup, target)
                backup = None
        else:
            if mode is not None:
                with contextlib.suppress(OSError):
                    os.chmod(target, mode)
            write_atomic(target, new)
    except BaseException:
        if backup is not None:
            os.replace(backup, target)
            backup = None
        elif old is None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        raise
    finally:
        if backup is not None:
            with contextlib.suppress(OSError):
                os.unlink(backup)
    return Outcome(old, new)


def compile_project(
        directory: str,
        compiler: Compiler,
        finish: Callable[[str], str] = lambda text: text,
        lock_wait: float = 60.0,
        while_running: Callable[[], None] | None = None,
        output: str = REQUIREMENTS_TXT,
) -> Outcome:
    """Recompile ``directory``/``output`` (a posix path relative to
    ``directory``, where the compiler runs) with ``compiler``.

    ``finish`` turns the compiler's output text (old line endings already
    applied, without BOM) into the text to write, e.g. by stamping the
    fingerprint.  ``while_running`` is called while the compiler runs.
    The file is only rewritten when its bytes change.  Raises
    CompileError (old file untouched), Locked, KeyboardInterrupt or
    Terminated (old file untouched, compiler stopped)."""
    target = os.path.join(directory, *output.split('/'))
    with signals_as_exceptions(), lock(target, wait=lock_wait):
        old = _read(target)
        try:
            mode: int | None = os.stat(target).st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        if compiler.in_place:
            return _compile_in_place(target, directory, compiler, finish, old, mode, while_running)

        fd, temp = temp_beside(target)
        try:
            with os.fdopen(fd, 'wb') as f:
                f.write(old or b'')
            temp_name = posixpath.join(posixpath.dirname(output), os.path.basename(temp))
            run(compiler.command(temp_name), directory, compiler.name, while_running)
            produced = _read(temp)
            if not produced:
                raise CompileError(f'{compiler.name}: wrote an empty {output}')
            new = _finish(produced, old, finish, temp_name=temp_name, real_name=output)
            if new != old:
                write_atomic(target, new)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        return Outcome(old, new)


def _finish(produced: bytes, old: bytes | None, finish: Callable[[str], str], temp_name: str | None, real_name: str = REQUIREMENTS_TXT) -> bytes:
    text = _decode(produced, real_name)
    if temp_name:
        # the header names the command that was run: name the real file
        text = text.replace(temp_name, real_name)
    text = text.replace('\r\n', '\n')
    nl = newline_of(old)
    if nl != '\n':
        text = text.replace('\n', nl)
    text = finish(text)
    data = text.encode('utf-8')
    if old is not None and old.startswith(BOM):
        data = BOM + data
    return data


__all__ = [
    'CompileError', 'Compiler', 'Locked', 'Outcome', 'Terminated',
    'compile_project', 'find_program', 'make_compiler', 'newline_of',
    'run', 'scrubbed_env', 'signals_as_exceptions',
]
