"""Rule 7: in a file compiled with ``--generate-hashes``, every pin has a
``--hash`` (README.md, "requirements-fresh")."""
from __future__ import annotations

from hooks.finding import Finding
from hooks.readers import pinfile
from hooks.rules.locations import is_url

RULE = 7


def hash_findings(pins: dict[str, pinfile.Pin], txt_path: str, generate_hashes: bool = False) -> list[Finding]:
    """In a file compiled with ``--generate-hashes`` (the header records
    it: ``generate_hashes``, see hooks.rules.recorded; or some pin has a
    ``--hash``), every pin has a ``--hash`` -- but editable and folder
    pins, which compilers cannot hash, and pip-compile's unsafe footer."""
    every = [p for pin in pins.values() for p in pinfile.all_pins(pin)]
    if not generate_hashes and not any(p.hashes for p in every):
        return []
    return [
        Finding(txt_path, p.line, f'{p.name} {p.version or p.url} has no --hash, but {txt_path} is compiled with --generate-hashes', RULE)
        for p in sorted(every, key=lambda p: p.line)
        if not p.hashes and not p.editable and not p.unsafe and (p.url is None or is_url(p.url))
    ]
