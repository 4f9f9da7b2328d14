"""Reading a compiled requirements file (requirements.txt as pip-compile
or ``uv pip compile`` writes it): its pins, ``# via`` annotations and
pip-compile's unsafe footer (pip's syntax: :mod:`hooks.readers.pip_syntax`)."""
from __future__ import annotations

import re
from collections import namedtuple

from hooks.readers.pip_syntax import is_path
from hooks.readers.pip_syntax import Line
from hooks.readers.pip_syntax import logical_lines
from hooks.readers.pip_syntax import NAME_AT_RE
from hooks.readers.pip_syntax import NAME_RE
from hooks.readers.pip_syntax import normalize
from hooks.readers.pip_syntax import parse_line
from hooks.readers.pip_syntax import path_name
from hooks.readers.pip_syntax import url_name_version
from hooks.readers.pip_syntax import URL_RE
from hooks.report import BadInput

# a pip-compile pin: "name==1.0", "name[extra]==1.0", "name===x", "name==1.0 ; marker"
PIN_RE = re.compile(
    r'^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?\s*'
    r'===?\s*(?P<version>[^\s;,]+)\s*(?:;(?P<marker>.*))?$',
)
# a line of requirements.txt that is a requirement but no pin ("django>=4"
# by hand): a name, extras, specifiers, a marker; anything else is bad input
_SPEC = r'(?:~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9][A-Za-z0-9.*+!_-]*'
LOOSE_RE = re.compile(
    r'^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*'
    rf'(?:\(?\s*{_SPEC}(?:\s*,\s*{_SPEC})*\s*\)?)?\s*(?:;.*)?$',
)
# the footer pip-compile writes instead of pins without --allow-unsafe
UNSAFE_FOOTER = 'The following packages are considered to be unsafe in a requirements file'
_URL_MARKER_RE = re.compile(r'\s;\s*(?P<marker>.*)$')


# A pin of requirements.txt.
#   name     PEP 503-normalised
#   version  None for a URL or path pin without a version, and for an
#            unsafe package pip-compile lists in its footer (unsafe)
#   via      the '# via' entries, inline or in a block; () if none
#   exact    False for a line that is not a pin (django>=4, django==4.2.*)
#   marker   the environment marker's text, or None
#   hashes   the line (or its continuations) has --hash
#   extras   the extras written on the pin, normalised and sorted: () if none
#   url      the location of a URL or path pin, as written (without -e)
#   unsafe   listed as '# name' under pip-compile's unsafe footer: pinned,
#            without a version
#   alternatives  the other pins of the same name, in file order (uv
#            --universal pins one package once per exclusive marker)
Pin = namedtuple(
    'Pin', 'name version line via editable exact marker hashes extras url unsafe alternatives',
    defaults=(False, True, None, False, (), None, False, ()),
)


def _via_entries(text: str) -> list[str]:
    return [e.strip() for e in text.split(',') if e.strip()]


def _extras(text: str | None) -> tuple[str, ...]:
    return tuple(sorted({normalize(e.strip()) for e in (text or '').split(',') if e.strip()}))


