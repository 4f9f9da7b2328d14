"""``uv.lock`` stale against ``pyproject.toml``, judged offline
(README.md, "Layouts"): uv records in ``[package.metadata]`` the
requirements of each local project as it read them from its
pyproject.toml (``requires-dist``: dependencies and optional dependencies,
``requires-dev``: dependency groups and ``[tool.uv] dev-dependencies``),
and ``[tool.uv] default-groups`` beside the package when it is not
``["dev"]`` (uv 0.13; a lock that records none is not judged on them).
When pyproject.toml no longer says the same, ``uv lock`` has not run since
it changed: what ``uv lock --check`` answers, without uv or the network.

Requirements are compared as uv compares them: names and extras
PEP 503-normalised, specifiers as sets, markers by what they select (uv
rewrites ``python_version`` as ``python_full_version`` and reorders
clauses).  A requirement uv takes from ``[tool.uv.sources]`` (a path, git,
a URL) is compared by name, extras and marker.  Comments and order are no
change.
"""
from __future__ import annotations

from hooks.finding import Finding
from hooks.readers import toml
from hooks.readers.pip_syntax import normalize
from hooks.readers.uv_lock import Lock
from hooks.readers.uv_lock import Package
from hooks.report import BadInput
from hooks.snapshot import Snapshot

TYPE_CHECKING = False
if TYPE_CHECKING:
    from packaging.requirements import Requirement

SOURCE_KEYS = frozenset(('git', 'url', 'path', 'editable', 'directory', 'virtual'))
_PLATFORMS = (
    {'sys_platform': 'linux', 'platform_system': 'Linux', 'os_name': 'posix', 'platform_machine': 'x86_64'},
    {'sys_platform': 'win32', 'platform_system': 'Windows', 'os_name': 'nt', 'platform_machine': 'AMD64'},
    {'sys_platform': 'darwin', 'platform_system': 'Darwin', 'os_name': 'posix', 'platform_machine': 'arm64'},
)
_IMPLEMENTATIONS = (('cpython', 'CPython'), ('pypy', 'PyPy'))


class Wanted:
    """A requirement of pyproject.toml, where it stands: ``section`` is
    ``''`` for requires-dist (dependencies, optional dependencies with
    their ``extra ==`` marker) or a dependency group's name."""
    __slots__ = ('line', 'req', 'section', 'text')

    def __init__(self, section: str, line: int, text: str, req: Requirement) -> None:
        self.section = section
        self.line = line
        self.text = text
        self.req = req


def findings(snapshot: Snapshot, lock: Lock) -> tuple[list[Finding], list[Finding]]:
    """What has changed in the pyproject.toml of every local project of
    ``lock`` since uv locked it; and what cannot be judged (dependencies
    computed by a build backend: notices, never silent)."""
    read = []
    for package in lock.packages:
        if package.local is None or package.metadata is None or package.local.startswith('../') or package.local == '..':
            continue  # a registry package, or a path outside the repository (not read)
        path = f'{package.local}/pyproject.toml' if package.local else 'pyproject.toml'
        read.append((package, path, snapshot.read(path)))
    # an export and its uv.lock judge the same lock in one run: once
    key = (lock.path, lock.text, tuple((path, data) for _, path, data in read))
    if key not in _LAST:
        _LAST.clear()
        _LAST[key] = _findings(lock, read)
    found, notices = _LAST[key]
    return list(found), list(notices)


_LAST: dict[object, tuple[list[Finding], list[Finding]]] = {}  # the last lock judged


def _findings(lock: Lock, read: list[tuple[Package, str, bytes | None]]) -> tuple[list[Finding], list[Finding]]:
    found: list[Finding] = []
    notices: list[Finding] = []
    for package, path, data in read:
        if data is None:
            notices.append(Finding(
                lock.path, lock.package_line(package),
                f'not checked: {package.local or "."} has no pyproject.toml; what {lock.path} records of {package.name} is computed by its build backend', severity='notice',
            ))
            continue
        found += _compare(lock, package, path, data, notices)
    return found, notices


