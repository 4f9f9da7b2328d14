"""Rule 1: every addon of the ``# <INSTALLED_ADDONS>`` block is pinned, at
its version (README.md, "requirements-fresh").  Addons are compared by
``name==version``, never by URL: the same version under another host is the
same pin."""
from __future__ import annotations

from hooks.finding import Finding
from hooks.readers import requirements
from hooks.rules.pin_match import judge
from hooks.rules.pin_match import Pins

RULE = 1


def findings(r: requirements.Req, pinned: Pins) -> list[Finding]:
    """Rule 1 on one addon requirement (``r.addon``)."""
    return judge(r, 'addon', RULE, pinned)
