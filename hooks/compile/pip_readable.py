"""Divio's addon lines in the form current pip reads (README.md, "Layouts"
and "`requirements-compile`").

Divio writes each addon as ``URL#egg=NAME==VERSION``.  pip 25 and later
stop with InvalidEggFragment on an ``#egg=`` that is more than a project
name, so pip-compile gets temporary copies, beside the originals, with
``NAME @ URL`` instead (the version stays visible in the archive name);
the output names the user's files again.  Files without such a line are
handed over as they are.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence

from hooks.atomic import temp_beside
from hooks.readers.pip_syntax import comment_start
from hooks.readers.pip_syntax import joined_lines

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
            needs[path] = fixes[path] or any([need(t) for _, t in includes[path]])  # noqa: C419 (every include decided, in order)
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
            by_word = {w: _renamed(w, os.path.basename(temps[t])) for w, t in includes[path] if t in temps}
            text = pip_readable_text(texts[path] or '', by_word.get)
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


def pip_readable_pins(old: bytes | None) -> bytes:
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

