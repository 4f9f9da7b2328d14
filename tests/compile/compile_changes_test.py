"""hooks.compile.changes: what a recompile changed, in words (uv's
universal output: compiled_output_test)."""
from __future__ import annotations

import pytest

from hooks.compile.changes import describe_changes


@pytest.mark.parametrize(('old', 'new', 'lines'), [
    pytest.param(None, b'django==4.2.1\n', ['added django 4.2.1'], id='created'),
    pytest.param(None, b'# nothing\n', ['created (no pins)'], id='created empty'),
    pytest.param(
        b'django==4.2.1\nsix==1.16.0\n', b'django==4.2.7\nsqlparse==0.4.4\n',
        ['upgraded django 4.2.1 -> 4.2.7', 'removed six 1.16.0', 'added sqlparse 0.4.4'], id='sorted by name',
    ),
    pytest.param(b'django==4.2.7\n', b'django==4.2.1\n', ['downgraded django 4.2.7 -> 4.2.1'], id='downgraded'),
    pytest.param(b'django==4.2.1\n', b'django==4.2.1  # via x\n', ['pins unchanged; fingerprint stamped'], id='no fingerprint before'),
])
def test_describe_changes(old: bytes | None, new: bytes, lines: list[str]) -> None:
    assert describe_changes(old, new, 'requirements.txt') == lines
