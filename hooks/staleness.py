"""The verdict: is a project's requirements.txt stale?  (DESIGN.md, "Stale:
the rules of requirements-fresh").  ``requirements-fresh`` prints it;
``requirements-compile`` acts on it.

When requirements.txt carries a fingerprint whose ``<bytes>`` still matches
(nothing touched since requirements-compile found it fresh), the answer is
"fresh" without reading a requirement: reqfile, addons and json are not even
imported.  When its normalised digests match, it is "fresh" but for rule 3,
and nothing is parsed with packaging.  Otherwise rules 1-4 read every
requirement.
"""
from __future__ import annotations

import os
import posixpath

from hooks import fingerprint
from hooks import verdict_cache
from hooks.compiled import Compiled
from hooks.project import Project
from hooks.report import decode
from hooks.report import located
from hooks.snapshot import Remembering
from hooks.snapshot import Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.readers import addons as addons_mod
    from hooks.readers import pinfile
    from hooks.readers import requirements


class Finding:
    """A reason requirements.txt is stale; ``rule`` is its number in
    DESIGN.md (1-7; 8 is the compiled-for Python, hooks.python_target).  (Plain classes here: see hooks.project.Project.)"""
    __slots__ = ('path', 'line', 'message', 'rule')

    def __init__(self, path: str, line: int, message: str, rule: int = 0) -> None:
        self.path = path
        self.line = line
        self.message = message
        self.rule = rule

    def __str__(self) -> str:
        return located(self.path, self.line, self.message)

    def __repr__(self) -> str:
        return f'Finding({self.path!r}, {self.line!r}, {self.message!r}, {self.rule!r})'


class Verdict:
    """``findings``: list[Finding]; ``txt_exists``: whether there is a
    requirements.txt; ``divio``: an INSTALLED_ADDONS block or an addons list
    (it decides the fix hint)."""
    __slots__ = ('findings', 'txt_exists', 'divio', 'notices')

    def __init__(self, findings: list[Finding], txt_exists: bool, divio: bool = False, notices: list[str] | None = None) -> None:
        self.findings = findings
        self.txt_exists = txt_exists
        self.divio = divio
        self.notices = notices or []  # 'path:line: not checked: ...' (exit 0)


def check(snapshot: Snapshot, project: Project, options: str | None = None, files: list[str] | None = None, explain: bool = True) -> Verdict:
    """Rules 1-8 on one compiled file.  ``options`` (requirements-compile's
    options digest) also compares the compile options; ``files`` is the
    snapshot's file list when the caller has it.  ``explain=False`` stops at
    the fingerprint's reasons when it already says stale (same verdict,
    without importing packaging for rules 1-4).  Raises BadInput.

    A fresh verdict is remembered (hooks.verdict_cache): the same files,
    read the same way, answer fresh again without reading a requirement."""
    cache = verdict_cache.lookup(snapshot, project, options, files)
    if cache is None:
        return _check(snapshot, project, options, files, explain)
    if cache.hit():
        return Verdict([], True, cache.divio)
    verdict = _check(cache.snapshot, project, options, files, explain)
    if verdict.txt_exists and not verdict.findings and not verdict.notices:
        cache.store(verdict.divio)
    return verdict


