"""hooks.readers.recorded_paths: where the command a header records ran,
its sources and output (the real pip-compile runs offline)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from hooks.finding import Finding
from hooks.readers import header as h
from hooks.readers import recorded_paths
from hooks.report import BadInput
from testing.headers import compiled
from testing.headers import pcm
from testing.headers import pip_tools
from testing.headers import uv

BIN = Path(sys.executable).parent


# --- locate ---------------------------------------------------------------------

def recorded(header: str) -> h.Recorded:
    r = h.read(header, 'x')
    assert r is not None
    return r


DEV = pip_tools('pip-compile --output-file=requirements/dev.txt requirements/dev.in')


@pytest.mark.parametrize(('header', 'output', 'files', 'expected'), [
    pytest.param(DEV, 'requirements/dev.txt', {'requirements/dev.in'}, ('', ['requirements/dev.in'], 'requirements/dev.txt'), id='root-relative'),
    pytest.param(pip_tools('pip-compile dev.in'), 'requirements/dev.txt', {'requirements/dev.in'},
                 ('requirements', ['requirements/dev.in'], 'requirements/dev.txt'), id='folder-relative'),
    pytest.param(pip_tools('pip-compile --output-file=dev.txt ../base.in dev.in'), 'requirements/dev.txt', {'base.in', 'requirements/dev.in'},
                 ('requirements', ['base.in', 'requirements/dev.in'], 'requirements/dev.txt'), id='folder-relative-up'),
    pytest.param(pip_tools('pip-compile'), 'requirements.txt', {'requirements.in'}, ('', ['requirements.in'], 'requirements.txt'), id='default-source'),
    pytest.param(pip_tools('pip-compile'), 'sub/requirements.txt', {'sub/setup.py', 'sub/pyproject.toml'},
                 ('sub', ['sub/setup.py'], 'sub/requirements.txt'), id='default-source-setup.py-in-folder'),
    pytest.param(pip_tools('pip-compile --output-file=sub/requirements.txt'), 'sub/requirements.txt', {'requirements.in', 'sub/requirements.in'},
                 ('', ['requirements.in'], 'sub/requirements.txt'), id='default-source-root-output-named'),
    pytest.param(pip_tools('pip-compile requirements.in'), 'sub/requirements.txt', {'requirements.in', 'sub/requirements.in'},
                 ('sub', ['sub/requirements.in'], 'sub/requirements.txt'), id='both-hold-it-the-output-decides'),
    pytest.param(pip_tools('pip-compile --output-file=other.txt requirements.in'), 'sub/requirements.txt', {'requirements.in', 'sub/requirements.in'},
                 ('', ['requirements.in'], 'sub/requirements.txt'), id='both-hold-it-root-first'),
    pytest.param(pip_tools('pip-compile --output-file /workspace/requirements.txt /workspace/requirements.in'), 'requirements.txt',
                 {'requirements.in'}, ('', ['requirements.in'], 'requirements.txt'), id='container-paths'),
    pytest.param(pip_tools('pip-compile --output-file=/app/requirements.txt /app/requirements.in'), 'backend/requirements.txt',
                 {'backend/requirements.in', 'requirements.in'}, ('backend', ['backend/requirements.in'], 'backend/requirements.txt'),
                 id='container-paths-in-folder'),
    pytest.param(pip_tools("pip-compile --output-file='requirements\\dev.txt' 'requirements\\dev.in'"), 'requirements/dev.txt',
                 {'requirements/dev.in'}, ('', ['requirements/dev.in'], 'requirements/dev.txt'), id='windows-separators'),
    pytest.param(uv('uv pip compile pyproject.toml requirements/dev.in -o requirements/dev.txt'), 'requirements/dev.txt',
                 {'pyproject.toml', 'requirements/dev.in'}, ('', ['pyproject.toml', 'requirements/dev.in'], 'requirements/dev.txt'), id='uv'),
    pytest.param(pcm(), 'requirements/dev.txt', {'requirements/dev.in', 'requirements/base.in'},
                 ('', ['requirements/dev.in'], 'requirements/dev.txt'), id='pip-compile-multi'),
    pytest.param(pcm(), 'docs/requirements/dev.txt', {'docs/requirements/dev.in'},
                 ('docs', ['docs/requirements/dev.in'], 'docs/requirements/dev.txt'), id='pip-compile-multi-in-a-folder'),
    pytest.param(pcm(), 'requirements/dev.txt', {'requirements/base.in'},
                 'requirements/dev.txt:3: not checked: written by pip-compile-multi, but dev.in is not beside it', id='pip-compile-multi-no-input'),
    # issue 18, item 6: run in docs/, the -o path says so (the root has a requirements/default.in of its own)
    pytest.param(uv('uv pip compile requirements/default.in -o requirements/default.txt'), 'docs/requirements/default.txt',
                 {'requirements/default.in', 'docs/requirements/default.in'},
                 ('docs', ['docs/requirements/default.in'], 'docs/requirements/default.txt'), id='run in a subfolder, as -o says'),
    pytest.param(pip_tools('pip-compile --output-file=requirements/default.txt requirements/default.in'), 'docs/requirements/default.txt',
                 {'docs/requirements/default.in'},
                 ('docs', ['docs/requirements/default.in'], 'docs/requirements/default.txt'), id='run in a subfolder, pip-compile'),
    pytest.param(DEV, 'requirements/dev.txt', set(),
                 'requirements/dev.txt:5: not checked: its header names requirements/dev.in, which is neither at the repository root nor beside it',
                 id='neither'),
    pytest.param(pip_tools('pip-compile --output-file=requirements.txt base.in requirements.in'), 'requirements.txt', {'base.in'},
                 'requirements.txt:5: not checked: its header names requirements.in, which is not at the repository root', id='missing-at-root'),
    pytest.param(pip_tools('pip-compile a.in b.in'), 'sub/ab.txt', {'a.in', 'sub/b.in'},
                 'sub/ab.txt:5: not checked: its header names a.in, b.in, which are neither at the repository root nor beside it together',
                 id='split-between-both'),
    pytest.param(pip_tools('pip-compile'), 'sub/requirements.txt', set(),
                 "sub/requirements.txt:5: not checked: its header names no source and pip-compile's default "
                 '(requirements.in, setup.py, pyproject.toml or setup.cfg) is neither at the repository root nor beside it',
                 id='no-default-source'),
    pytest.param(pip_tools('pip-compile ../x.in'), 'sub/requirements.txt', set(),
                 'sub/requirements.txt:5: not checked: its header names ../x.in, which is neither at the repository root nor beside it',
                 id='up-from-the-folder-missing'),
])
def test_locate(header: str, output: str, files: set[str], expected: tuple[str, list[str], str] | str) -> None:
    located = recorded_paths.locate(recorded(header), output, files.__contains__)
    if isinstance(expected, str):  # a notice: the file is not judged
        assert isinstance(located, Finding) and located.severity == 'notice'
        located = str(located)
    assert located == expected


@pytest.mark.parametrize(('header', 'output', 'message'), [
    (pip_tools('pip-compile ../x.in'), 'requirements.txt', 'requirements.txt:5: its header names ../x.in, which is outside the repository'),
    (uv('uv pip compile ../../x.in -o r.txt'), 'sub/r.txt', 'sub/r.txt:2: its header names ../../x.in, which is outside the repository'),
])
def test_locate_outside_the_repository_is_bad_input(header: str, output: str, message: str) -> None:
    with pytest.raises(BadInput) as e:
        recorded_paths.locate(recorded(header), output, lambda p: True)
    assert str(e.value) == message


def test_default_sources() -> None:
    files = ['setup.cfg', 'pyproject.toml', 'sub/setup.py', 'sub/setup.cfg', 'other/requirements.in', 'other/setup.py']
    assert recorded_paths.default_sources(files, '') == ['pyproject.toml']
    assert recorded_paths.default_sources(set(files), 'sub') == ['sub/setup.py']
    assert recorded_paths.default_sources(files, 'other') == ['other/requirements.in']
    assert recorded_paths.default_sources(files, 'none') == []
    assert [recorded_paths.default_output(s) for s in ('requirements.in', 'sub/setup.py', 'req/dev.in', 'base')] == [
        'requirements.txt', 'sub/requirements.txt', 'req/dev.txt', 'base.txt',
    ]


@pytest.mark.parametrize(('cwd', 'args', 'expected_cwd'), [
    pytest.param('', ['-o', 'sub/dev.txt', 'sub/dev.in'], '', id='at-the-root'),
    pytest.param('sub', ['dev.in'], 'sub', id='in-the-folder'),
    pytest.param('sub', ['-o', 'dev.txt', '../requirements.in', 'dev.in'], 'sub', id='in-the-folder-with-a-parent-source'),
])
def test_locate_where_pip_compile_really_ran(workdir: tuple[Path, str], cwd: str, args: list[str], expected_cwd: str) -> None:
    d, index = workdir
    compiled(d / cwd, [str(BIN / 'pip-compile'), '-q', '--no-index', '-f', index, *args], 'dev.txt' if cwd else 'sub/dev.txt')
    r = h.read((d / 'sub' / 'dev.txt').read_text(), 'sub/dev.txt')
    assert r is not None
    located = recorded_paths.locate(r, 'sub/dev.txt', lambda p: (d / p).is_file())
    assert isinstance(located, tuple) and located[0] == expected_cwd
    sources = [os.path.relpath(d / cwd / s, d).replace(os.sep, '/') for s in r.sources]
    assert located == (expected_cwd, sources, 'sub/dev.txt')
