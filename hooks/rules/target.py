"""What names the Python a project builds and runs on: a :class:`Target`
(README.md, "requirements-fresh", rule 8), and the Python an image tag or a
Divio wheels platform names.  A leaf, on the fast path: str methods only."""
from __future__ import annotations

import posixpath

# images whose tag starts with the Python version
_PYTHON_IMAGES = frozenset(('python', 'pypy'))


class Target:
    """Something that names the Python the project runs on: ``path``,
    ``line``; ``python``: X.Y, or a specifier (``requires-python``);
    ``says``: the message's end (``builds on Python 3.9``); ``divio``: a
    Divio image or wheels platform (the fix is Divio's); ``image``: the
    Dockerfile's image, which rule 8's fix line compiles in.  A plain class:
    built on the fast path (hooks.finding says why)."""
    __slots__ = ('divio', 'image', 'line', 'path', 'python', 'says')

    def __init__(self, path: str, line: int, python: str, says: str, divio: bool = False, image: str | None = None) -> None:
        self.path = path
        self.line = line
        self.python = python
        self.says = says
        self.divio = divio
        self.image = image

    def __repr__(self) -> str:
        return f'Target({self.path!r}, {self.line!r}, {self.python!r}, {self.says!r}, {self.divio!r})'


def join(folder: str, name: str) -> str:
    return posixpath.join(folder, name) if folder else name


def major_minor(version: str) -> str | None:
    """'3.11' of '3.11', '3.11.7', '3.13.0rc1'; None for '3', 'latest'."""
    parts = version.split('.')
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
        return f'{int(parts[0])}.{int(parts[1])}'
    return None


def image_python(image: str) -> str | None:
    """The Python an image reference names by its tag (a digest after the
    tag changes nothing; a digest alone names none)."""
    ref = image.split('@', 1)[0]
    colon = ref.rfind(':')
    if colon < 0 or colon < ref.rfind('/'):
        return None  # no tag (``localhost:5000/app`` is a registry's port)
    name, tag = ref[:colon].rsplit('/', 1)[-1], ref[colon + 1:]
    if name in _PYTHON_IMAGES:
        python = major_minor(tag.split('-', 1)[0])
        if python is not None:
            return python
    for piece in tag.split('-'):
        for prefix in ('python', 'py'):
            if piece.startswith(prefix):
                python = major_minor(piece[len(prefix):])
                if python is not None:
                    return python
    return None


def platform_python(platform: str) -> str | None:
    """The Python of a Divio wheels platform: 'bookworm-py312' -> 3.12,
    'buster-py38' -> 3.8; 'aldryn-baseproject-py3' names no minor."""
    piece = platform.rsplit('-', 1)[-1]
    if not piece.startswith('py'):
        return None
    digits = piece[2:]
    if '.' in digits:
        return major_minor(digits)
    if len(digits) >= 2 and digits.isdigit():
        return f'{digits[0]}.{int(digits[1:])}'
    return None

