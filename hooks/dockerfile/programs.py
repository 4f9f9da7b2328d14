"""What one shell command does with requirements: compiles them
(``pip-reqs compile``, ``pip-compile``, ``uv pip compile``, ``python -m
piptools compile``), resolves them (``pip-reqs resolve``), reads
requirements.txt (``pip install -r``, ``uv pip sync``, ``pip-sync``), or runs
a script (``sh -c '...'``) (README.md, "dockerfile-requirements").
"""
from __future__ import annotations

import posixpath

from hooks.dockerfile.shell import Word

TXT = 'requirements.txt'
SHELLS = frozenset(('sh', 'bash', 'dash', 'ash', 'zsh', 'ksh'))
_VERSION_CHARS = frozenset('0123456789.')


def versioned(name: str, program: str) -> bool:
    """``program`` with an optional version: ``pip``, ``pip3``, ``python3.11``
    (the fullmatch of ``program[0-9.]*``)."""
    return name.startswith(program) and all(c in _VERSION_CHARS for c in name[len(program):])



def basename(value: str) -> str:
    """The last part of a path (``/app/requirements.txt/`` too)."""
    return posixpath.basename(value.rstrip('/'))



def _option_values(args: list[str], short: str, long: str) -> list[int]:
    """Indexes of the values of ``-x V``, ``-xV``, ``--long V``, ``--long=V``."""
    found = []
    k = 0
    while k < len(args):
        a = args[k]
        if a in (short, long) and k + 1 < len(args):
            found.append(k + 1)
            k += 1
        elif a.startswith(long + '=') or a.startswith(short) and not a.startswith('--') and len(a) > len(short):
            found.append(k)
        k += 1
    return found


def _option_value(arg: str, short: str, long: str) -> str:
    if arg.startswith(long + '='):
        return arg[len(long) + 1:]
    if arg.startswith(short) and not arg.startswith('--') and len(arg) > len(short):
        return arg[len(short):]
    return arg


def _writes_other_file(args: list[str]) -> bool:
    """True when a compile's output is some other file than requirements.txt
    (``-o dev.txt``, or ``pip-compile dev.in`` without -o)."""
    outs = _option_values(args, '-o', '--output-file')
    if outs:
        return all(basename(_option_value(args[k], '-o', '--output-file')) != TXT for k in outs)
    sources = [a for a in args if a.endswith('.in')]
    return bool(sources) and not any(basename(a) == 'requirements.in' for a in sources)


def classify(words: list[Word]) -> list[tuple[str, str, Word]]:
    """(kind, label, word) of what one command does with requirements;
    ``kind`` 'shell' means: the word's value is a script to read."""
    if not words:
        return []
    name = basename(words[0].value)
    values = [w.value for w in words[1:]]
    positional = [v for v in values if not v.startswith('-')]
    found: list[tuple[str, str, Word]] = []
    if name == 'pip-reqs' and positional[:1] == ['compile']:
        found.append(('compile', 'pip-reqs compile', words[0]))
    elif name == 'pip-reqs' and positional[:1] == ['resolve']:
        found.append(('resolve', 'pip-reqs resolve', words[0]))
    elif name == 'pip-compile':
        if not _writes_other_file(values):
            found.append(('compile', 'pip-compile', words[0]))
    elif name == 'uv' and positional[:2] == ['pip', 'compile']:
        if not _option_values(values, '-o', '--output-file') or not _writes_other_file(values):
            found.append(('compile', 'uv pip compile', words[0]))
    elif versioned(name, 'python') and '-m' in values:
        k = values.index('-m')
        module = values[k + 1] if k + 1 < len(values) else ''
        rest = words[k + 3:]  # values[k] is words[k + 1]
        if module == 'piptools' and rest and rest[0].value == 'compile':
            if not _writes_other_file([w.value for w in rest[1:]]):
                found.append(('compile', 'python -m piptools compile', words[0]))
        elif module == 'pip' and rest:
            found.extend(classify([Word('pip', words[0].start, words[0].end), *rest]))
    elif (versioned(name, 'pip') and positional[:1] in (['install'], ['wheel'], ['download'])) or (
        name == 'uv' and positional[:2] in (['pip', 'install'], ['pip', 'sync'])
    ):
        args = [w.value for w in words]
        what = ' '.join([name, *positional[:2 if name == 'uv' else 1]])
        for opt in (('-r', '--requirement'), ('-c', '--constraint')):
            for k in _option_values(args, *opt):
                if basename(_option_value(args[k], *opt)) == TXT:
                    found.append(('reads', f'{what} {opt[0]} requirements.txt', words[k]))
        if name == 'uv' and positional[1] == 'sync':
            for w in words[3:]:
                if basename(w.value) == TXT:
                    found.append(('reads', 'uv pip sync requirements.txt', w))
    elif name == 'pip-sync':
        files = [w for w in words[1:] if not w.value.startswith('-')]
        if not files:
            found.append(('reads', 'pip-sync', words[0]))
        found.extend(('reads', 'pip-sync requirements.txt', w) for w in files if basename(w.value) == TXT)
    elif name in SHELLS:
        for k, w in enumerate(words[1:-1], 1):
            if w.value.startswith('-') and not w.value.startswith('--') and 'c' in w.value:
                found.append(('shell', '', words[k + 1]))
                break
    return found
