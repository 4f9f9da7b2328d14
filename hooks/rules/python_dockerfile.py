"""The Python of a Dockerfile (README.md, "requirements-fresh", rule 8):
the image of the stage that installs the requirements (a ``pip install
-r``, ``pip-reqs resolve``, a COPY of the file; else the last stage),
through stage names (``FROM build``) and the ARGs declared before the first
FROM (their defaults): ``python:3.12-slim``, ``python:3.12@sha256:...``,
``pypy:3.10``, a tag with ``py3.9`` / ``python3.11`` in it; and Divio's
wheels platform (``ENV WHEELS_PLATFORM=bookworm-py312``) of that stage.

On the fast path: the Dockerfile reader (hooks.dockerfile) is imported only
when there is a Dockerfile to read, the stage events (hooks.dockerfile.events)
only when several stages mention the requirements.
"""
from __future__ import annotations

import posixpath

from hooks.report import decode
from hooks.rules.target import image_python
from hooks.rules.target import join
from hooks.rules.target import platform_python
from hooks.rules.target import Target

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the fast path)
if TYPE_CHECKING:
    from hooks.compiled import Compiled
    from hooks.dockerfile.instructions import Dockerfile
    from hooks.dockerfile.instructions import Instruction
    from hooks.snapshot import Snapshot

DOCKERFILE = 'Dockerfile'
_NAME_CHARS = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_')
# images built by Divio: a mismatch is fixed by compiling in the image
_DIVIO_IMAGES = ('divio/', 'aldryn/')


class _Stage:
    """One build stage: ``inst`` its FROM; ``image`` the image reference
    with the ARGs expanded (None when an ARG has no value); ``base`` the
    earlier stage it is built on, or None; ``name`` (lower case) or ''."""
    __slots__ = ('base', 'image', 'inst', 'instructions', 'name')

    def __init__(self, inst: Instruction, image: str | None, base: _Stage | None, name: str) -> None:
        self.inst = inst
        self.image = image
        self.base = base
        self.name = name
        self.instructions: list[Instruction] = []


def dockerfile_targets(snapshot: Snapshot, project: Compiled, txt_path: str) -> list[Target]:
    """The Python of the Dockerfile's installing stage: its image, and its
    wheels platform."""
    path = join(project.dir, DOCKERFILE)
    data = snapshot.read(path)
    if data is None or b'FROM' not in data.upper():
        return []
    from hooks.dockerfile.reader import parse
    df = parse(decode(data, path), path)
    stages = _stages(df)
    if not stages:
        return []
    stage = _installing(df, stages, posixpath.basename(txt_path)) if len(stages) > 1 else stages[0]
    found = []
    chain = []
    s: _Stage | None = stage
    while s is not None:
        chain.append(s)
        s = s.base
    root = chain[-1]
    python = image_python(root.image) if root.image is not None else None
    if python is not None:
        divio = root.image is not None and root.image.startswith(_DIVIO_IMAGES)
        found.append(Target(path, root.inst.line, python, f'builds on Python {python}', divio, root.image))
    platform = None
    for s in reversed(chain):  # the base stage first: a later ENV wins
        for inst in s.instructions:
            value = _assigned(inst, 'WHEELS_PLATFORM')
            if value is not None:
                platform = (inst.line, value)
    if platform is not None and '$' not in platform[1]:
        python = platform_python(platform[1])
        if python is not None:
            found.append(Target(path, platform[0], python, f'installs wheels for Python {python} (WHEELS_PLATFORM {platform[1]})', True))
    return found


