"""The verdict when nothing vouches for the bytes (README.md,
"requirements-fresh"): the inputs, the addons list and the pins are read.
With a fingerprint whose normalised digests match (rule 5), the compiler's
output answers rules 1, 2 and 4, and only rule 3 is judged: nothing is
parsed with packaging.  Otherwise rules 1-4, 6 and 7
(hooks.rules.requirement_rules).  Dependencies that setup.py or a build
backend computes are judged by the fingerprint alone; without one, they are
notices."""
from __future__ import annotations

from hooks import fingerprint
from hooks import inputs as inputs_mod
from hooks.compiled import Compiled
from hooks.finding import Finding
from hooks.finding import Verdict
from hooks.readers import addons as addons_mod
from hooks.readers import pinfile
from hooks.readers import pylock
from hooks.rules import rule3_addons_list
from hooks.rules import rule5_fingerprint
from hooks.snapshot import Snapshot


def verdict(
        snapshot: Snapshot, project: Compiled, text: str, fp: fingerprint.Fingerprint | None,
        options: str | None, files: list[str], explain: bool,
) -> Verdict:
    """Rules 1-7 on ``text``, the compiled file (rule 8 has passed, and the
    fingerprint's ``<bytes>`` did not vouch).  ``explain``: see
    hooks.check.check."""
    txt_path = project.output
    project = project.configured(snapshot.read)
    inputs, notes = inputs_mod.read(snapshot, project)
    computed = [Finding(n.path, n.line, n.message, severity='notice') for n in notes]
    addons = addons_mod.read(snapshot, project.addon_jsons(files), project.settings_py)
    divio = bool(addons) or any(line.addon for f in inputs for line in f.lines) or _addons_tags(snapshot, project)
    if pylock.is_pylock(txt_path):
        pins = pylock.read_pins(text, txt_path)
    else:
        pins = pinfile.read_pins(text, txt_path)
    findings: list[Finding] = []
    if fp is not None:
        current = fingerprint.digests(project, inputs, addons)
        findings = rule5_fingerprint.findings(fp, project, current, text, options)
        if not findings:
            # the compiler's output answers rules 1, 2 and 4; the addons
            # list is no input of the compiler, so rule 3 still applies
            return Verdict(rule3_addons_list.findings(addons, pins, set(), txt_path), True, divio)
        if not explain or computed:
            return Verdict(findings, True, divio)
    if computed:
        # what setup.py or a build backend computes is judged by the
        # fingerprint alone; without one, say what was not checked
        return Verdict([], True, divio, computed)
    from hooks.readers.included import included_pins
    from hooks.rules import requirement_rules  # packaging: not on the digests' path
    included = included_pins(snapshot.read, text, txt_path)
    findings += requirement_rules.findings(snapshot, project, text, inputs, addons, pins, divio, included)
    return Verdict(findings, True, divio)


def _addons_tags(snapshot: Snapshot, project: Compiled) -> bool:
    """Whether requirements.in or settings.py holds the ``# <INSTALLED_ADDONS>``
    tags, even around no line (every addon uninstalled): a Divio project."""
    if not project.divio:
        return False  # not a Divio folder's requirements.txt
    for path in (project.first_source, project.settings_py):
        data = snapshot.read(path) if path is not None else None
        if data is not None and b'<installed_addons>' in data.lower():
            return True
    return False
