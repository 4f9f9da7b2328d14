"""hooks.readers.setup_cfg: the requirements pip-compile and ``uv pip
compile`` take from a setup.cfg, at the lines they stand on."""
from __future__ import annotations

import pytest

from hooks.readers import setup_cfg
from testing.metadata import computed
from testing.metadata import lines
from testing.metadata import SETUP_CFG

SETUP_CFG_CASES = [
    ('install_requires multi-line, with comments', SETUP_CFG, {}, [(7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"')], []),
    ('an extra, names normalised', SETUP_CFG, {'extras': ['dev']}, [(7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"'), (16, 'pytest'), (17, 'black')], []),
    ('a one-line value is split at ;', SETUP_CFG, {'extras': ['docs']}, [
        (7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"'), (18, 'sphinx'), (18, 'sphinx-rtd-theme'),
    ], []),
    ('file: directive', SETUP_CFG, {'extras': ['reqs']}, [(7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"')],
     [(19, 'not checked: extras_require reqs is read from a file (file: requirements-dev.txt)')]),
    ('all extras', SETUP_CFG, {'all_extras': True}, [
        (7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"'), (16, 'pytest'), (17, 'black'), (18, 'sphinx'), (18, 'sphinx-rtd-theme'),
    ], [(19, 'not checked: extras_require reqs is read from a file (file: requirements-dev.txt)')]),
    ('install_requires from a file', b'[options]\ninstall_requires = file: requirements.in\n', {}, [],
     [(2, 'not checked: install_requires is read from a file (file: requirements.in)')]),
    ('one line starting on the next', b'[options]\ninstall-requires =\n  django\n', {}, [(3, 'django')], []),
    ('no [options]', b'[metadata]\nname = demo\n', {}, [], []),
    ('unknown extra, as pip-compile', SETUP_CFG, {'extras': ['nosuch'], 'unknown_extras_ok': True}, [(7, 'django>=4.2'), (11, 'requests[socks]; python_version >= "3.8"')], []),
]


@pytest.mark.parametrize(('data', 'kwargs', 'want', 'want_computed'), [c[1:] for c in SETUP_CFG_CASES], ids=[c[0] for c in SETUP_CFG_CASES])
def test_read_setup_cfg(data: bytes, kwargs: dict[str, object], want: list[tuple[int, str]], want_computed: list[tuple[int, str]]) -> None:
    files, found = setup_cfg.read_setup_cfg(data, 'setup.cfg', **kwargs)  # type: ignore[arg-type]
    assert lines(files) == want
    assert computed(found) == want_computed
