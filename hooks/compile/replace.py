"""Recompiling one file without ever losing it (README.md,
"`requirements-compile`" and "Reliability").

The compiler writes a temporary copy of the current file beside it (or,
for ``--command``, the file itself, with the old bytes kept in a backup
beside it).  The result is finished by the caller (the fingerprint stamp)
and replaces the old file atomically, with the old file's line endings,
BOM and mode, and only when its bytes change.  On failure, SIGINT,
SIGTERM or SIGHUP the compiler is stopped, the old file is left byte for byte and no
temporary file is left behind.  A lock file beside the output keeps two
runs on one project apart.  A symlinked output is written through to its
target inside the repository, and stays a symlink; one that leads outside
is refused (NotAFile), as is a lock or temporary path that is a symlink.
"""
from __future__ import annotations

import contextlib
import os
import posixpath
from collections.abc import Callable

from hooks.atomic import lock
from hooks.atomic import real_target
from hooks.atomic import temp_beside
from hooks.atomic import write_atomic
from hooks.compile.command import Compiler
from hooks.compile.errors import CompileError
from hooks.compile.pip_readable import pip_readable_inputs
from hooks.compile.pip_readable import pip_readable_pins
from hooks.compile.pip_readable import Renames
from hooks.compile.runner import run
from hooks.compile.runner import signals_as_exceptions
from hooks.project import REQUIREMENTS_TXT

BOM = b'\xef\xbb\xbf'


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
    """The file before (None: it did not exist) and after a compile."""

    __slots__ = ('old', 'new')

    def __init__(self, old: bytes | None, new: bytes) -> None:
        self.old = old
        self.new = new

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _read(path: str) -> bytes | None:
    try:
        with open(path, 'rb') as f:
            return f.read()
    except FileNotFoundError:
        return None


def _relink(link: str, text: str) -> None:
    """Make ``link`` the symlink to ``text`` again, atomically (a command
    that unlinks and creates requirements.txt replaces the symlink)."""
    d, base = os.path.split(link)
    n = 0
    while True:
        tmp = os.path.join(d, f'.{base}.{os.getpid()}.{n}.link')
        try:
            os.symlink(text, tmp)
            break
        except FileExistsError:
            n += 1
    os.replace(tmp, link)


def _compile_in_place(
        target: str, directory: str, compiler: Compiler,
        finish: Callable[[str], str], old: bytes | None, mode: int | None,
        while_running: Callable[[], None] | None, link: str,
) -> Outcome:
    """A command that writes requirements.txt itself: copy the old file to a
    backup beside it first (so that putting it back needs no disk space and
    is one rename), run the command, stamp its output; on any failure or
    interrupt rename the backup back (or remove a file that did not exist).
    ``link``: the name the command writes, a symlink to ``target`` or
    ``target`` itself; a command that replaces the symlink by a file gets
    it back, its output written through."""
    link_text = os.readlink(link) if os.path.islink(link) else None
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
        run(compiler.argv, directory, compiler.name, while_running, compiler.env)
        produced = _read(link)
        if link_text is not None and not os.path.islink(link):
            _relink(link, link_text)
        if produced is None:
            raise CompileError(f'{compiler.name}: finished without writing {REQUIREMENTS_TXT}')
        new = _finish(produced, old, finish, renames=None)
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
        if link_text is not None and not os.path.islink(link):
            _relink(link, link_text)
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
        root: str | None = None,
) -> Outcome:
    """Recompile ``directory``/``output`` (a posix path relative to
    ``directory``, where the compiler runs) with ``compiler``.

    ``finish`` turns the compiler's output text (old line endings already
    applied, without BOM) into the text to write, e.g. by stamping the
    fingerprint.  ``while_running`` is called while the compiler runs.
    The file is only rewritten when its bytes change; a symlink is
    written through to its target.  Raises CompileError (old file
    untouched), Locked, NotAFile (an output or lock that leaves ``root``,
    default ``directory``, or is not a file: nothing changed),
    KeyboardInterrupt or Terminated (old file untouched, compiler stopped)."""
    link = os.path.join(directory, *output.split('/'))
    # the compiler's temporary file goes beside the name it was given, the
    # pins to the file that name leads to: both inside the repository
    real_target(os.path.dirname(link), root or directory)
    target = real_target(link, root or directory)
    with signals_as_exceptions(), lock(target, wait=lock_wait):
        old = _read(target)
        try:
            mode: int | None = os.stat(target).st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        if compiler.in_place:
            return _compile_in_place(target, directory, compiler, finish, old, mode, while_running, link)

        fd, temp = temp_beside(link, *_pylock_temp(output))
        try:
            with os.fdopen(fd, 'wb') as f:
                f.write(pip_readable_pins(old) if compiler.inputs else old or b'')
            temp_name = posixpath.join(posixpath.dirname(output), os.path.basename(temp))
            with pip_readable_inputs(directory, compiler.inputs) as renames:
                renames.names[os.path.basename(temp)] = posixpath.basename(output)
                argv = [renames.words.get(a, a) for a in compiler.command(temp_name)]
                try:
                    run(argv, directory, compiler.name, while_running, compiler.env)
                except CompileError as e:
                    e.tail = [renames.back(line) for line in e.tail]
                    e.output = renames.back(e.output)
                    raise
                produced = _read(temp)
                if not produced:
                    raise CompileError(f'{compiler.name}: wrote an empty {output}')
                new = _finish(produced, old, finish, renames, output)
            if new != old:
                write_atomic(target, new)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        return Outcome(old, new)


def _pylock_temp(output: str) -> tuple[str, str] | tuple[()]:
    """(suffix, prefix) of the temporary output of a pylock.toml: uv writes
    PEP 751 only to a file named like one (``pylock.NAME.toml``)."""
    from hooks.readers.pylock import is_pylock
    return ('.toml', 'pylock.') if is_pylock(output) else ()


def _finish(produced: bytes, old: bytes | None, finish: Callable[[str], str], renames: Renames | None, real_name: str = REQUIREMENTS_TXT) -> bytes:
    text = _decode(produced, real_name)
    if renames is not None:
        # the header names the command that was run and '# via' the input
        # files: name the real files, not the temporary copies
        text = renames.back(text)
    text = text.replace('\r\n', '\n')
    nl = newline_of(old)
    if nl != '\n':
        text = text.replace('\n', nl)
    text = finish(text)
    data = text.encode('utf-8')
    if old is not None and old.startswith(BOM):
        data = BOM + data
    return data
