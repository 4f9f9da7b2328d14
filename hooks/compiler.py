"""Running a requirements compiler without ever losing ``requirements.txt``.

The compilers (README.md, "`requirements-compile`"):

* ``pip-compile`` (pip-tools, the default) and ``uv pip compile``: run in the
  project folder with ``requirements.in`` as input and ``--output-file``
  pointing at a temporary copy of the current requirements.txt beside it, so
  that the compiler keeps the existing pins unless the inputs force a change;
* any command (``--command``), split like a shell and run in the project
  folder, that writes requirements.txt in place: the old bytes are kept in
  memory and put back on any failure or interrupt.

pip-compile gets Divio's addon lines (``URL#egg=NAME==VERSION``, which pip 25
and later reject) as ``NAME @ URL``, in temporary copies of the files that
hold them, beside the originals; its output names the user's files.

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
from hooks.readers.pip_syntax import comment_start
from hooks.readers.pip_syntax import joined_lines

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

    __slots__ = ('name', 'argv', 'in_place', 'inputs')

    def __init__(self, name: str, argv: list[str], in_place: bool, inputs: Sequence[str] = ()) -> None:
        self.name = name
        self.argv = argv
        self.in_place = in_place  # True: the command writes requirements.txt itself
        # the words of argv that name requirement files the compiler reads
        # with pip's parser (pip-compile's): handed over in the form current
        # pip reads (pip_readable_inputs)
        self.inputs = tuple(inputs)

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
        return Compiler('pip-compile', [pip_compile, *args, f'--output-file={OUTPUT}', *srcs], False, inputs=tuple(srcs))
    raise CompileError(f'--compiler {tool}: unknown compiler (choose pip-tools or uv)')


def scrubbed_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The compiler's environment: ours without any ``GIT_*`` variable
    (GIT_INDEX_FILE, GIT_DIR, GIT_WORK_TREE, ... that git sets for hooks)."""
    env = dict(os.environ if env is None else env)
    return {k: v for k, v in env.items() if not k.upper().startswith('GIT_')}


# --- Divio's addon lines, in the form current pip reads -------------------------
#
# Divio writes each addon as ``URL#egg=NAME==VERSION``.  pip 25 and later
# stop with InvalidEggFragment on an ``#egg=`` that is more than a project
# name, so pip-compile gets temporary copies, beside the originals, with
# ``NAME @ URL`` instead (the version stays visible in the archive name);
# the output names the user's files again.  Files without such a line are
# handed over as they are.

_NAME_CHARS = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-')
_INCLUDES = ('-r', '--requirement', '-c', '--constraint')
_METADATA_FILES = ('setup.py', 'setup.cfg', 'pyproject.toml')  # pip-compile builds these


def _is_name(text: str) -> bool:
    """A PEP 508 project name (what pip accepts after ``#egg=``)."""
    return bool(text) and set(text) <= _NAME_CHARS and text[0].isalnum() and text[-1].isalnum()


def _egg_name(value: str) -> str | None:
    """``NAME`` or ``NAME[extras]`` of an egg value such as ``NAME==1.0``."""
    for i, ch in enumerate(value):
        if ch in '=<>!~;( ':
            value = value[:i]
            break
    name, bracket, extras = value.partition('[')
    if not _is_name(name) or (bracket and not extras.endswith(']')):
        return None
    return value


def _without_egg(url: str) -> tuple[str, str] | None:
    """(``url`` without its ``egg=`` fragment part, the egg's value) when
    that value is more than a project name; else None."""
    base, sep, fragment = url.partition('#')
    if not sep or '://' not in base:
        return None
    parts = fragment.split('&')
    eggs = [p[4:] for p in parts if p.startswith('egg=')]
    if len(eggs) != 1 or _is_name(eggs[0]):
        return None
    rest = '&'.join(p for p in parts if not p.startswith('egg='))
    return (f'{base}#{rest}' if rest else base), eggs[0]


