"""Replaying the producers of a ``pylock.toml`` that record no inputs
(hooks.readers.pylock): ``pip lock .``, ``pdm export -f pylock``.  Run
as recorded, where the pylock file is, writing the temporary output
(hooks.compile.replace); the arguments after ``--`` are added.
``uv pip compile -o pylock.toml`` is replayed like its requirements.txt
(hooks.compile.replay), ``uv export --format pylock.toml`` like every uv
export (hooks.compile.uv_replay: uv lock, then the recorded export)."""
from __future__ import annotations

from hooks.compile.command import Compiler
from hooks.compile.command import find_program
from hooks.compile.command import OUTPUT
from hooks.compile.errors import CompileError
from hooks.compiled import Compiled

PRODUCERS = frozenset(('pip lock', 'pdm export'))
OUTPUT_OPTIONS = ('-o', '--output-file', '--output')


def lock_compiler(project: Compiled, extra: list[str]) -> Compiler | None:
    """The compiler that writes ``project`` again, when a producer of
    :data:`PRODUCERS` wrote it; None otherwise.  Raises CompileError when
    its program is not installed."""
    recorded = project.recorded
    if recorded is None or recorded.tool not in PRODUCERS:
        return None
    words = _without_output(recorded.argv[1:])
    program = find_program(recorded.argv[0])
    if program is None:
        raise CompileError(f'{recorded.tool} wrote {project.output}, but {recorded.argv[0]} is not installed (not beside this Python nor on PATH)')
    return Compiler(recorded.tool, [program, *words, *extra, '-o', OUTPUT], False)


def _without_output(words: list[str]) -> list[str]:
    """``words`` less the output option and its value."""
    kept = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in OUTPUT_OPTIONS:
            skip = True
        elif not word.startswith(tuple(f'{o}=' for o in OUTPUT_OPTIONS[1:])) and not (word.startswith('-o') and not word.startswith('--')):
            kept.append(word)
    return kept