def _read_pin(line: Line, path: str) -> Pin | None:
    """One logical line of requirements.txt as a pin; None for an option
    line (``--index-url``)."""
    # options as pip reads them (an unknown one, or one without its value,
    # is bad input); a line of options alone is no pin
    requirement, opts = parse_line(line)
    editable = '--editable' in opts
    if editable:
        requirement = opts['--editable'][0]
    elif not requirement:
        return None
    hashes = '--hash' in opts
    requirement = requirement.strip()
    if not editable:
        m = PIN_RE.match(requirement)
        if m:
            version = m.group('version')
            marker = (m.group('marker') or '').strip() or None
            return Pin(
                normalize(m.group('name')), version, line.lineno, (), exact='*' not in version,
                marker=marker, hashes=hashes, extras=_extras(m.group('extras')),
            )
    m = _URL_MARKER_RE.search(requirement)
    marker = m.group('marker').strip() or None if m else None
    location = requirement[:m.start()].strip() if m else requirement
    m = None if editable else NAME_AT_RE.match(location)
    if m:
        url = m.group('url')
        _, version = url_name_version(url)
        return Pin(
            normalize(m.group('name')), version, line.lineno, (), marker=marker, hashes=hashes,
            extras=_extras(m.group('extras')), url=url,
        )
    if editable or URL_RE.match(location) or is_path(location):
        name, version = url_name_version(location)
        if name is None:
            name = path_name(location, path)
        return Pin(name, version, line.lineno, (), editable, marker=marker, hashes=hashes, url=location)
    m = NAME_RE.match(requirement)
    if m is None:
        raise BadInput(path, line.lineno, f'cannot read this line: {line.text!r}')
    if LOOSE_RE.match(requirement) is None:
        raise BadInput(path, line.lineno, f'invalid pin: {requirement!r}')
    return Pin(normalize(m.group(1)), None, line.lineno, (), exact=False, hashes=hashes)


def _unsafe_pin(comment: str, lineno: int) -> Pin | None:
    """``# setuptools`` (or ``# setuptools==41.0.1  # via x``, older
    pip-tools) under the unsafe footer."""
    comment = comment.split('#', 1)[0].strip()
    m = PIN_RE.match(comment) or NAME_RE.match(comment)
    if m is None or m.end() != len(comment):
        return None
    version = m.group('version') if m.re is PIN_RE else None
    return Pin(normalize(m.group(1)), version, lineno, (), unsafe=True)


def read_pins(text: str, path: str) -> dict[str, Pin]:
    """The pins of a requirements.txt, by normalised name.  Reads
    ``name==version``, ``name @ url``, ``url#egg=name==version``, ``-e``
    lines, markers, ``--hash``, both ``# via`` styles and the packages of
    pip-compile's unsafe footer; option lines are checked and skipped.
    A name pinned more than once (under exclusive markers) maps to its
    first pin, which holds the others in ``alternatives``.  A line that is
    no requirement, or an unknown option, is bad input."""
    found: list[Pin] = []
    via: list[list[str]] = []
    in_block = False  # reading the entries of the last pin's '# via' block
    last = False  # the comment lines follow a pin
    unsafe = False  # below pip-compile's unsafe footer
    for line in logical_lines(text, path):
        if not line.text:
            comment = line.comment.strip()
            if last and comment.startswith('via'):
                rest = comment[3:].strip()
                via[-1].extend(_via_entries(rest))
                in_block = not rest
            elif in_block and line.comment.startswith('  '):
                # the entries of a '# via' block: '    #   django-cms'
                via[-1].extend(_via_entries(comment))
            else:
                in_block = last = False
                if comment.startswith(UNSAFE_FOOTER):
                    unsafe = True
                elif unsafe and line.comment.startswith(' ') and not line.comment.startswith('  '):
                    pin = _unsafe_pin(comment, line.lineno)
                    if pin is not None:
                        found.append(pin)
                        via.append([])
                        last = True
            continue
        in_block = last = False
        pin = _read_pin(line, path)
        if pin is None:
            continue
        found.append(pin)
        via.append([])
        last = True
        comment = line.comment.strip()
        if comment.startswith('via'):
            via[-1].extend(_via_entries(comment[3:]))
    pins: dict[str, Pin] = {}
    more: dict[str, list[Pin]] = {}
    for pin, entries in zip(found, via, strict=False):
        pin = pin._replace(via=tuple(entries))
        if pin.name in pins:
            more.setdefault(pin.name, []).append(pin)
        else:
            pins[pin.name] = pin
    for name, others in more.items():
        pins[name] = pins[name]._replace(alternatives=tuple(others))
    return pins


def all_pins(pin: Pin) -> tuple[Pin, ...]:
    """The pin and its alternatives (the other pins of its name)."""
    return (pin, *pin.alternatives)