def pip_readable_line(text: str) -> str | None:
    """A requirement line (its comment taken off) in the form pip 25 and
    later read, or None when they read it as it is::

        https://h/a-1.0.tar.gz#egg=a==1.0     ->  a @ https://h/a-1.0.tar.gz
        a @ https://h/a-1.0.tar.gz#egg=a==1.0 ->  a @ https://h/a-1.0.tar.gz
        -e git+https://h/a#egg=a==1.0         ->  -e git+https://h/a#egg=a

    Other fragment parts (``subdirectory=``, hashes), options and markers
    stay.  An egg value that is not ``NAME[extras]`` plus a version is
    left for the compiler to report."""
    words = text.split()
    if not words:
        return None
    first = words[0]
    editable = first in ('-e', '--editable') or first.startswith(('--editable=', '-e'))
    if first.startswith('-') and not editable:
        return None  # an option line (--find-links URL, ...)
    for i, word in enumerate(words):
        lead, url = '', word
        if i == 0 and first.startswith('--editable='):
            lead, url = '--editable=', url[len('--editable='):]
        elif i == 0 and first.startswith('-e') and first != '-e':
            lead, url = '-e', url[2:]
        elif word.startswith('-'):
            continue  # -e, --hash=...
        scheme = url.find('://')
        if scheme < 0:
            continue
        at = url.find('@')
        if 0 <= at < scheme:  # name@url
            lead, url = lead + url[:at + 1], url[at + 1:]
        split = _without_egg(url)
        if split is None:
            continue
        url, egg = split
        wanted = _egg_name(egg)
        if wanted is None:
            return None
        named = lead.endswith('@') or (i > 0 and words[i - 1].endswith('@'))
        if named:
            new = lead + url
        elif editable and '[' not in wanted:
            new = f'{lead}{url}{"&" if "#" in url else "#"}egg={wanted}'
        else:
            new = f'{lead}{wanted} @ {url}'
        return text.replace(word, new, 1)
    return None


def _include(code: str) -> tuple[str, str] | None:
    """(the option with what stands before the file, the file) of an
    ``-r``/``-c`` line; None for other lines and for URLs."""
    for opt in _INCLUDES:
        if not code.startswith(opt):
            continue
        rest = code[len(opt):]
        if opt.startswith('--'):
            if rest[:1] not in ('=', ' ', '\t'):
                continue
            rest = rest[1:] if rest[:1] == '=' else rest
        value = rest.strip()
        if not value or '://' in value:
            return None
        return code[:len(code) - len(value)], value
    return None