def _compare(lock: Lock, package: Package, path: str, data: bytes, notices: list[Finding]) -> list[Finding]:
    text, doc = toml.load(data, path)
    project = doc.get('project')
    if not isinstance(project, dict):
        notices.append(Finding(path, 1, f'not checked: {path} has no [project] table; what {lock.path} records of {package.name} is computed by its build backend', severity='notice'))
        return []
    lines = toml.TomlLines(text)
    dynamic = project.get('dynamic', [])
    dynamic = dynamic if isinstance(dynamic, list) else []
    computed = [d for d in ('dependencies', 'optional-dependencies') if d in dynamic]
    if computed:
        notices.append(Finding(
            path, lines.keys.get(('project', 'dynamic'), 1),
            f'not checked: {" and ".join(computed)} are dynamic; {lock.path} records what the build backend computed', severity='notice',
        ))
    wanted = _wanted(doc, project, path, lines, dynamic)
    if computed:
        wanted = [w for w in wanted if w.section]  # requires-dist is the build backend's
    metadata = package.metadata or {}
    recorded: dict[str, list[tuple[tuple[object, ...], dict[str, object]]]] = {}
    base = ('package', package.index, 'metadata')
    if 'dependencies' not in dynamic and 'optional-dependencies' not in dynamic:
        for n, item in enumerate(_list(metadata.get('requires-dist'))):
            if isinstance(item, dict):
                recorded.setdefault('', []).append((base + ('requires-dist', n), item))
    dev = metadata.get('requires-dev')
    for group, items in (dev.items() if isinstance(dev, dict) else ()):
        for n, item in enumerate(_list(items)):
            if isinstance(item, dict):
                recorded.setdefault(normalize(group), []).append((base + ('requires-dev', group, n), item))
    extras = _extra_names(project)
    found: list[Finding] = []
    for section in sorted({w.section for w in wanted} | set(recorded)):
        found += _section(lock, package, path, section, [w for w in wanted if w.section == section], recorded.get(section, []), extras)
    rp = project.get('requires-python')
    if isinstance(rp, str) and lock.requires_python is not None and lock.roots() == [package]:
        from packaging.specifiers import InvalidSpecifier
        from packaging.specifiers import SpecifierSet
        try:
            same = SpecifierSet(rp) == SpecifierSet(lock.requires_python)
        except InvalidSpecifier:
            same = rp == lock.requires_python
        if not same:
            found.append(Finding(path, lines.values.get(('project', 'requires-python'), 1),
                                 f'requires-python {rp} is locked as {lock.requires_python} in {lock.path}', 8))
    if package.default_groups is not None:
        found += _default_groups(lock, package, path, doc, text)
    return found


def _default_groups(lock: Lock, package: Package, path: str, doc: dict[str, object], text: str) -> list[Finding]:
    """uv (0.13) records ``[tool.uv] default-groups`` in uv.lock when it is
    not ``["dev"]``, and ``uv lock --check`` fails once it changes.  (A lock
    that records none may come from a uv that never did: not judged.)"""
    from hooks.readers.uv_lock import default_groups
    wanted, line = default_groups(doc, text, path)
    locked = package.default_groups
    if _group_set(wanted) == _group_set(locked):
        return []
    if line is None:
        at = lock.line('package', package.index, 'default-groups')
        return [Finding(lock.path, at, f'default-groups {_show_groups(locked)} is locked for {package.name}, but {path} sets none', 4)]
    return [Finding(path, line, f'[tool.uv] default-groups {_show_groups(wanted)} is locked as {_show_groups(locked)} in {lock.path}', 2)]


def _group_set(groups: list[str] | str | None) -> object:
    return groups if isinstance(groups, str) or groups is None else frozenset(groups)


def _show_groups(groups: list[str] | str | None) -> str:
    if isinstance(groups, list):
        return '[' + ', '.join(f'"{g}"' for g in groups) + ']'
    return f'"{groups}"'


def _section(
        lock: Lock, package: Package, path: str, section: str, wanted: list[Wanted],
        recorded: list[tuple[tuple[object, ...], dict[str, object]]], extras: list[str],
) -> list[Finding]:
    left = list(recorded)
    unmatched: list[Wanted] = []
    for w in wanted:
        for i, (_, item) in enumerate(left):
            if _same(w.req, item, extras):
                del left[i]
                break
        else:
            unmatched.append(w)
    where = f' (dependency group {section})' if section else ''
    found = []
    for w in unmatched:
        name = normalize(w.req.name)
        was = [_show(item) for _, item in left if normalize(str(item.get('name', ''))) == name]
        if was:
            found.append(Finding(path, w.line, f'requirement {w.text}{where} is locked as {", ".join(was)} in {lock.path}', 2))
        else:
            found.append(Finding(path, w.line, f'requirement {w.text}{where} is not in {lock.path}', 2))
    gone = {normalize(w.req.name) for w in unmatched}
    for key, item in left:
        name = normalize(str(item.get('name', '')))
        if name not in gone:
            found.append(Finding(lock.path, lock.line(*key), f'{_show(item)}{where} is locked for {package.name}, but {path} no longer requires it', 4))
    return found


