"""Rule 3: every addon of the addons list (``addons/*/addon.json``, the
``# <INSTALLED_ADDONS>`` block of settings.py) is pinned, wherever its line
stands (README.md, "requirements-fresh").  Read also when the fingerprint
answers rules 1, 2 and 4: no compile pins an addon, so the fingerprint
cannot answer this one."""
from __future__ import annotations

from hooks.finding import Finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the digests' path)
if TYPE_CHECKING:
    from hooks.readers import addons as addons_mod
    from hooks.readers import pinfile

RULE = 3


def findings(addons: list[addons_mod.Addon], pins: dict[str, pinfile.Pin], required: set[str], txt_path: str) -> list[Finding]:
    """Each addon neither pinned nor ``required`` (a requirement: rule 1
    judges it)."""
    return [
        Finding(a.path, a.line, f'addon {a.name} is installed but {txt_path} does not pin it', RULE)
        for a in addons if a.name not in pins and a.name not in required
    ]