def _check(snapshot: Snapshot, project: Project, options: str | None, files: list[str] | None, explain: bool) -> Verdict:
    """:func:`check`, without the cache."""
    snapshot = Remembering(snapshot)  # the <bytes> check and the reader read the same files
    txt_path = project.requirements_txt
    data = snapshot.read(txt_path)
    if data is None:
        return Verdict([], False)
    text = decode(data, txt_path)
    files = snapshot.files() if files is None else files
    from hooks import python_target  # rule 8, also on the fast path: <bytes> does not cover the Dockerfile
    mismatch = python_target.verdict(snapshot, project, text)
    if mismatch is not None:
        return mismatch  # the recompile that fixes it answers the other rules
    fp = fingerprint.read_header(text, txt_path)
    if fp is not None and (options is None or options == fp.options) and fingerprint.unchanged(fp, snapshot, project, text, files):
        return Verdict([], True)

    from hooks.readers import addons as addons_mod
    from hooks.readers import pinfile
    from hooks.readers import requirements

    computed: list[str] = []
    if isinstance(project, Compiled):
        from hooks import inputs as inputs_mod
        project.configure(snapshot.read)
        inputs, notes = inputs_mod.read(snapshot, project)
        computed = [located(n.path, n.line, n.message) for n in notes]
    else:
        inputs = requirements.read_inputs(snapshot, project.requirements_in)
    addons = addons_mod.read(snapshot, project, files)
    divio = bool(addons) or any(line.addon for f in inputs for line in f.lines) or _addons_tags(snapshot, project)
    pins = pinfile.read_pins(text, txt_path)
    findings = []
    if fp is not None:
        current = fingerprint.digests(project, inputs, addons)
        reasons = fingerprint.changes(fp, project, current, text, options)
        if not reasons:
            # the compiler's output answers rules 1, 2 and 4; the addons
            # list is no input of the compiler, so rule 3 still applies
            return Verdict(_unpinned_addons(addons, pins, set(), txt_path), True, divio)
        findings = [Finding(txt_path, fp.line, r, 5) for r in reasons]
        if not explain or computed:
            return Verdict(findings, True, divio)
    if computed:
        # what setup.py or a build backend computes is judged by the
        # fingerprint alone; without one, say what was not checked
        return Verdict([], True, divio, computed)
    python, records_extras, hashes = compiled_for(project, text, txt_path)
    layers = _layer_files(snapshot, inputs)
    findings += _rules(
        inputs, addons, pins, txt_path, os.path.basename(snapshot.root),
        python=python, linux=divio, snapshot=snapshot, records_extras=records_extras,
        layers=frozenset(layers),
    )
    findings += hash_findings(pins, txt_path, hashes)
    for f, line in layers.items():
        other = snapshot.read(f)
        assert other is not None  # read as an input already
        findings += layer_findings(txt_path, pins, f, pinfile.read_pins(decode(other, f), f), line)
    return Verdict(findings, True, divio)


METADATA_FILES = ('pyproject.toml', 'setup.cfg', 'setup.py')


def _names_metadata(entry: str) -> bool:
    """Whether a ``# via`` entry names a project by its metadata file, as
    pip-compile and uv write the requirements of a pyproject.toml source:
    ``webapp (pyproject.toml)``, ``webapp (pyproject.toml:lint)``."""
    head, sep, rest = entry.partition(' (')
    if not sep or not rest.endswith(')'):
        return False
    path = rest[:-1].split(':', 1)[0]
    return path.rsplit('/', 1)[-1] in METADATA_FILES


def _unpinned_addons(addons: list[addons_mod.Addon], pins: dict[str, pinfile.Pin], required: set[str], txt_path: str) -> list[Finding]:
    """Rule 3: every addon of the addons list pinned, wherever its line
    stands (addons that are ``required`` are rule 1's)."""
    return [
        Finding(a.path, a.line, f'addon {a.name} is installed but {txt_path} does not pin it', 3)
        for a in addons if a.name not in pins and a.name not in required
    ]


def stamp(text: str, inputs: fingerprint.Inputs, options: str) -> str:
    """``text``, a compiler's fresh output, with its fingerprint.  The
    compiler answers rules 1, 2 and 4; when rule 3 holds too, the stamp
    vouches for the bytes (``<bytes>``), so that the next check can say
    "fresh" without reading them."""
    from hooks.readers import pinfile

    pins = pinfile.read_pins(text, 'requirements.txt')
    vouch = not _unpinned_addons(inputs.addons, pins, set(), 'requirements.txt')
    return fingerprint.stamp(text, inputs, options, vouch)


