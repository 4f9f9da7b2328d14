"""``uv export`` output and ``uv.lock`` judged offline (README.md,
"Layouts").  Both formats of the export are one: requirements-txt and
``--format pylock.toml`` differ only in how their pins are read.

An export is stale when its pins are not the packages and versions its
recorded options select from ``uv.lock``: the project's dependencies, the
extras (``--extra``, ``--all-extras``, ``--no-extra``) and dependency
groups (the default groups -- ``[tool.uv] default-groups`` of the
pyproject.toml beside uv.lock, a list or ``"all"``, else ``dev`` -- unless
``--no-default-groups``; ``--no-dev`` is ``--no-group dev``; ``--group``,
``--all-groups``, ``--no-group``, ``--only-group``, ``--only-dev``) of the
exported members (``--package``, ``--all-packages``), followed through the
lock with every marker (an export is universal), less
``--no-emit-package``; local projects (``-e ./pkg``) are not pins.  A
recorded hash is expected where the lock records one, unless
``--no-hashes``.  Bots update pyproject.toml and uv.lock together and leave
the export behind: that is this rule.  uv.lock itself is then judged
against the pyproject.toml files it records (hooks.rules.uv_lock): a stale
lock makes a stale export.

``uv.lock`` alone, as a compiled file, is judged by the second half only.
"""
from __future__ import annotations

from hooks.compiled import Compiled
from hooks.finding import Finding
from hooks.finding import Verdict
from hooks.readers import pinfile
from hooks.readers import toml
from hooks.readers import uv_lock as reader
from hooks.readers.header import UV_LOCK
from hooks.readers.pip_syntax import normalize
from hooks.rules import uv_lock
from hooks.snapshot import Snapshot

ALL = reader.ALL


def verdict(snapshot: Snapshot, project: Compiled, text: str) -> Verdict:
    """The findings of an export (or of uv.lock, for ``uv lock``)."""
    lock_path = project.sources[0]
    data = snapshot.read(lock_path)
    if data is None:
        unjudged = Finding(project.output, project.recorded.line if project.recorded else 1, f'not checked: uv export reads {lock_path}, which is not in the snapshot', severity='notice')
        return Verdict([], True, notices=[unjudged])
    lock = reader.read(data, lock_path)
    findings, notices = uv_lock.findings(snapshot, lock)
    if project.tool != UV_LOCK:
        pyproject = project.sources[1] if len(project.sources) > 1 else ''
        defaults = default_groups(snapshot.read(pyproject) if pyproject else None, pyproject)
        inferred, exported = _judged(project, text, lock, defaults)
        verdict = Verdict(exported + findings, True, notices=notices)
        verdict.inferred = inferred
        return verdict
    return Verdict(findings, True, notices=notices)


def _judged(project: Compiled, text: str, lock: reader.Lock, defaults: list[str] | str) -> tuple[tuple[str, ...], list[Finding]]:
    """(the options inferred, the findings) of an export.  One that
    records its command is judged by it.  One that records none (``uv
    export --no-header``) is taken as uv's defaults, unless its pins match
    other options better: written with ``--no-dev`` or ``--extra`` and
    judged as the defaults, it would read as stale for what it
    deliberately leaves out, and be rewritten with it.  Options tried
    (:func:`_candidates`) count only when their findings are a strict
    subset of the defaults' findings: they explain some complaints away
    and raise none of their own; of those, the fewest findings win (the
    simplest options on a tie).  Fewer findings alone would not do: a dev
    group that grew by three packages would be "better explained" as
    ``--no-dev`` with two pins left over."""
    found = _export(project, text, lock, defaults)
    if not found or not project.has('--no-header'):
        return (), found
    best: tuple[tuple[str, ...], list[Finding]] = ((), found)
    keys = {_key(f) for f in found}
    for words in _candidates(lock, project, defaults):
        findings = _export(project.with_options(words), text, lock, defaults)
        if len(findings) < len(best[1]) and {_key(f) for f in findings} < keys:
            best = (words, findings)
            if not findings:
                break
    return best


def _key(finding: Finding) -> tuple[str, int, str]:
    return finding.path, finding.line, finding.message


NAMED_MOST = 4  # named groups and extras tried one by one, at most
_NAME_CHARS = frozenset('abcdefghijklmnopqrstuvwxyz0123456789._-')


def _plain_name(name: str) -> bool:
    """A normalised group or extra name (PEP 503/685), nothing else."""
    return bool(name) and _NAME_CHARS.issuperset(name) and name[0].isalnum()


def _candidates(lock: reader.Lock, project: Compiled, defaults: list[str] | str) -> list[tuple[str, ...]]:
    """The uv export options a header-less export is tried with, beyond
    uv's defaults, simplest first: the dependency groups (without the
    default ones, only the dev group, all of them, one named group alone or
    added) crossed with the extras (all of them, one named)."""
    roots = _root(lock, project)
    # names as uv writes them: a lock from a stranger's branch names no option
    groups = sorted({g for r in roots for g in r.dev if _plain_name(g)})
    extras = sorted({e for r in roots for e in r.optional if _plain_name(e)})
    group_sets: list[tuple[str, ...]] = [()]
    if groups:
        group_sets.append(('--no-dev',) if defaults == ['dev'] else ('--no-default-groups',))
        if 'dev' in groups:
            group_sets.append(('--only-dev',))
        group_sets.append(('--all-groups',))
        named = [g for g in groups if g != 'dev'][:NAMED_MOST]
        group_sets += [(f'--only-group={g}',) for g in named]
        group_sets += [(f'--group={g}',) for g in named if defaults != ALL and g not in defaults]
    extra_sets: list[tuple[str, ...]] = [()]
    if extras:
        extra_sets.append(('--all-extras',))
        if len(extras) > 1:
            extra_sets += [(f'--extra={e}',) for e in extras[:NAMED_MOST]]
    return [g + e for g in group_sets for e in extra_sets if g or e]


