"""Markers judged where the file was compiled (hooks/rules/markers.py), through
requirements-fresh.  The markers evaluated directly: tests/compiled_output_test.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from testing.fresh import FIX_DIVIO
from testing.fresh import run


def test_divio_markers_are_judged_for_linux(divio: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a Divio project is built in Linux Docker, for the header's Python 3.8
    with open(divio / 'requirements.in', 'a') as f:
        f.write('pywin32==305 ; sys_platform == "win32"\nuvloop ; sys_platform == "linux" and python_version >= "3.8"\n')
    rc, out = run(capsys)
    assert (rc, out) == (1, ['requirements.in:14: requirement uvloop is not pinned in requirements.txt', *FIX_DIVIO])
