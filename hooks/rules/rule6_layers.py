"""Rule 6: layers agree (README.md, "requirements-fresh"): when an input
constrains with another compiled output (``-c base.txt``), a package both
outputs pin is pinned at the same version in both -- what recompiling
``base.txt`` alone leaves behind."""
from __future__ import annotations

import posixpath

from hooks.finding import Finding
from hooks.readers import pinfile
from hooks.readers import pip_syntax
from hooks.readers import requirements
from hooks.report import decode
from hooks.rules.versions import same_version
from hooks.snapshot import Snapshot

RULE = 6


def layer_files(snapshot: Snapshot, inputs: list[requirements.InputFile]) -> dict[str, str]:
    """The ``-c`` inputs that are compiled outputs (their header records a
    command, or ``NAME.in`` lies beside ``NAME.txt``), each with the input
    line that constrains with it (``requirements/dev.in:1``)."""
    found = {}
    for f in inputs:
        if f.kind != '-c':
            continue
        data = snapshot.read(f.path) or b''
        if not requirements.compiled_output(snapshot, f.path, decode(data, f.path)):
            continue
        via = ''
        for g in inputs:
            for line in g.lines:
                if line.text.startswith('-c') or line.text.startswith('--constraint'):
                    _, value = pip_syntax.split_option(line.text)
                    if value and posixpath.normpath(posixpath.join(posixpath.dirname(g.path), value)) == f.path:
                        via = via or f'{line.path}:{line.lineno}'
        found[f.path] = via
    return found


def layer_findings(
        txt_path: str, pins: dict[str, pinfile.Pin], other_txt_path: str, other_pins: dict[str, pinfile.Pin],
        via: str | None = None,
) -> list[Finding]:
    """``txt_path``'s input constrains with ``other_txt_path`` (``via``:
    that input line, e.g. ``dev.in:3``): each package both pin at two
    versions."""
    found = []
    for name, pin in pins.items():
        other = other_pins.get(name)
        if other is None:
            continue
        theirs = [q for q in pinfile.all_pins(other) if q.version is not None]
        for p in pinfile.all_pins(pin):
            if p.version is None or not theirs or any(same_version(p.version, q.version) for q in theirs):
                continue
            q = theirs[0]
            why = f' ({via} constrains with it)' if via else ''
            found.append(Finding(txt_path, p.line, f'{name} {p.version} is pinned at {q.version} in {other_txt_path}:{q.line}{why}', RULE))
    return found


def findings(snapshot: Snapshot, txt_path: str, pins: dict[str, pinfile.Pin], layers: dict[str, str]) -> list[Finding]:
    """Rule 6 against every layer (:func:`layer_files`)."""
    found = []
    for f, line in layers.items():
        other = snapshot.read(f)
        assert other is not None  # read as an input already
        found += layer_findings(txt_path, pins, f, pinfile.read_pins(decode(other, f), f), line)
    return found
