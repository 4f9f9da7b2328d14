"""A pin against the requirement it serves: what rules 1 (addons) and 2
(your own requirements, and constraints) judge alike (README.md,
"requirements-fresh")."""
from __future__ import annotations

from typing import NamedTuple

from hooks.finding import Finding
from hooks.readers import pinfile
from hooks.readers import pip_syntax
from hooks.readers import requirements
from hooks.rules.locations import is_url
from hooks.rules.locations import req_url
from hooks.rules.locations import same_url
from hooks.rules.markers import applies
from hooks.rules.markers import excluded
from hooks.rules.markers import universal_applies
from hooks.rules.versions import same_version
from hooks.rules.versions import satisfies


class Pins(NamedTuple):
    """The pins of one compiled file, and where they were resolved:
    ``python`` (the header's, hooks.rules.recorded) and ``linux`` (a Divio
    project, built in Linux Docker) say which markers apply;
    ``records_extras``: the header records ``--no-strip-extras`` (else a
    pin written with extras says so for its package); ``origin``: the file
    a pin of an included output (``-r docs.txt``, hooks.readers.included)
    stands in, by name; ``universal``: uv's ``--universal`` pinned every
    environment, from Python ``floor`` on."""
    pins: dict[str, pinfile.Pin]
    txt_path: str
    python: str | None
    linux: bool
    records_extras: bool
    origin: dict[str, str] = {}  # never changed
    universal: bool = False
    floor: str | None = None


def in_environment(r: requirements.Req, pinned: Pins) -> bool | None:
    """Whether ``r``'s marker holds where the file was compiled: for its
    recorded Python (and Linux in a Divio project), or, under uv's
    ``--universal``, anywhere; None when that cannot be known."""
    in_env = applies(r.marker, pinned.python, pinned.linux)
    if in_env is None and pinned.universal:
        return universal_applies(r.marker, pinned.floor)
    return in_env


def another_branch(r: requirements.Req, reqs: list[requirements.Req], pinned: Pins) -> bool:
    """Whether ``r`` is one branch of requirements of its name under other
    markers (``contourpy==1.3.2 ; python_version < "3.11"`` and ``==1.3.3 ;
    python_version >= "3.11"``) whose marker cannot be known to hold, and
    another branch is met by the pins: a file compiled for one Python
    (uv records none) pins that branch only."""
    if r.marker is None or in_environment(r, pinned) is not None:
        return False
    return any(
        o is not r and o.name == r.name and o.marker is not None and not judge(o, 'requirement', 0, pinned)
        for o in reqs
    )


def judge(r: requirements.Req, kind: str, rule: int, pinned: Pins, constraint: bool = False) -> list[Finding]:
    """Whether requirement ``r`` is pinned, at a version (and a URL,
    extras) it accepts; a constraint only where a pin exists."""
    found: list[Finding] = []
    in_env = in_environment(r, pinned)
    if in_env is False:
        return found  # not where this file was compiled for
    pin = pinned.pins.get(r.name)
    txt_path = pinned.txt_path
    if pin is None:
        if constraint or in_env is None:
            return found  # a constraint asks for nothing; a marker may not apply
        want = f' {r.version}' if r.version else ''
        found.append(Finding(r.path, r.lineno, f'{kind} {r.name}{want} is not pinned in {txt_path}', rule))
        return found
    txt_path = pinned.origin.get(r.name, txt_path)
    for p in pinfile.all_pins(pin):
        if excluded(p.marker, r.marker, pinned.python, pinned.linux):
            continue  # uv --universal: this pin is for other Pythons
        if constraint:
            if p.version is not None and p.exact and not satisfies(r.req.specifier, p.version):
                found.append(Finding(txt_path, p.line, f'{p.name} {p.version} does not satisfy the constraint {r.name}{r.req.specifier} of {r.path}:{r.lineno}', rule))
            continue
        problem = pin_problem(r, p, kind, txt_path, pinned.records_extras)
        if problem is not None:
            found.append(Finding(*problem, rule))
    return found


def pin_problem(r: requirements.Req, p: pinfile.Pin, kind: str, txt_path: str, records_extras: bool) -> tuple[str, int, str] | None:
    """Why pin ``p`` does not satisfy requirement ``r`` (path, line,
    message), or None."""
    where = f'{txt_path}:{p.line}'
    if p.unsafe and p.version is None:
        return None  # pip-compile's unsafe footer: pinned, without a version
    if not p.exact:
        return txt_path, p.line, f'{p.name} is not pinned to one version (==), as {r.path}:{r.lineno} needs'
    url = req_url(r)
    if url is not None and not (r.addon and r.version):
        # addons with a version are compared by name==version, never by
        # URL (the same version is served from several hosts)
        if p.url is None or not same_url(url, p.url):
            return r.path, r.lineno, f'{kind} {r.name} is pinned at {p.url or p.version} in {where}, not at {url}'
    elif r.version is not None:
        if p.version is None:
            if p.url is not None and is_url(p.url):
                return r.path, r.lineno, f'{kind} {r.name} {r.version} is pinned at {p.url} in {where}, a URL without a version'
        elif not same_version(r.version, p.version):
            return r.path, r.lineno, f'{kind} {r.name} {r.version} is pinned at {p.version} in {where}'
    elif r.req is not None and r.req.specifier and p.version is not None and not satisfies(r.req.specifier, p.version):
        return r.path, r.lineno, f'{kind} {r.name}{r.req.specifier} is pinned at {p.version} in {where}, which does not satisfy it'
    if (records_extras or p.extras) and r.req is not None and r.req.extras:
        # without --no-strip-extras recorded, only a pin written with extras
        # says the output keeps them (old header-less output pins celery
        # bare beside requests[socks], and the extra's dependencies)
        missing = sorted({pip_syntax.normalize(e) for e in r.req.extras} - set(p.extras))
        if missing:
            s = 's' if len(missing) > 1 else ''
            return r.path, r.lineno, f'{kind} {r.name}[{",".join(sorted(r.req.extras))}] is pinned without the extra{s} {", ".join(missing)} in {where}'
    return None
