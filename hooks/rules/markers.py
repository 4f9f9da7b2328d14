"""Environment markers, evaluated where a file was compiled (README.md,
"requirements-fresh", rule 2): a marker that uses only ``python_version``/
``python_full_version`` (and, in a Divio project -- built in Linux Docker --
``sys_platform``/``platform_system``/``os_name``) is evaluated for the
Python the header records; other markers are not judged."""
from __future__ import annotations

import re
from itertools import product

from packaging.markers import InvalidMarker
from packaging.markers import Marker

PYTHON_VARIABLES = frozenset(('python_version', 'python_full_version'))
LINUX_VARIABLES = frozenset(('sys_platform', 'platform_system', 'os_name'))
LINUX = {'sys_platform': 'linux', 'platform_system': 'Linux', 'os_name': 'posix'}


def _marker(marker: object) -> Marker | None:
    if marker is None or isinstance(marker, Marker):
        return marker
    try:
        return Marker(str(marker))
    except InvalidMarker:
        return None


def _parsed(marker: object) -> tuple[Marker, set[str]] | None:
    """The marker and the variables it uses; None when it is no marker."""
    m = _marker(marker)
    return None if m is None else (m, _variables(m))


def _variables(marker: object) -> set[str]:
    text = re.sub(r'"[^"]*"|\'[^\']*\'', ' ', str(marker))
    return set(re.findall(r'[A-Za-z_][A-Za-z0-9_.]*', text)) - {'and', 'or', 'not', 'in'}


def _environment(full: str, linux: bool) -> dict[str, str]:
    env = {'python_version': '.'.join(full.split('.')[:2]), 'python_full_version': full}
    if linux:
        env.update(LINUX)
    return env


def applies(marker: object, python: str | None, linux: bool) -> bool | None:
    """Whether a marker holds where the file was compiled (``python``, and
    Linux when ``linux``): True, False, or None when that cannot be known."""
    if marker is None:
        return True
    parsed = _parsed(marker)
    if python is None or parsed is None:
        return None
    m, names = parsed
    if not names or not names <= (PYTHON_VARIABLES | LINUX_VARIABLES if linux else PYTHON_VARIABLES):
        return None
    parts = python.split('.')
    if len(parts) >= 3:
        fulls = [python]
    elif 'python_full_version' in names:
        fulls = [f'{python}.{micro}' for micro in range(100)]  # the header names no micro version
    else:
        fulls = [f'{python}.0']
    results = {m.evaluate(_environment(f, linux)) for f in fulls}
    return results.pop() if len(results) == 1 else None


# the environments uv --universal resolves for, beside every Python
PLATFORMS = (
    {'sys_platform': 'linux', 'platform_system': 'Linux', 'os_name': 'posix'},
    {'sys_platform': 'win32', 'platform_system': 'Windows', 'os_name': 'nt'},
    {'sys_platform': 'darwin', 'platform_system': 'Darwin', 'os_name': 'posix'},
)
UNIVERSAL_VARIABLES = PYTHON_VARIABLES | LINUX_VARIABLES | {
    'platform_machine', 'implementation_name', 'platform_python_implementation',
}
OTHERS = {
    'platform_machine': ('x86_64', 'AMD64', 'arm64', 'aarch64', 'i686'),
    'implementation_name': ('cpython', 'pypy'),
    'platform_python_implementation': ('CPython', 'PyPy'),
}


def universal_applies(marker: object, floor: str | None) -> bool | None:
    """Whether a marker holds somewhere uv's ``--universal`` resolved for:
    every platform, every Python from ``floor`` (X.Y, its
    ``--python-version``; None: every Python).  None when it uses another
    variable (``extra``, ``platform_release``)."""
    if marker is None:
        return True
    parsed = _parsed(marker)
    if parsed is None:
        return None
    m, names = parsed
    if not names <= UNIVERSAL_VARIABLES:
        return None
    low = tuple(int(x) for x in floor.split('.')[:2]) if floor else (0, 0)
    pythons = [f for f in _python_samples([m]) if tuple(int(x) for x in f.split('.')[:2]) >= low]
    keys = sorted(names & set(OTHERS))
    others = [dict(zip(keys, values, strict=True)) for values in product(*(OTHERS[k] for k in keys))]
    return any(
        m.evaluate({**_environment(full, False), **platform, **other})
        for full in pythons for platform in PLATFORMS for other in others
    )


def _python_samples(markers: list[Marker]) -> list[str]:
    """Python versions that meet every region of the versions the markers
    compare with: each literal and each side of it (in every component),
    and every minor 2.0-3.30."""
    samples = {f'{major}.{minor}.0' for major in (2, 3) for minor in range(31)}
    for m in markers:
        for literal in re.findall(r'["\'](\d+(?:\.\d+)*)["\']', str(m)):
            parts = [int(x) for x in literal.split('.')][:3]
            parts += [0] * (3 - len(parts))
            for i in range(3):
                for d in (-1, 0, 1):
                    q = list(parts)
                    q[i] = max(q[i] + d, 0)
                    if d:
                        q[i + 1:] = [0] * (2 - i) if d > 0 else [99] * (2 - i)
                    samples.add('.'.join(map(str, q)))
    return sorted(samples)


def excluded(pin_marker: str | None, req_marker: object, python: str | None, linux: bool) -> bool:
    """Whether a pin's marker shows that it is not for where the
    requirement applies: it does not hold for the recorded Python, or it
    and the requirement's marker (Python versions only) hold for no Python
    together."""
    if pin_marker is None:
        return False
    if applies(pin_marker, python, linux) is False:
        return True
    if req_marker is None:
        return False
    a, b = _marker(pin_marker), _marker(req_marker)
    if a is None or b is None or not (_variables(a) | _variables(b)) <= PYTHON_VARIABLES:
        return False
    return not any(
        a.evaluate(env) and b.evaluate(env)
        for env in (_environment(full, False) for full in _python_samples([a, b]))
    )
