"""The addons list of a Divio project: ``addons/<name>/addon.json``
(``{"package-name": ...}``) and the ``# <INSTALLED_ADDONS>`` block of
``settings.py``'s ``INSTALLED_ADDONS = [...]``."""
from __future__ import annotations

import re
from collections import namedtuple

from hooks.limits import check_depth
from hooks.readers.pip_syntax import ADDONS_CLOSE_RE
from hooks.readers.pip_syntax import ADDONS_OPEN_RE
from hooks.readers.pip_syntax import normalize
from hooks.report import BadInput
from hooks.report import decode
from hooks.snapshot import Snapshot

QUOTED_RE = re.compile(r'''^\s*(?:u|r)?(['"])([^'"]+)\1\s*,?\s*(?:#.*)?$''')


# An addon: its PEP 503-normalised package name, where it is listed.
Addon = namedtuple('Addon', 'name path line')


def _addon_json(snapshot: Snapshot, path: str) -> Addon:
    import json

    data = snapshot.read(path)
    assert data is not None
    text = decode(data, path)
    check_depth(text, path, toml=False)  # json recurses once a level
    try:
        obj = json.loads(text)
    except ValueError as e:
        line = getattr(e, 'lineno', 1)
        raise BadInput(path, line, f'broken JSON: {getattr(e, "msg", e)}') from None
    if not isinstance(obj, dict):
        raise BadInput(path, 1, f'expected a JSON object, found {type(obj).__name__}')
    name = obj.get('package-name')
    if not isinstance(name, str) or not name.strip():
        raise BadInput(path, 1, '"package-name" is missing or not a string')
    line = next(
        (n for n, s in enumerate(text.splitlines(), 1) if '"package-name"' in s),
        1,
    )
    return Addon(normalize(name.strip()), path, line)


def _settings(snapshot: Snapshot, path: str) -> list[Addon]:
    data = snapshot.read(path)
    if data is None:
        return []
    found = []
    inside = False
    for n, line in enumerate(decode(data, path).splitlines(), 1):
        if ADDONS_OPEN_RE.match(line):
            inside = True
        elif ADDONS_CLOSE_RE.match(line):
            inside = False
        elif inside:
            m = QUOTED_RE.match(line)
            if m:
                found.append(Addon(normalize(m.group(2)), path, n))
            elif line.strip() and not line.strip().startswith('#'):
                raise BadInput(path, n, 'cannot read this line of the INSTALLED_ADDONS block')
    if inside:
        raise BadInput(path, len(data.splitlines()), '# <INSTALLED_ADDONS> is never closed')
    return found


def read(snapshot: Snapshot, addon_jsons: list[str], settings_py: str | None) -> list[Addon]:
    """Every addon a Divio project lists, addon.json first, each name once.
    ``addon_jsons``: its ``addons/*/addon.json`` paths; ``settings_py``: its
    settings.py, None when the addons list does not apply
    (hooks.compiled.Compiled.addon_jsons, .settings_py)."""
    found: dict[str, Addon] = {}
    for f in addon_jsons:
        a = _addon_json(snapshot, f)
        found.setdefault(a.name, a)
    if settings_py is not None:
        for a in _settings(snapshot, settings_py):
            found.setdefault(a.name, a)
    return list(found.values())