def _stages(df: Dockerfile) -> list[_Stage]:
    from hooks.dockerfile.syntax import raw_words
    meta: dict[str, str | None] = {}  # the ARGs before the first FROM
    stages: list[_Stage] = []
    for inst in df.instructions:
        if inst.keyword == 'ARG' and not stages:
            for name, value in _assignments(inst):
                meta[name] = value
            continue
        if inst.keyword != 'FROM':
            if stages:
                stages[-1].instructions.append(inst)
            continue
        words = [w for w in raw_words(inst.args) if not w.startswith('--')]
        if not words:
            continue
        image = expand(words[0], meta)
        name = words[2].lower() if len(words) >= 3 and words[1].lower() == 'as' else ''
        base = None
        if image is not None:
            base = next((s for s in reversed(stages) if s.name and s.name == image.lower()), None)
        stages.append(_Stage(inst, image if base is None else None, base, name))
    return stages


def _installing(df: Dockerfile, stages: list[_Stage], basename: str) -> _Stage:
    """The first stage that installs the requirements file (or copies it),
    else the last stage.  Only when several stages mention it are their
    commands read (hooks.dockerfile.events: a shell parse of every RUN)."""
    stem = basename.rsplit('.', 1)[0]
    mentions = [
        s for s in stages
        if any(i.keyword in ('RUN', 'COPY', 'ADD') and (stem in i.args or 'pip-reqs' in i.args) for i in s.instructions)
    ]
    if len(mentions) < 2:
        return mentions[0] if mentions else stages[-1]
    from hooks.dockerfile.events import events
    starts = {inst.start: s for s in mentions for inst in s.instructions}
    for ev in events(df):
        if ev.kind in ('resolve', 'reads', 'copy', 'glob') and ev.inst.start in starts:
            return starts[ev.inst.start]
    for s in mentions:
        for inst in s.instructions:
            if inst.keyword in ('RUN', 'COPY', 'ADD') and basename in inst.args:
                return s
    return stages[-1]


def _assignments(inst: Instruction) -> list[tuple[str, str | None]]:
    """``NAME=value`` pairs of an ARG or ENV (``ENV NAME value``: the old
    form, the rest of the line); a value None: declared without one."""
    from hooks.dockerfile.shell import unquote
    from hooks.dockerfile.syntax import raw_words
    words = raw_words(inst.args)
    if inst.keyword == 'ENV' and words and '=' not in words[0]:
        rest = inst.args.strip()[len(words[0]):].strip()
        return [(words[0], unquote(rest))]
    found: list[tuple[str, str | None]] = []
    for word in words:
        name, eq, value = word.partition('=')
        found.append((name, unquote(value) if eq else None))
    return found


def _assigned(inst: Instruction, name: str) -> str | None:
    if inst.keyword not in ('ENV', 'ARG'):
        return None
    if name + '=' not in inst.args and not inst.args.startswith(name + ' '):
        return None  # also ``${WHEELS_PLATFORM:-...}`` in another value
    value = None
    for key, val in _assignments(inst):
        if key == name and val is not None:
            value = val
    return value


def expand(word: str, args: dict[str, str | None]) -> str | None:
    """``word`` with ``$NAME``, ``${NAME}``, ``${NAME:-default}`` and
    ``${NAME-default}`` replaced by the ARG values ``args`` (None: declared
    without a default); None when a value is not known there (given at
    build time) or another form is used."""
    out = []
    i = 0
    while True:
        j = word.find('$', i)
        if j < 0:
            out.append(word[i:])
            return ''.join(out)
        out.append(word[i:j])
        if word.startswith('{', j + 1):
            end = word.find('}', j + 2)
            if end < 0:
                return None
            inner = word[j + 2:end]
            k = 0
            while k < len(inner) and inner[k] in _NAME_CHARS:
                k += 1
            name, op = inner[:k], inner[k:]
            i = end + 1
        else:
            k = j + 1
            while k < len(word) and word[k] in _NAME_CHARS:
                k += 1
            name, op = word[j + 1:k], ''
            i = k
        if not name:
            return None
        value = args.get(name)
        if op.startswith(':-'):
            value = value or op[2:]
        elif op.startswith('-'):
            value = op[1:] if value is None else value
        elif op:
            return None  # ${NAME:+word}, ${NAME#...}: not judged
        if value is None:
            return None
        out.append(value)
