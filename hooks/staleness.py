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
from hooks.compiled import Compiled
from hooks.project import Project
from hooks.report import decode
from hooks.report import located
from hooks.snapshot import Remembering
from hooks.snapshot import Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks import addons as addons_mod
    from hooks import reqfile


class Finding:
    """A reason requirements.txt is stale; ``rule`` is its number in
    DESIGN.md (1-5).  (Plain classes here: see hooks.project.Project.)"""
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
    """Rules 1-5 on one project.  ``options`` (requirements-compile's
    options digest) also compares the compile options; ``files`` is the
    snapshot's file list when the caller has it.  ``explain=False`` stops at
    the fingerprint's reasons when it already says stale (same verdict,
    without importing packaging for rules 1-4).  Raises BadInput."""
    snapshot = Remembering(snapshot)  # the <bytes> check and the reader read the same files
    txt_path = project.requirements_txt
    data = snapshot.read(txt_path)
    if data is None:
        return Verdict([], False)
    text = decode(data, txt_path)
    files = snapshot.files() if files is None else files
    fp = fingerprint.read_header(text, txt_path)
    if fp is not None and (options is None or options == fp.options) and fingerprint.unchanged(fp, snapshot, project, text, files):
        return Verdict([], True)

    from hooks import addons as addons_mod
    from hooks import reqfile

    computed: list[str] = []
    if isinstance(project, Compiled):
        from hooks import inputs as inputs_mod
        project.configure(snapshot.read)
        inputs, notes = inputs_mod.read(snapshot, project)
        computed = [located(n.path, n.line, n.message) for n in notes]
    else:
        inputs = reqfile.read_inputs(snapshot, project.requirements_in)
    addons = addons_mod.read(snapshot, project, files)
    divio = bool(addons) or any(line.addon for f in inputs for line in f.lines)
    pins = reqfile.read_pins(text, txt_path)
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
    findings += _rules(inputs, addons, pins, txt_path, os.path.basename(snapshot.root))
    return Verdict(findings, True, divio)


def _unpinned_addons(addons: list[addons_mod.Addon], pins: dict[str, reqfile.Pin], required: set[str], txt_path: str) -> list[Finding]:
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
    from hooks import reqfile

    pins = reqfile.read_pins(text, 'requirements.txt')
    vouch = not _unpinned_addons(inputs.addons, pins, set(), 'requirements.txt')
    return fingerprint.stamp(text, inputs, options, vouch)


def _rules(inputs: list[reqfile.InputFile], addons: list[addons_mod.Addon], pins: dict[str, reqfile.Pin], txt_path: str, root_name: str) -> list[Finding]:
    from packaging.version import InvalidVersion
    from packaging.version import Version

    from hooks import reqfile

    def same_version(a: str, b: str) -> bool:
        try:
            return Version(a) == Version(b)
        except InvalidVersion:
            return a == b

    reqs = reqfile.requirements(inputs, root_name)
    findings = []

    def where(pin: reqfile.Pin) -> str:
        return f'{txt_path}:{pin.line}'

    # rules 1 and 2: every requirement pinned, at a version it accepts
    for r in reqs:
        kind, rule = ('addon', 1) if r.addon else ('requirement', 2)
        pin = pins.get(r.name)
        if pin is None:
            if r.marker is not None:
                continue  # cannot know that it applies where it is compiled
            want = f' {r.version}' if r.version else ''
            findings.append(Finding(r.path, r.lineno, f'{kind} {r.name}{want} is not pinned in {txt_path}', rule))
            continue
        if not pin.exact:
            findings.append(Finding(txt_path, pin.line, f'{pin.name} is not pinned to one version (==), as {r.path}:{r.lineno} needs', rule))
            continue
        if pin.version is None:
            continue  # a URL or path pin: pinned by its location
        if r.version is not None:
            if not same_version(r.version, pin.version):
                findings.append(Finding(r.path, r.lineno, f'{kind} {r.name} {r.version} is pinned at {pin.version} in {where(pin)}', rule))
        elif r.req is not None and r.req.specifier:
            try:
                ok = r.req.specifier.contains(pin.version, prereleases=True)
            except InvalidVersion:
                ok = False
            if not ok:
                findings.append(Finding(r.path, r.lineno, f'{kind} {r.name}{r.req.specifier} is pinned at {pin.version} in {where(pin)}, which does not satisfy it', rule))

    required = {r.name for r in reqs}
    findings += _unpinned_addons(addons, pins, required, txt_path)

    # rule 4: pins that nothing needs any more
    for pin in pins.values():
        judged = alive = False
        for entry in pin.via:
            if entry.startswith('-c'):
                continue
            judged = True
            if entry.startswith('-r'):
                # '-r /workspace/requirements.in': the name of the file
                # varies (build containers, moved lines); still required
                # anywhere is needed
                alive = pin.name in required
            else:
                parent = reqfile.normalize(entry.split('[', 1)[0].split(' (', 1)[0].strip())
                alive = parent in required or parent in pins
            if alive:
                break
        if judged and not alive:
            findings.append(Finding(txt_path, pin.line, f'{pin.name} {pin.version or ""} is pinned, but nothing needs it any more (via {", ".join(pin.via)})'.replace('  ', ' '), 4))
    return findings


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
