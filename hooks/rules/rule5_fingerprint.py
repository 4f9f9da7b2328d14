"""Rule 5: the fingerprint says so (README.md, "requirements-fresh" and
"The fingerprint"): an input, the addons list, the compile options or the
pins changed since requirements-compile stamped the file.  Also the stamp
itself: it vouches for the bytes (``<bytes>``) only when rule 3 holds too,
which no compile fixes.

Read on the digests' path, where packaging is not imported."""
from __future__ import annotations

from hooks import fingerprint
from hooks.finding import Finding
from hooks.readers import pinfile
from hooks.rules import rule3_addons_list

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the digests' path)
if TYPE_CHECKING:
    from hooks.compiled import Compiled

RULE = 5


def findings(fp: fingerprint.Fingerprint, project: Compiled, current: dict[str, str], text: str, options: str | None) -> list[Finding]:
    """One finding, on the fingerprint's line, per reason it no longer
    matches (``current``: the digests of the inputs now)."""
    reasons = fingerprint.changes(fp, project, current, text, options)
    return [Finding(project.output, fp.line, r, RULE) for r in reasons]


def stamp(text: str, inputs: fingerprint.Inputs, options: str, path: str = 'requirements.txt') -> str:
    """``text``, a compiler's fresh output, with its fingerprint.  The
    compiler answers rules 1, 2 and 4; when rule 3 holds too, the stamp
    vouches for the bytes (``<bytes>``), so that the next check can say
    "fresh" without reading them."""
    from hooks.readers import pylock
    pins = pylock.read_pins(text, path) if pylock.is_pylock(path) else pinfile.read_pins(text, path)
    vouch = not rule3_addons_list.findings(inputs.addons, pins, set(), 'requirements.txt')
    return fingerprint.stamp(text, inputs, options, vouch)
