"""The outputs a compiled file installs with it: pip-compile-multi writes
``-r docs.txt`` into ``dev.txt`` instead of repeating docs.txt's pins, and
pip installs both, so docs.txt's pins answer dev.txt's requirements too
(README.md, "Layouts").  Followed as pip follows them: relative to
the including file, nested, each file once."""
from __future__ import annotations

from hooks.project import resolve
from hooks.readers import pinfile
from hooks.readers.pip_syntax import logical_lines
from hooks.readers.pip_syntax import parse_line
from hooks.report import BadInput
from hooks.report import decode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def includes(text: str, path: str) -> list[tuple[int, str]]:
    """(line, target as written) of each ``-r``/``--requirement`` line of
    a compiled file; a URL target is left to pip."""
    if not any(line.lstrip().startswith(('-r', '--r')) for line in text.splitlines()):
        return []  # the everyday output ('# via -r ...' only): not parsed twice
    found = []
    for line in logical_lines(text, path):
        if not line.text:
            continue
        _, opts = parse_line(line)
        for target in opts.get('--requirement', ()):
            if '://' not in target:
                found.append((line.lineno, target))
    return found


def included_pins(read: Callable[[str], bytes | None], text: str, path: str) -> dict[str, tuple[str, pinfile.Pin]]:
    """The pins of the outputs ``text`` (the compiled file ``path``)
    includes, nested ones too, by normalised name, each with the file it
    stands in; the first include's pin of a name wins, as in pip's
    reading order.  An include that leaves the
    repository or is not there is bad input: pip would refuse the file."""
    found: dict[str, tuple[str, pinfile.Pin]] = {}
    seen = {path}
    todo = [(path, text)]
    while todo:
        current, body = todo.pop(0)
        for lineno, target in includes(body, current):
            try:
                target_path = resolve(current, target)
            except ValueError:
                raise BadInput(current, lineno, f'-r {target}: outside the repository') from None
            if target_path in seen:
                continue
            seen.add(target_path)
            data = read(target_path)
            if data is None:
                raise BadInput(current, lineno, f'-r {target}: no such file ({target_path})')
            included = decode(data, target_path)
            for name, pin in pinfile.read_pins(included, target_path).items():
                found.setdefault(name, (target_path, pin))
            todo.append((target_path, included))
    return found