def _rules(
        inputs: list[requirements.InputFile],
        addons: list[addons_mod.Addon],
        pins: dict[str, pinfile.Pin],
        txt_path: str,
        root_name: str,
        python: str | None = None,
        linux: bool = False,
        snapshot: Snapshot | None = None,
        records_extras: bool = False,
        layers: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Rules 1-4, read from the requirements.  ``layers``: the ``-c``
    files that are compiled outputs themselves (rule 6 judges them).

    ``python``: the Python the header records (:func:`compiled_for`); a
    marker that uses only ``python_version``/``python_full_version`` (and,
    with ``linux`` -- a Divio project, built in Linux Docker --
    ``sys_platform``/``platform_system``/``os_name``) is evaluated for it;
    other markers are not judged.  ``snapshot``: where the folder of a path
    requirement is read for the name of the distribution it holds.
    ``records_extras``: the header says the output keeps extras
    (``--no-strip-extras``); a pin written with extras says so too."""
    from hooks.readers import pinfile
    from hooks.readers import pip_syntax
    from hooks.readers import requirements

    reqs = requirements.requirements(inputs, root_name)
    reqs, pins, unnamed = _name_paths(reqs, pins, txt_path, root_name, snapshot, linux)
    records_extras = records_extras or any(p.extras for pin in pins.values() for p in pinfile.all_pins(pin))
    findings = []

    def judge(r: requirements.Req, kind: str, rule: int, constraint: bool = False) -> None:
        applies = _applies(r.marker, python, linux)
        if applies is False:
            return  # not where this file was compiled for
        pin = pins.get(r.name)
        if pin is None:
            if constraint or applies is None:
                return  # a constraint asks for nothing; a marker may not apply
            want = f' {r.version}' if r.version else ''
            findings.append(Finding(r.path, r.lineno, f'{kind} {r.name}{want} is not pinned in {txt_path}', rule))
            return
        for p in pinfile.all_pins(pin):
            if _excluded(p.marker, r.marker, python, linux):
                continue  # uv --universal: this pin is for other Pythons
            if constraint:
                if p.version is not None and p.exact and not _satisfies(r.req.specifier, p.version):
                    findings.append(Finding(txt_path, p.line, f'{p.name} {p.version} does not satisfy the constraint {r.name}{r.req.specifier} of {r.path}:{r.lineno}', rule))
                continue
            problem = _pin_problem(r, p, kind, txt_path, records_extras)
            if problem is not None:
                findings.append(Finding(*problem, rule))

    # rules 1 and 2: every requirement pinned, at a version (and a URL,
    # extras) it accepts; constraints (-c) only where a pin exists
    for r in reqs:
        judge(r, *(('addon', 1) if r.addon else ('requirement', 2)))
    for r in requirements.requirements([f._replace(kind='-r') for f in inputs if f.kind == '-c' and f.path not in layers], root_name):
        if r.req is not None and not r.req.url and r.req.specifier:
            judge(r, 'constraint', 2, constraint=True)

    required = {r.name for r in reqs}
    findings += _unpinned_addons(addons, pins, required, txt_path)

    # rule 4: pins that nothing needs any more
    for pin in (p for pin in pins.values() for p in pinfile.all_pins(pin)):
        judged = alive = False
        for entry in pin.via:
            if entry.startswith('-c'):
                continue
            judged = True
            if entry.startswith('-r') or _names_metadata(entry):
                # '-r /workspace/requirements.in': the name of the file
                # varies (build containers, moved lines); still required
                # anywhere is needed.  'webapp (pyproject.toml)',
                # 'webapp (pyproject.toml:lint)' (uv: a dependency group)
                # name the project's own metadata the same way
                alive = pin.name in required
            else:
                parent = pip_syntax.normalize(entry.split('[', 1)[0].split(' (', 1)[0].strip())
                # a folder whose distribution has no name we can read
                # (setup.py) may be the parent: not judged
                alive = parent in required or parent in pins or bool(unnamed)
            if alive:
                break
        if judged and not alive:
            findings.append(Finding(txt_path, pin.line, f'{pin.name} {pin.version or ""} is pinned, but nothing needs it any more (via {", ".join(pin.via)})'.replace('  ', ' '), 4))
    return findings


def _same_version(a: str, b: str) -> bool:
    from packaging.version import InvalidVersion
    from packaging.version import Version
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def _satisfies(specifier: object, version: str) -> bool:
    from packaging.version import InvalidVersion
    try:
        return bool(specifier.contains(version, prereleases=True))  # type: ignore[attr-defined]
    except InvalidVersion:
        return False


def _pin_problem(r: requirements.Req, p: pinfile.Pin, kind: str, txt_path: str, records_extras: bool) -> tuple[str, int, str] | None:
    """Why pin ``p`` does not satisfy requirement ``r`` (path, line,
    message), or None."""
    where = f'{txt_path}:{p.line}'
    if p.unsafe and p.version is None:
        return None  # pip-compile's unsafe footer: pinned, without a version
    if not p.exact:
        return txt_path, p.line, f'{p.name} is not pinned to one version (==), as {r.path}:{r.lineno} needs'
    url = _req_url(r)
    if url is not None and not (r.addon and r.version):
        # addons with a version are compared by name==version, never by
        # URL (the same version is served from several hosts)
        if p.url is None or not _same_url(url, p.url):
            return r.path, r.lineno, f'{kind} {r.name} is pinned at {p.url or p.version} in {where}, not at {url}'
    elif r.version is not None:
        if p.version is None:
            if p.url is not None and _is_url(p.url):
                return r.path, r.lineno, f'{kind} {r.name} {r.version} is pinned at {p.url} in {where}, a URL without a version'
        elif not _same_version(r.version, p.version):
            return r.path, r.lineno, f'{kind} {r.name} {r.version} is pinned at {p.version} in {where}'
    elif r.req is not None and r.req.specifier and p.version is not None:
        if not _satisfies(r.req.specifier, p.version):
            return r.path, r.lineno, f'{kind} {r.name}{r.req.specifier} is pinned at {p.version} in {where}, which does not satisfy it'
    if records_extras and r.req is not None and r.req.extras:
        from hooks.readers.pip_syntax import normalize
        missing = sorted({normalize(e) for e in r.req.extras} - set(p.extras))
        if missing:
            s = 's' if len(missing) > 1 else ''
            return r.path, r.lineno, f'{kind} {r.name}[{",".join(sorted(r.req.extras))}] is pinned without the extra{s} {", ".join(missing)} in {where}'
    return None


# --- URLs and paths -----------------------------------------------------------

def _location(r: requirements.Req) -> str | None:
    """Where a URL or path requirement points, as written; None for a
    requirement by name."""
    from hooks.readers import pip_syntax
    if r.req is not None:
        return r.req.url or None
    if r.text.startswith('-'):
        return pip_syntax.split_option(r.text)[1] or ''
    return r.text.split()[0]


def _is_url(location: str) -> bool:
    """A URL that names one archive or repository (``https://``, ``git+``,
    a ``file:`` archive), not a local folder."""
    from hooks.readers import pip_syntax
    if not pip_syntax.URL_RE.match(location):
        return False
    if not location.lower().startswith('file:'):
        return True
    base = location.split('#', 1)[0].split('?', 1)[0].rstrip('/').rsplit('/', 1)[-1]
    return pip_syntax.ARCHIVE_RE.match(base) is not None


def _req_url(r: requirements.Req) -> str | None:
    location = _location(r)
    return location if location is not None and _is_url(location) else None


def _same_url(want: str, pinned: str) -> bool:
    """The same URL, fragments (``#egg=``) aside.  A VCS URL whose ref the
    pin resolved to a commit (uv) is taken as the same."""
    a = want.split('#', 1)[0].rstrip('/')
    b = pinned.split('#', 1)[0].rstrip('/')
    if a == b:
        return True
    if '+' not in a.split(':', 1)[0]:
        return False
    base_a, _, ref_a = a.rpartition('@')
    base_b, _, ref_b = b.rpartition('@')
    repo_a = base_a if base_a and '/' not in ref_a else a
    return repo_a == base_b and len(ref_b) == 40 and all(c in '0123456789abcdef' for c in ref_b)


def _abs_path(location: str) -> str:
    location = location.split('#', 1)[0].split('?', 1)[0].rstrip('/')
    if location.lower().startswith('file:'):
        return '/' + location[5:].lstrip('/')
    return location


def _folder(location: str, including: str, roots: tuple[str, ...], linux: bool) -> str | None:
    """The repository folder (``''``: the root) a path names, relative to
    ``including``'s folder, or None (a URL, or outside the repository).
    ``roots``: where the repository is, and where it was compiled
    (:func:`_compiled_at`)."""
    from hooks.readers import pip_syntax
    from hooks.project import inside
    from hooks.project import resolve

    path = _abs_path(location)
    if _is_url(location) or pip_syntax.ARCHIVE_RE.match(path.rsplit('/', 1)[-1]):
        return None  # an archive, not a folder
    try:
        if path.startswith('/'):
            for root in roots:
                if path == root.rstrip('/') or path.startswith(root.rstrip('/') + '/'):
                    return inside(path[len(root.rstrip('/')) + 1:] or '.')
            if linux and (path == '/app' or path.startswith('/app/')):
                return inside(path[5:] or '.')  # a Divio container's project folder
            return None
        if path.startswith('~'):
            return None
        return resolve(including, path)
    except ValueError:
        return None


def _same_place(location: str, folder: str, txt_path: str, roots: tuple[str, ...], root_name: str, linux: bool) -> bool:
    """Whether a path pin (``-e ./libs/helpers``, ``x @ file:///abs/...``)
    is at repository ``folder``."""
    from hooks.project import resolve

    path = _abs_path(location)
    if path.startswith('/'):
        if any(path == (f'{root.rstrip("/")}/{folder}' if folder else root.rstrip('/')) for root in roots):
            return True
        if folder:
            return path.endswith('/' + folder)
        return path.rsplit('/', 1)[-1] == root_name or (linux and path == '/app')
    if path.startswith('~'):
        return False
    try:
        return resolve(txt_path, path) == folder
    except ValueError:
        return False


def _dist_name(snapshot: Snapshot, folder: str) -> str | None:
    """The distribution a folder holds: ``[project] name`` of its
    pyproject.toml, or ``[metadata] name`` of its setup.cfg."""
    from hooks.readers.pip_syntax import normalize
    from hooks.report import BadInput

    def read(name: str) -> bytes | None:
        try:
            return snapshot.read(f'{folder}/{name}' if folder else name)
        except BadInput:
            return None  # not a folder, or a link out: the name comes from elsewhere

    data = read('pyproject.toml')
    if data is not None:
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib
        try:
            project = tomllib.loads(data.decode('utf-8-sig')).get('project')
        except (ValueError, UnicodeDecodeError):
            project = None
        name = project.get('name') if isinstance(project, dict) else None
        if isinstance(name, str) and name.strip():
            return normalize(name.strip())
    data = read('setup.cfg')
    if data is not None:
        import configparser
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(data.decode('utf-8-sig'))
            name = parser.get('metadata', 'name', fallback=None)
        except (configparser.Error, UnicodeDecodeError):
            name = None
        if name and name.strip() and 'attr:' not in name:
            return normalize(name.strip())
    return None


PROJECT_FILES = ('pyproject.toml', 'setup.cfg', 'setup.py')


def _compiled_at(reqs: list[requirements.Req], pins: dict[str, pinfile.Pin], snapshot: Snapshot | None, linux: bool) -> tuple[str, ...]:
    """Where the repository is (the snapshot's root) and, when a path pin
    says so, where it was when the file was compiled: pip-tools 7.7 with
    pip 26 writes ``-e ./libs/helpers`` as ``-e file:///home/alice/acme/libs/helpers``,
    and the lock is checked in another clone (CI, a colleague's).  A pin's
    path minus its longest tail that is a project folder of the snapshot is
    that place; all such pins must agree.  Without such a tail (``-e .``
    alone), the one path pin outside the repository is its root when a
    requirement names the root folder."""
    if snapshot is None:
        return ()
    root = snapshot.root.rstrip('/')
    foreign = []
    for pin in pins.values():
        if pin.url is None or _is_url(pin.url):
            continue
        path = _abs_path(pin.url).rstrip('/')
        if not path.startswith('/') or path == root or path.startswith(root + '/') or (linux and (path == '/app' or path.startswith('/app/'))):
            continue
        foreign.append(path)
    if not foreign:
        return (root,)
    found = set()
    for path in foreign:
        parts = path.strip('/').split('/')
        for i in range(1, len(parts)):
            tail = '/'.join(parts[i:])
            if any(snapshot.exists(f'{tail}/{name}') for name in PROJECT_FILES):
                found.add('/' + '/'.join(parts[:i]))
                break
    if len(found) == 1:
        return (root, found.pop())
    if not found and len(foreign) == 1 and any(_names_folder(r, (root,), linux) == '' for r in reqs):
        return (root, foreign[0])
    return (root,)


def _names_folder(r: requirements.Req, roots: tuple[str, ...], linux: bool) -> str | None:
    """The repository folder a path requirement names (``-e .``), or None."""
    location = _location(r) if r.req is None or r.req.url else None
    return _folder(location, r.path, roots, linux) if location is not None else None


def _name_paths(
        reqs: list[requirements.Req], pins: dict[str, pinfile.Pin], txt_path: str, root_name: str,
        snapshot: Snapshot | None, linux: bool,
) -> tuple[list[requirements.Req], dict[str, pinfile.Pin], set[str]]:
    """Name each path pin and path requirement (``-e .``, ``./libs/helpers``)
    by the distribution its folder holds (pyproject.toml, setup.cfg), or
    else by the name the pin gives it, so that the pin, the requirement and
    the ``# via`` lines naming that distribution match.  Also returns the
    path pins still named only by their folder (their distribution's name
    is unknown: ``setup.py``, a folder outside the repository)."""
    from hooks.readers import pip_syntax

    roots = _compiled_at(reqs, pins, snapshot, linux)
    unnamed = set()
    for pin in list(pins.values()):
        if pin.url is None or _is_url(pin.url):
            continue
        folder = _folder(pin.url, txt_path, roots, linux)
        dist = _dist_name(snapshot, folder) if folder is not None and snapshot is not None else None
        if dist is None:
            by_folder = pip_syntax.path_name(pin.url, txt_path, root_name)
            if pip_syntax.url_name_version(pin.url)[0] is None and pin.name in (by_folder, ''):
                unnamed.add(by_folder)  # named by its folder, not by itself
                dist = by_folder  # '-e .': the repository's folder
        if dist is not None and dist != pin.name and dist not in pins:
            pins = {k: v for k, v in pins.items() if k != pin.name}
            pins[dist] = pin._replace(name=dist)
    named = []
    for r in reqs:
        folder = _names_folder(r, roots, linux)
        if folder is None:
            named.append(r)
            continue
        dist = _dist_name(snapshot, folder) if snapshot is not None else None
        pin = next((
            p for p in pins.values()
            if p.url is not None and not _is_url(p.url) and _same_place(p.url, folder, txt_path, roots, root_name, linux)
        ), None)
        name = dist or (pin.name if pin is not None else r.name)
        if pin is not None and pin.name != name:
            pins = {k: v for k, v in pins.items() if k != pin.name}
            pins[name] = pin._replace(name=name)
            unnamed.discard(pin.name)
        named.append(r._replace(name=name) if name != r.name else r)
    return named, pins, unnamed


# --- markers --------------------------------------------------------------------

PYTHON_VARIABLES = frozenset(('python_version', 'python_full_version'))
LINUX_VARIABLES = frozenset(('sys_platform', 'platform_system', 'os_name'))
LINUX = {'sys_platform': 'linux', 'platform_system': 'Linux', 'os_name': 'posix'}


def _marker(marker: object) -> object | None:
    from packaging.markers import InvalidMarker
    from packaging.markers import Marker
    if marker is None or isinstance(marker, Marker):
        return marker
    try:
        return Marker(str(marker))
    except InvalidMarker:
        return None


def _variables(marker: object) -> set[str]:
    import re
    text = re.sub(r'"[^"]*"|\'[^\']*\'', ' ', str(marker))
    return set(re.findall(r'[A-Za-z_][A-Za-z0-9_.]*', text)) - {'and', 'or', 'not', 'in'}


def _environment(full: str, linux: bool) -> dict[str, str]:
    env = {'python_version': '.'.join(full.split('.')[:2]), 'python_full_version': full}
    if linux:
        env.update(LINUX)
    return env


def _applies(marker: object, python: str | None, linux: bool) -> bool | None:
    """Whether a marker holds where the file was compiled (``python``, and
    Linux when ``linux``): True, False, or None when that cannot be known."""
    if marker is None:
        return True
    if python is None:
        return None
    m = _marker(marker)
    if m is None:
        return None
    names = _variables(m)
    if not names or not names <= (PYTHON_VARIABLES | LINUX_VARIABLES if linux else PYTHON_VARIABLES):
        return None
    parts = python.split('.')
    if len(parts) >= 3:
        fulls = [python]
    elif 'python_full_version' in names:
        fulls = [f'{python}.{micro}' for micro in range(100)]  # the header names no micro version
    else:
        fulls = [f'{python}.0']
    results = {m.evaluate(_environment(f, linux)) for f in fulls}  # type: ignore[attr-defined]
    return results.pop() if len(results) == 1 else None


def _python_samples(markers: list[object]) -> list[str]:
    """Python versions that meet every region of the versions the markers
    compare with: each literal and each side of it (in every component),
    and every minor 2.0-3.30."""
    import re
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


def _excluded(pin_marker: str | None, req_marker: object, python: str | None, linux: bool) -> bool:
    """Whether a pin's marker shows that it is not for where the
    requirement applies: it does not hold for the recorded Python, or it
    and the requirement's marker (Python versions only) hold for no Python
    together."""
    if pin_marker is None:
        return False
    if _applies(pin_marker, python, linux) is False:
        return True
    if req_marker is None:
        return False
    a, b = _marker(pin_marker), _marker(req_marker)
    if a is None or b is None or not (_variables(a) | _variables(b)) <= PYTHON_VARIABLES:
        return False
    return not any(
        a.evaluate(env) and b.evaluate(env)  # type: ignore[attr-defined]
        for env in (_environment(full, False) for full in _python_samples([a, b]))
    )


# --- the header -----------------------------------------------------------------

def _layer_files(snapshot: Snapshot, inputs: list[requirements.InputFile]) -> dict[str, str]:
    """The ``-c`` inputs that are compiled outputs (their header records a
    command, or ``NAME.in`` lies beside ``NAME.txt``), each with the input
    line that constrains with it (``requirements/dev.in:1``)."""
    from hooks.readers import header
    from hooks.readers import pip_syntax

    found = {}
    for f in inputs:
        if f.kind != '-c':
            continue
        data = snapshot.read(f.path) or b''
        if not (f.path.endswith('.txt') and snapshot.exists(f.path[:-4] + '.in')):
            if header.read(decode(data, f.path), f.path, stdin=True) is None:
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


def compiled_for(project: Project, text: str, path: str) -> tuple[str | None, bool, bool]:
    """What the header says of the environment and the options the rules
    need: (the Python the pins were resolved for, or None -- uv's
    ``--universal`` Python is a lower bound, its pins carry markers;
    whether pins record extras (``--no-strip-extras``); whether it was
    compiled with ``--generate-hashes``).  The Python is read as rule 8
    reads it (hooks.python_target)."""
    from hooks.readers import header
    from hooks import python_target

    found = python_target.compiled_for(project, text, path)
    python = None if found is None or found[2] else found[0]
    recorded = getattr(project, 'recorded', None)
    if recorded is None:  # also Divio's ``pip-compile --output-file=- -``
        recorded = header.read(text, path, stdin=True)
    if recorded is None:
        return python, False, False
    options = getattr(project, 'options', recorded.options)
    return python, '--no-strip-extras' in options, recorded.generate_hashes or '--generate-hashes' in options


# --- rules 6 and 7, for the caller to wire --------------------------------------

def hash_findings(pins: dict[str, pinfile.Pin], txt_path: str, generate_hashes: bool = False) -> list[Finding]:
    """Rule 7: in a file compiled with ``--generate-hashes`` (the header
    records it: ``generate_hashes``, see :func:`compiled_for`; or some
    pin has a ``--hash``), every pin has a ``--hash`` -- but editable and
    folder pins, which compilers cannot hash, and pip-compile's unsafe
    footer."""
    from hooks.readers import pinfile

    every = [p for pin in pins.values() for p in pinfile.all_pins(pin)]
    if not generate_hashes and not any(p.hashes for p in every):
        return []
    return [
        Finding(txt_path, p.line, f'{p.name} {p.version or p.url} has no --hash, but {txt_path} is compiled with --generate-hashes', 7)
        for p in sorted(every, key=lambda p: p.line)
        if not p.hashes and not p.editable and not p.unsafe and (p.url is None or _is_url(p.url))
    ]


def layer_findings(
        txt_path: str, pins: dict[str, pinfile.Pin], other_txt_path: str, other_pins: dict[str, pinfile.Pin],
        via: str | None = None,
) -> list[Finding]:
    """Rule 6: ``txt_path``'s input constrains with ``other_txt_path``
    (``-c base.txt``; ``via``: that input line, e.g. ``dev.in:3``), so a
    package both pin is pinned at the same version in both."""
    from hooks.readers import pinfile

    findings = []
    for name, pin in pins.items():
        other = other_pins.get(name)
        if other is None:
            continue
        theirs = [q for q in pinfile.all_pins(other) if q.version is not None]
        for p in pinfile.all_pins(pin):
            if p.version is None or not theirs or any(_same_version(p.version, q.version) for q in theirs):
                continue
            q = theirs[0]
            why = f' ({via} constrains with it)' if via else ''
            findings.append(Finding(txt_path, p.line, f'{name} {p.version} is pinned at {q.version} in {other_txt_path}:{q.line}{why}', 6))
    return findings

def _addons_tags(snapshot: Snapshot, project: Project) -> bool:
    """Whether requirements.in or settings.py holds the ``# <INSTALLED_ADDONS>``
    tags, even around no line (every addon uninstalled): a Divio project."""
    if getattr(project, 'divio', True) is False:
        return False  # not a Divio folder's requirements.txt
    for path in (project.requirements_in, project.settings_py):
        data = snapshot.read(path) if path is not None else None
        if data is not None and b'<installed_addons>' in data.lower():
            return True
    return False


def fix_hint(project: Project, divio: bool) -> str:
    """The one line that tells how to fix a stale project."""
    if divio:
        where = f'cd {project.dir} && ' if project.dir else ''
        return f'  fix: {where}docker compose run --rm web pip-reqs compile   (or: requirements-compile --project {project.label})'
    if isinstance(project, Compiled):
        plain = posixpath.basename(project.output) == 'requirements.txt'
        alt = f'--project {project.label}' if plain else project.output
        return f'  fix: {project.fix_command()}   (or: requirements-compile {alt})'
    return f'  fix: pip-compile {project.requirements_in}   (or: requirements-compile --project {project.label})'
