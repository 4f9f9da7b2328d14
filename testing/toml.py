"""What the TOML tests share."""
from __future__ import annotations


def leaves(value: object, path: tuple[object, ...] = ()) -> set[tuple[object, ...]]:
    """The key path of every value of a TOML document (array items by
    index), the document's own ``()`` included."""
    found = {path}
    if isinstance(value, dict):
        for k, v in value.items():
            found |= leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found |= leaves(v, path + (i,))
    return found