def default_groups(data: bytes | None, path: str) -> list[str] | str:
    """The project's default groups (hooks.readers.uv_lock.default_groups)
    from its pyproject.toml ``data``; ``["dev"]`` without one."""
    if data is None or b'default-groups' not in data:
        return ['dev']
    text, doc = toml.load(data, path)
    return reader.default_groups(doc, text, path)[0]


def _export(project: Compiled, text: str, lock: reader.Lock, defaults: list[str] | str) -> list[Finding]:
    output = project.output
    selected = select(lock, project, _root(lock, project), defaults)
    skip = {normalize(n) for n in project.values('--no-emit-package')}
    wanted: dict[str, list[reader.Package]] = {}
    for p in selected:
        if p.local is None and p.name not in skip:
            wanted.setdefault(p.name, []).append(p)
    pins = _pins(text, output)
    hashes = not project.has('--no-hashes')
    found: list[Finding] = []
    for name, pin in pins.items():
        every = [p for p in pinfile.all_pins(pin) if not p.editable and not _local(p)]
        if not every:
            continue
        locked = wanted.pop(name, None)
        if locked is None:
            found.append(Finding(output, pin.line, f'{name} is pinned, but {lock.path} no longer selects it', 4))
            continue
        versions = {package.version for package in locked}
        for one in every:
            if one.version is not None and one.version not in versions:
                found.append(Finding(output, one.line, f'{name} is pinned at {one.version}, but {lock.path} locks {", ".join(sorted(v for v in versions if v))}', 2))
        pinned = {one.version for one in every}
        for package in locked if len(locked) > 1 else []:
            if package.version not in pinned and None not in pinned:
                found.append(Finding(lock.path, lock.package_line(package), f'{package.label} is locked but not pinned in {output}', 2))
        if hashes and any(package.has_hashes for package in locked):
            for one in every:
                if not one.hashes:
                    found.append(Finding(output, one.line, f'{name} {one.version} has no --hash, but {lock.path} records hashes for it', 7))
    for packages in wanted.values():
        for package in packages:
            found.append(Finding(lock.path, lock.package_line(package), f'{package.label} is locked but not pinned in {output}', 2))
    return sorted(found, key=lambda f: (f.path != output, f.line))


def _pins(text: str, output: str) -> dict[str, pinfile.Pin]:
    """The export's pins, by its format: ``--format pylock.toml``'s
    ``[[packages]]`` (hooks.readers.pylock), else requirements-txt."""
    from hooks.readers import pylock
    if pylock.is_pylock(output):
        return pylock.read_pins(text, output)
    return pinfile.read_pins(text, output)


def _local(pin: pinfile.Pin) -> bool:
    return pin.version is None and pin.url is not None and '://' not in pin.url


def _root(lock: reader.Lock, project: Compiled) -> list[reader.Package]:
    """The members exported: ``--package``, every member with
    ``--all-packages``, else the project where the command ran (every
    member of a workspace without a root project)."""
    roots = lock.roots()
    named = {normalize(n) for n in project.values('--package')}
    if named:
        return [p for p in roots if p.name in named]
    if project.has('--all-packages'):
        return roots
    here = [p for p in lock.packages if p.local is not None and p.local == project.cwd]
    return here or roots


def select(
        lock: reader.Lock, project: Compiled, roots: list[reader.Package], defaults: list[str] | str | None = None,
) -> list[reader.Package]:
    """Every package the recorded options select from ``lock``, once each;
    ``defaults``: the project's default groups (:func:`default_groups`)."""
    only = [normalize(g) for g in project.values('--only-group')]
    if project.has('--only-dev'):
        only.append('dev')
    groups: set[str] = set(only)
    every = bool(project.has('--all-groups') and not only)
    if not only:
        if not project.has('--no-default-groups'):
            if defaults == ALL:
                every = True
            else:
                groups.update(['dev'] if defaults is None else defaults)
        groups.update(normalize(g) for g in project.values('--group'))
    no_groups = {normalize(g) for g in project.values('--no-group')}
    if project.has('--no-dev'):
        no_groups.add('dev')  # uv: an alias of --no-group dev
    extras = {normalize(e) for v in project.values('--extra') for e in v.split(',')}
    no_extras = {normalize(e) for v in project.values('--no-extra') for e in v.split(',')}
    seen: set[tuple[int, str]] = set()
    chosen: dict[int, reader.Package] = {}
    work: list[tuple[reader.Package, tuple[str, ...]]] = []

    def follow(deps: list[reader.Dep]) -> None:
        for dep in deps:
            for p in lock.find(dep):
                work.append((p, dep.extras))

    for root in roots:
        chosen[root.index] = root
        wanted = set(root.dev) | groups if every else groups
        for group in sorted(wanted - no_groups):
            follow(root.dev.get(group, []))
        if only:
            continue
        follow(root.dependencies)
        chosen_extras = set(root.optional) if project.has('--all-extras') else extras
        for extra in sorted(chosen_extras - no_extras):
            follow(root.optional.get(extra, []))
    while work:
        package, dep_extras = work.pop()
        for key in ('', *dep_extras):
            if (package.index, key) in seen:
                continue
            seen.add((package.index, key))
            chosen[package.index] = package
            follow(package.optional.get(key, []) if key else package.dependencies)
    return [chosen[k] for k in sorted(chosen)]
