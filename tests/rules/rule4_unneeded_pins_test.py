"""Rule 4 (hooks/rules/rule4_unneeded_pins.py), through requirements-fresh."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import FIX_DIVIO
from testing.fresh import run
from testing.project import edit

# rule 4: pins that nothing needs any more
RULE4 = (
    pytest.param(
        'requirements.in', 'sentry-sdk>=1.9,<2  # error reporting\n', '',
        ['requirements.txt:89: sentry-sdk 1.15.0 is pinned, but nothing needs it any more (via -r /workspace/requirements.in)'],
        id='line removed from requirements.in',
    ),
    pytest.param(
        'requirements.txt', '    # via html5lib\n\n', '    # via html5lib\nleftover==1.0\n    # via\n    #   gone-package\n    #   also-gone\n',
        ['requirements.txt:106: leftover 1.0 is pinned, but nothing needs it any more (via gone-package, also-gone)'],
        id='via block names only packages that are gone',
    ),
    pytest.param(
        'requirements.txt', '    # via html5lib\n\n', '    # via html5lib\nleftover==1.0              # via gone-package\n',
        ['requirements.txt:106: leftover 1.0 is pinned, but nothing needs it any more (via gone-package)'],
        id='inline via (old pip-tools)',
    ),
    pytest.param(
        'requirements.txt', '    # via html5lib\n\n', '    # via html5lib\nleftover==1.0\n',
        [], id='no annotation is not judged',
    ),
    pytest.param(
        'requirements.txt', '    # via html5lib\n\n', '    # via html5lib\nleftover==1.0\n    # via -c constraints.txt\n',
        [], id='constraint-only annotation is not judged',
    ),
    pytest.param(
        'requirements.txt', '    # via html5lib\n\n', '    # via html5lib\nleftover==1.0\n    # via\n    #   gone-package\n    #   html5lib\n',
        [], id='one parent still pinned keeps it',
    ),
)


@pytest.mark.parametrize(('file', 'old', 'new', 'expected'), RULE4)
def test_rule4_orphans(divio: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, expected: list[str]) -> None:
    edit(divio / file, old, new)
    rc, out = run(capsys)
    assert (rc, out) == ((1, [*expected, *FIX_DIVIO]) if expected else (0, []))