def _logical_lines(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(first, end, code, comment) of each logical line as pip reads it
    (:func:`hooks.readers.pip_syntax.joined_lines`): physical lines
    ``first`` to ``end`` (exclusive), the code stripped and the comment
    with its '#'.  A ``\\`` ending the last line stays in its code."""
    for first, end, joined, open_ in joined_lines(text):
        if open_:
            joined += '\\'
        at = comment_start(joined)
        code, comment = (joined, '') if at < 0 else (joined[:at], joined[at:])
        yield first, end, code.strip(), comment


def pip_readable_text(text: str, included: Callable[[str], str | None] | None = None) -> str | None:
    """A requirements file's text with every line pip_readable_line fixes
    fixed, and ``-r``/``-c`` files renamed by ``included`` (file -> new
    name or None); None when nothing changes.  A changed logical line
    becomes one line followed by blank ones, so line numbers stay."""
    lines = text.splitlines()
    changed = False
    for first, end, code, comment in _logical_lines(text):
        new = None
        inc = _include(code)
        if inc is not None:
            if included is not None:
                target = included(inc[1])
                if target is not None:
                    new = inc[0] + target
        else:
            new = pip_readable_line(code)
        if new is not None:
            changed = True
            lines[first:end] = [f'{new} {comment}'.rstrip()] + [''] * (end - first - 1)
    return '\n'.join(lines) + '\n' if changed else None


def _read_text(path: str) -> str | None:
    """A requirements file's text; None when it is not one we can read
    (missing, a folder, not UTF-8, package metadata): the compiler gets
    it as it is and says what is wrong."""
    if os.path.basename(path) in _METADATA_FILES:
        return None
    try:
        with open(path, 'rb') as f:
            return f.read().decode('utf-8-sig')
    except (OSError, UnicodeDecodeError):
        return None


def _renamed(word: str, new_base: str) -> str:
    """``word``, a path as written, with its last part replaced."""
    head, sep, _ = word.rpartition('/')
    return f'{head}{sep}{new_base}'


class Renames:
    """The temporary copies pip_readable_inputs made: ``words`` maps an
    input as given to the compiler to its copy's name; ``names`` maps each
    copy's file name back to the original's (for the compiler's output)."""

    __slots__ = ('words', 'names')

    def __init__(self) -> None:
        self.words: dict[str, str] = {}
        self.names: dict[str, str] = {}

    def back(self, text: str) -> str:
        """``text`` with every copy's name replaced by the original's
        (longest first: one name may end another)."""
        for temp in sorted(self.names, key=len, reverse=True):
            text = text.replace(temp, self.names[temp])
        return text


@contextlib.contextmanager
def pip_readable_inputs(directory: str, inputs: Sequence[str]) -> Iterator[Renames]:
    """Temporary copies of the requirement files ``inputs`` (paths from
    ``directory``) and of the ``-r``/``-c`` files they include, in the form
    current pip reads (pip_readable_text), for each file that needs it: one
    with a line to fix, or including one that needs it.  Each copy sits
    beside its original (relative includes keep working); the originals
    are not touched; every copy is removed afterwards, also on failure
    and interrupt."""
    texts: dict[str, str | None] = {}
    includes: dict[str, list[tuple[str, str]]] = {}  # file -> [(as written, file)]
    fixes: dict[str, bool] = {}
    tops = [(word, os.path.normpath(os.path.join(directory, word))) for word in inputs]

    pending = [path for _, path in tops]
    while pending:
        path = pending.pop()
        if path in texts:
            continue
        text = texts[path] = _read_text(path)
        includes[path] = []
        fixes[path] = False
        if text is None:
            continue
        for _, _, code, _ in _logical_lines(text):
            inc = _include(code)
            if inc is not None:
                target = os.path.normpath(os.path.join(os.path.dirname(path), inc[1]))
                includes[path].append((inc[1], target))
                pending.append(target)
            elif not fixes[path] and pip_readable_line(code) is not None:
                fixes[path] = True

    needs: dict[str, bool] = {}

    def need(path: str) -> bool:
        if path not in needs:
            needs[path] = False  # an include cycle: decided by the rest
            needs[path] = fixes[path] or any([need(t) for _, t in includes[path]])
        return needs[path]

    renames = Renames()
    temps: dict[str, str] = {}  # original -> copy
    try:
        for path in texts:
            if need(path):
                fd, temp = temp_beside(path)
                os.close(fd)
                temps[path] = temp
                renames.names[os.path.basename(temp)] = os.path.basename(path)
        for path, temp in temps.items():
            by_word = {w: os.path.basename(temps[t]) for w, t in includes[path] if t in temps}
            text = pip_readable_text(
                texts[path] or '',
                lambda w, by_word=by_word: _renamed(w, by_word[w]) if w in by_word else None,
            )
            with open(temp, 'w', encoding='utf-8') as f:
                f.write(text if text is not None else texts[path] or '')
        for word, path in tops:
            if path in temps:
                renames.words[word] = _renamed(word, os.path.basename(temps[path]))
        yield renames
    finally:
        for temp in temps.values():
            with contextlib.suppress(OSError):
                os.unlink(temp)


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
                f.write(_pip_readable_pins(old) if compiler.inputs else old or b'')
            temp_name = posixpath.join(posixpath.dirname(output), os.path.basename(temp))
            with pip_readable_inputs(directory, compiler.inputs) as renames:
                renames.names[os.path.basename(temp)] = posixpath.basename(output)
                argv = [renames.words.get(a, a) for a in compiler.command(temp_name)]
                try:
                    run(argv, directory, compiler.name, while_running)
                except CompileError as e:
                    e.tail = [renames.back(line) for line in e.tail]
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


def _pip_readable_pins(old: bytes | None) -> bytes:
    """The old requirements.txt as the compiler reads it for its existing
    pins: pip-compile's ``NAME @ URL#egg=NAME==VERSION`` pins, which pip
    25 and later reject, as ``NAME @ URL``."""
    if not old:
        return b''
    try:
        text = old.decode('utf-8-sig')
    except UnicodeDecodeError:
        return old
    fixed = pip_readable_text(text)
    return old if fixed is None else fixed.encode('utf-8')


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


__all__ = [
    'CompileError', 'Compiler', 'Locked', 'Outcome', 'Renames', 'Terminated',
    'compile_project', 'find_program', 'make_compiler', 'newline_of',
    'pip_readable_inputs', 'pip_readable_line', 'pip_readable_text',
    'run', 'scrubbed_env', 'signals_as_exceptions',
]
