"""Which program runs, with which argv (README.md, "`requirements-compile`"):

* ``pip-compile`` (pip-tools, the default) and ``uv pip compile``: run with
  ``--output-file`` pointing at a temporary copy of the current
  requirements.txt (OUTPUT in the argv), so that the compiler keeps the
  existing pins unless the inputs force a change;
* any command (``--command``), split like a shell, that writes
  requirements.txt in place.

The header the compiler writes names the command recorded before, as it
was written (``header``: pip-tools' ``CUSTOM_COMPILE_COMMAND``, uv's
``UV_CUSTOM_COMPILE_COMMAND``), so that the hook's compile and a hand
compile write the same bytes: the temporary output and the hook's own
argv spelling never reach it.

Each program is looked for beside the running interpreter first (the hook's
virtualenv, which pre-commit does not put on PATH), then on the absolute
entries of PATH: a relative entry (``.``, or the empty one a trailing ``:``
makes) is the repository being checked, whose ``./pip-compile`` a pull
request can commit.
"""
from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Sequence

from hooks.compile.errors import CompileError
from hooks.compile.errors import NotInstalled
from hooks.project import REQUIREMENTS_IN

OUTPUT = '\0output'  # placeholder in Compiler.argv


class Compiler:
    """How to run one compiler: ``argv`` (with OUTPUT standing for the
    temporary output file, when ``in_place`` is false) and a ``name`` for
    messages.  ``inputs``: the words of argv that name requirement files
    the compiler reads with pip's parser (pip-compile's), handed over in
    the form current pip reads (hooks.compile.pip_readable).  ``env``:
    variables set for it (the header it writes).  A plain slot class: a
    dataclass imports ``dataclasses`` and ``inspect`` (7 ms) before the
    compiler can start, which is the overhead requirements-compile adds."""

    __slots__ = ('name', 'argv', 'in_place', 'inputs', 'env')

    def __init__(
            self, name: str, argv: list[str], in_place: bool,  # in_place: the command writes requirements.txt itself
            inputs: Sequence[str] = (), env: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.name = name
        self.argv = argv
        self.in_place = in_place
        self.inputs: tuple[str, ...] = tuple(inputs)
        self.env: tuple[tuple[str, str], ...] = tuple(env)

    def __repr__(self) -> str:
        return f'Compiler({self.name!r}, {self.argv!r}, in_place={self.in_place!r}, inputs={self.inputs!r}, env={self.env!r})'

    def command(self, output: str) -> list[str]:
        return [a.replace(OUTPUT, output) for a in self.argv]


def _beside_python(name: str) -> str | None:
    """``name`` in the folder of the running interpreter (the hook's venv),
    if it is there: pre-commit's environment is not on PATH."""
    for d in (os.path.dirname(sys.executable), os.path.dirname(os.path.realpath(sys.executable))):
        candidate = os.path.join(d, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def find_program(name: str) -> str | None:
    """A program next to sys.executable first, then on an absolute PATH
    entry (never a relative one: the current folder is the repository)."""
    found = _beside_python(name)
    if found is None:
        path = os.environ.get('PATH', os.defpath).split(os.pathsep)
        found = shutil.which(name, path=os.pathsep.join(d for d in path if os.path.isabs(d)))
    return found


def uv_missing(output: str, recorded: str = 'uv pip compile') -> str:
    """The message for uv, which ``output`` chose (its header records
    ``recorded``; the user passed no --compiler), not installed."""
    if os.environ.get('PRE_COMMIT'):
        how = 'add additional_dependencies: [uv] to the hook in .pre-commit-config.yaml'
    else:
        how = 'pip install uv beside requirements-compile'
    where = f'the header of {output} records {recorded}' if recorded == 'uv pip compile' else f'{output} is written by {recorded}'
    other = ', or pass --compiler pip-tools' if recorded == 'uv pip compile' else ''
    return (
        f"{where}; uv is not in the hook's environment "
        f'(not beside its Python nor on an absolute PATH entry): {how}{other}'
    )


def make_compiler(
        tool: str = 'pip-tools',
        command: str | None = None,
        args: Sequence[str] = (),
        requirements_in: str = REQUIREMENTS_IN,
        sources: Sequence[str] | None = None,
        header: str | None = None,
) -> Compiler:
    """The compiler the flags ask for.  ``sources``: the input files, as
    the command that wrote the output names them (default:
    ``requirements_in``); ``header``: the command line the output's header
    is to name (None: the compiler's own argv).  Raises CompileError when it is not installed or
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
            raise NotInstalled(
                '--compiler uv: uv is not installed (not beside this Python '
                'nor on an absolute PATH entry); install it (pip install uv, or add it to the '
                "hook's additional_dependencies) or use --compiler pip-tools",
                'uv',
            )
        env = [('UV_CUSTOM_COMPILE_COMMAND', header)] if header else []
        return Compiler('uv', [uv, 'pip', 'compile', *args, *srcs, '--output-file', OUTPUT], False, env=env)
    if tool == 'pip-tools':
        pip_compile = find_program('pip-compile')
        if pip_compile is None:
            raise NotInstalled(
                '--compiler pip-tools: pip-compile is not installed (not beside '
                'this Python nor on an absolute PATH entry); pip install pip-tools',
                'pip-tools',
            )
        env = [('CUSTOM_COMPILE_COMMAND', header)] if header else []
        return Compiler('pip-compile', [pip_compile, *args, f'--output-file={OUTPUT}', *srcs], False, inputs=tuple(srcs), env=env)
    raise CompileError(f'--compiler {tool}: unknown compiler (choose pip-tools or uv)')