def _wanted(doc: dict[str, object], project: dict[str, object], path: str, lines: toml.TomlLines, dynamic: list[object]) -> list[Wanted]:
    """Every requirement of the pyproject.toml, by section."""
    wanted: list[Wanted] = []

    def add(section: str, key: tuple[object, ...], text: object, marker: str = '', at: int | None = None) -> None:
        line = at or lines.values.get(key, 1)
        if not isinstance(text, str):
            raise BadInput(path, line, f'a requirement must be a string, found {text!r}')
        req = _requirement(text, path, line)
        if marker:
            from packaging.markers import Marker
            req.marker = Marker(f'({req.marker}) and {marker}' if req.marker else marker)
        wanted.append(Wanted(section, line, text, req))

    if 'dependencies' not in dynamic:
        for n, text in enumerate(_list(project.get('dependencies'))):
            add('', ('project', 'dependencies', n), text)
    optional = project.get('optional-dependencies')
    if 'optional-dependencies' not in dynamic and isinstance(optional, dict):
        for extra, items in optional.items():
            for n, text in enumerate(_list(items)):
                add('', ('project', 'optional-dependencies', extra, n), text, f'extra == "{normalize(extra)}"')
    groups = doc.get('dependency-groups')
    groups = groups if isinstance(groups, dict) else {}

    def group(name: str, section: str, stack: tuple[str, ...], at: int | None) -> None:
        # an included group's requirements stand, for this group, on the include line
        for n, item in enumerate(_list(groups.get(name))):
            if isinstance(item, dict) and isinstance(item.get('include-group'), str):
                target = next((g for g in groups if normalize(g) == normalize(item['include-group'])), None)
                if target is not None and target not in stack:
                    group(target, section, stack + (target,), at or lines.values.get(('dependency-groups', name, n), 1))
                continue
            add(section, ('dependency-groups', name, n), item, at=at)

    for name in groups:
        group(name, normalize(name), (name,), None)
    tool = doc.get('tool')
    uv = tool.get('uv') if isinstance(tool, dict) else None
    if isinstance(uv, dict):
        for n, text in enumerate(_list(uv.get('dev-dependencies'))):
            add('dev', ('tool', 'uv', 'dev-dependencies', n), text)
    return wanted


def _requirement(text: str, path: str, line: int) -> Requirement:
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement
    try:
        return Requirement(text)
    except InvalidRequirement as e:
        raise BadInput(path, line, f'invalid requirement {text!r}: {str(e).splitlines()[0]}') from None


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _extra_names(project: dict[str, object]) -> list[str]:
    optional = project.get('optional-dependencies')
    return [normalize(e) for e in optional] if isinstance(optional, dict) else []


def _same(req: Requirement, item: dict[str, object], extras: list[str]) -> bool:
    """Whether uv's record ``item`` is the requirement ``req``."""
    if normalize(req.name) != normalize(str(item.get('name', ''))):
        return False
    got = item.get('extras', [])
    if {normalize(e) for e in req.extras} != {normalize(str(e)) for e in _list(got)}:
        return False
    if not SOURCE_KEYS.intersection(item):
        if req.url:
            return False
        from packaging.specifiers import SpecifierSet
        spec = item.get('specifier', '')
        if not isinstance(spec, str) or SpecifierSet(spec) != req.specifier:
            return False
    marker = item.get('marker')
    return _same_marker(str(req.marker) if req.marker else None, marker if isinstance(marker, str) else None, extras)


def _same_marker(a: str | None, b: str | None, extras: list[str]) -> bool:
    """Whether two markers select the same environments (of the Pythons,
    platforms and extras that matter), as uv rewrites them."""
    if a == b:
        return True
    from packaging.markers import default_environment
    from packaging.markers import Marker
    ma = Marker(a) if a else None
    mb = Marker(b) if b else None
    env: dict[str, str] = {k: str(v) for k, v in default_environment().items()}
    for minor in range(6, 17):
        for platform in _PLATFORMS:
            for impl, python_impl in _IMPLEMENTATIONS:
                for extra in ('', *extras):
                    env.update(platform)
                    env.update(
                        python_version=f'3.{minor}', python_full_version=f'3.{minor}.0',
                        implementation_name=impl, platform_python_implementation=python_impl, extra=extra,
                    )
                    if (ma is None or ma.evaluate(env)) != (mb is None or mb.evaluate(env)):
                        return False
    return True


def _show(item: dict[str, object]) -> str:
    """uv's record as a requirement string."""
    text = str(item.get('name', ''))
    extras = _list(item.get('extras'))
    if extras:
        text += '[' + ','.join(str(e) for e in extras) + ']'
    spec = item.get('specifier')
    if isinstance(spec, str):
        text += spec
    marker = item.get('marker')
    if isinstance(marker, str):
        text += f'; {marker}'
    return text
