"""The bounds on what a check reads (README.md, "Reliability"): a hostile
file must be exit 2 with a ``path:line`` message, never a RecursionError
read as "stale", nor gigabytes read into memory.

* :data:`MAX_BYTES`: a file the snapshot reads (requirements, addon.json,
  pyproject.toml, settings.py, the Dockerfile...), read with that bound,
  never whole;
* :data:`MAX_DEPTH`: nested arrays and tables of TOML, arrays and objects
  of JSON (tomllib and json recurse once a level; CPython stops at 1000
  frames);
* :data:`MAX_INCLUDES`: a ``-r``/``-c`` chain (the reader follows it
  without recursion; pip's own recursion ends near 1,000 levels).

On the fast path (the snapshot reads through it): ``os`` and our own
modules only; ``re`` only when a text has more brackets than the bound.
"""
from __future__ import annotations

from hooks.report import BadInput

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 100
MAX_INCLUDES = 1000

TOO_LARGE = f'is larger than {MAX_BYTES >> 20} MB, the most a check reads'
TOO_DEEP = f'nested deeper than {MAX_DEPTH} levels'

_JSON_TOKENS = r'"(?:[^"\\]|\\.)*"|[\[\]{}]'
# comments, the four kinds of strings (multi-line ones may end in up to two
# extra quotes), brackets; a bare key or a value holds no bracket
_TOML_TOKENS = (
    r'#[^\n]*|"""(?:[^\\]|\\.)*?"""(?!")|\'\'\'[\s\S]*?\'\'\'(?!\')'
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[\[\]{}]'
)


def check_depth(text: str, path: str, toml: bool) -> None:
    """BadInput at the line where ``text`` (JSON, or TOML) nests deeper
    than :data:`MAX_DEPTH`.  A table header ``[[a]]`` counts two."""
    if text.count('[') + text.count('{') <= MAX_DEPTH:
        return  # cannot nest deeper: the everyday file costs two counts
    import re

    depth = 0
    for m in re.finditer(_TOML_TOKENS if toml else _JSON_TOKENS, text):
        c = m.group()
        if c in '[{':
            depth += 1
            if depth > MAX_DEPTH:
                raise BadInput(path, text.count('\n', 0, m.start()) + 1, TOO_DEEP)
        elif c in ']}':
            depth = max(depth - 1, 0)
