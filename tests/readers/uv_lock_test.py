"""hooks.readers.uv_lock: uv.lock as uv writes it, and bad input (exit 2,
one ``path:line: message``, never a traceback, nothing written)."""
from __future__ import annotations

from pathlib import Path

import pytest

from hooks import requirements_fresh
from hooks.readers import uv_lock
from testing.project import write

LOCK = '''\
version = 1
revision = 3
requires-python = ">=3.11"

[manifest]
members = ["app", "Helper"]

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "django", version = "4.2.7", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.12'" },
    { name = "django", version = "5.0.2", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.12'" },
    { name = "helper" },
]

[package.optional-dependencies]
tz = [{ name = "pytz" }]

[[package]]
name = "django"
version = "4.2.7"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files/django-4.2.7.tar.gz", hash = "sha256:00", size = 1 }

[[package]]
name = "django"
version = "5.0.2"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "helper"
version = "0.1.0"
source = { editable = "packages/helper" }
'''


def test_read() -> None:
    lock = uv_lock.read(LOCK.encode(), 'sub/uv.lock')
    assert [(p.name, p.version, p.local) for p in lock.packages] == [
        ('app', '0.1.0', 'sub'), ('django', '4.2.7', None), ('django', '5.0.2', None), ('helper', '0.1.0', 'sub/packages/helper'),
    ]
    assert lock.members == ['app', 'helper'] and lock.requires_python == '>=3.11'
    app = lock.packages[0]
    assert [p.label for d in app.dependencies for p in lock.find(d)] == ['django 4.2.7', 'django 5.0.2', 'helper 0.1.0']
    assert [d.name for d in app.optional['tz']] == ['pytz']
    assert [p.has_hashes for p in lock.packages] == [False, True, False, False]
    assert [p.name for p in lock.roots()] == ['app', 'helper']
    assert [lock.package_line(p) for p in lock.packages] == [9, 22, 28, 33]


@pytest.mark.parametrize(('lock', 'pyproject', 'message'), [
    pytest.param('version = 1\n[[package]\nname = "x"\n', '', 'uv.lock:2: invalid TOML: ', id='bad-toml'),
    pytest.param(b'\xff\xfeversion', '', 'uv.lock:1: ', id='bad-encoding'),
    pytest.param('version = 1\n[[package]]\nversion = "1"\n', '', 'uv.lock:1: package 1 has no name', id='no-name'),
    pytest.param(LOCK.replace('[package.optional-dependencies]', '[package.metadata]\nrequires-dist = []\n\n[package.optional-dependencies]'),
                 '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["django>=4;;"]\n',
                 "pyproject.toml:4: invalid requirement 'django>=4;;'", id='bad-requirement'),
])
def test_bad_input_is_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], lock: str | bytes, pyproject: str, message: str) -> None:
    write(repo / 'pyproject.toml', pyproject or '[project]\nname = "app"\nversion = "0.1.0"\n')
    write(repo / 'uv.lock', lock)
    before = (repo / 'uv.lock').read_bytes()
    assert requirements_fresh.main(['uv.lock']) == 2
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith(message), out
    assert (repo / 'uv.lock').read_bytes() == before
