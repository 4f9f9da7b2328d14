"""A local wheel index for tests: tiny pure-Python wheels built with zipfile,
so that tests run the real ``pip-compile --no-index --find-links DIR`` (or
``uv pip compile``) offline and deterministically.

    index = make_index(tmp_path, {
        'django': ['4.2.1', '4.2.7'],
        'django-cms': [('3.11.0', ['django>=4', 'django-treebeard'])],
        'django-treebeard': ['4.7'],
    })
    # index is a directory: pip-compile --no-index --find-links <index>

A version is a string, or ``(version, [Requires-Dist, ...])``, or
``(version, [Requires-Dist, ...], {'Requires-Python': '>=3.8', ...})`` for
extra METADATA headers.  ``Requires-Dist`` values are PEP 508 strings
(markers and extras welcome: ``'pytz; extra == "tz"'``); a requirement
with an ``extra ==`` marker adds the matching ``Provides-Extra`` header.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import zipfile
from collections.abc import Iterable
from collections.abc import Mapping

Version = (
    str
    | tuple[str, Iterable[str]]
    | tuple[str, Iterable[str], Mapping[str, str]]
)

# a fixed timestamp, so that the same wheel is the same bytes every run
_DATE = (2020, 1, 1, 0, 0, 0)


def normalize(name: str) -> str:
    """PEP 503 normalised name."""
    return re.sub(r'[-_.]+', '-', name).lower()


def _dist(name: str) -> str:
    """The distribution name as written in wheel file names (PEP 427/491)."""
    return re.sub(r'[-_.]+', '_', name).lower()


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return 'sha256=' + base64.urlsafe_b64encode(digest).rstrip(b'=').decode()


def make_wheel(
        directory: str | os.PathLike[str],
        name: str,
        version: str,
        requires: Iterable[str] = (),
        metadata: Mapping[str, str] | None = None,
) -> str:
    """Write ``{name}-{version}-py3-none-any.whl`` into ``directory`` and
    return its path.  The wheel holds one module named after the package
    (``django_cms/__init__.py`` with ``__version__``)."""
    dist = _dist(name)
    module = dist
    info = f'{dist}-{version}.dist-info'
    requires = list(requires)
    meta = [
        'Metadata-Version: 2.1',
        f'Name: {name}',
        f'Version: {version}',
        f'Summary: test package {name}',
    ]
    extras = sorted({
        m.group(1) for r in requires
        for m in [re.search(r'''extra\s*==\s*['"]([^'"]+)['"]''', r)] if m
    })
    meta += [f'Provides-Extra: {e}' for e in extras]
    meta += [f'{k}: {v}' for k, v in (metadata or {}).items()]
    meta += [f'Requires-Dist: {r}' for r in requires]
    files = {
        f'{module}/__init__.py': f'__version__ = {version!r}\n'.encode(),
        f'{info}/METADATA': ('\n'.join(meta) + '\n').encode(),
        f'{info}/WHEEL': (
            b'Wheel-Version: 1.0\n'
            b'Generator: aldryn-pins-testing\n'
            b'Root-Is-Purelib: true\n'
            b'Tag: py3-none-any\n'
        ),
        f'{info}/top_level.txt': f'{module}\n'.encode(),
    }
    record = ''.join(
        f'{path},{_record_hash(data)},{len(data)}\n' for path, data in files.items()
    ) + f'{info}/RECORD,,\n'
    files[f'{info}/RECORD'] = record.encode()

    os.makedirs(directory, exist_ok=True)
    path = os.path.join(os.fspath(directory), f'{dist}-{version}-py3-none-any.whl')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as zf:
        for arcname, data in files.items():
            zi = zipfile.ZipInfo(arcname, date_time=_DATE)
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, data)
    return path


def _unpack(v: Version) -> tuple[str, list[str], dict[str, str]]:
    if isinstance(v, str):
        return v, [], {}
    if len(v) == 2:
        version, requires = v  # type: ignore[misc]
        return version, list(requires), {}
    version, requires, metadata = v  # type: ignore[misc]
    return version, list(requires), dict(metadata)


def make_index(
        tmp_path: str | os.PathLike[str],
        packages: Mapping[str, Iterable[Version]],
        name: str = 'wheels',
) -> str:
    """Build a find-links folder ``tmp_path/name`` with every version of
    every package and return its absolute path.  Calling it again with the
    same folder adds wheels (e.g. a newer release appearing later)."""
    directory = os.path.join(os.fspath(tmp_path), name)
    os.makedirs(directory, exist_ok=True)
    for package, versions in packages.items():
        for v in versions:
            version, requires, metadata = _unpack(v)
            make_wheel(directory, package, version, requires, metadata)
    return os.path.abspath(directory)


def offline_args(index: str) -> list[str]:
    """Compiler arguments that resolve against ``index`` alone, no network
    (the same for pip-compile and ``uv pip compile``)."""
    return ['--no-index', '--find-links', index]


def isolated_env(cache_dir: str | os.PathLike[str]) -> dict[str, str | None]:
    """Environment changes that keep pip, pip-tools and uv to the arguments
    a test gives them: no pip/uv config files or PIP_*/UV_* index settings
    of the machine, and caches in ``cache_dir`` (pip-tools caches the
    dependencies of ``name==version``; test indexes reuse those with other
    dependencies).  ``None`` means: unset.  With pytest::

        for k, v in isolated_env(tmp_path / 'cache').items():
            monkeypatch.delenv(k, raising=False) if v is None else monkeypatch.setenv(k, v)
    """
    cache = os.fspath(cache_dir)
    env: dict[str, str | None] = {
        k: None for k in os.environ
        if k.startswith(('PIP_', 'UV_')) and k not in ('PIP_CERT', 'PIP_DEFAULT_TIMEOUT')
    }
    env.update({
        'PIP_CONFIG_FILE': os.devnull,
        'PIP_DISABLE_PIP_VERSION_CHECK': '1',
        'PIP_NO_INPUT': '1',
        'PIP_TOOLS_CACHE_DIR': os.path.join(cache, 'pip-tools'),
        'PIP_CACHE_DIR': os.path.join(cache, 'pip'),
        'UV_NO_CONFIG': '1',
        'UV_CACHE_DIR': os.path.join(cache, 'uv'),
        'UV_OFFLINE': '1',
        'UV_PYTHON_DOWNLOADS': 'never',
        'CUSTOM_COMPILE_COMMAND': None,
    })
    return env


_BACKEND = '''\
"""A PEP 517 build backend in the source tree (written by testing.wheels):
compilers get this distribution's metadata offline, with nothing to install."""
import base64
import hashlib
import os
import zipfile

NAME = {name!r}
VERSION = {version!r}
REQUIRES = {requires!r}
DIST = {dist!r}
INFO = DIST + '-' + VERSION + '.dist-info'


def _metadata():
    lines = ['Metadata-Version: 2.1', 'Name: ' + NAME, 'Version: ' + VERSION]
    return '\\n'.join(lines + ['Requires-Dist: ' + r for r in REQUIRES]) + '\\n'


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_editable = get_requires_for_build_sdist = get_requires_for_build_wheel


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    os.makedirs(os.path.join(metadata_directory, INFO), exist_ok=True)
    with open(os.path.join(metadata_directory, INFO, 'METADATA'), 'w') as f:
        f.write(_metadata())
    return INFO


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = {{
        INFO + '/METADATA': _metadata().encode(),
        INFO + '/WHEEL': b'Wheel-Version: 1.0\\nGenerator: testing\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n',
    }}
    record = ''.join(
        p + ',sha256=' + base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode() + ',' + str(len(d)) + '\\n'
        for p, d in files.items()
    ) + INFO + '/RECORD,,\\n'
    files[INFO + '/RECORD'] = record.encode()
    name = DIST + '-' + VERSION + '-py3-none-any.whl'
    with zipfile.ZipFile(os.path.join(wheel_directory, name), 'w') as zf:
        for p, d in files.items():
            zf.writestr(p, d)
    return name


build_editable = build_wheel
'''


def make_distribution(
        directory: str | os.PathLike[str],
        name: str,
        version: str = '1.0',
        requires: Iterable[str] = (),
        metadata: str = 'pyproject',
) -> str:
    """Write a source distribution folder (``-e ./libs/helpers``) that
    pip-compile and uv can read offline: a PEP 517 backend of its own
    (``_backend/``, no build requirements) and its name in
    ``pyproject.toml`` ``[project]`` (``metadata='pyproject'``) or in
    ``setup.cfg`` ``[metadata]`` (``metadata='setup.cfg'``), or only in a
    ``setup.py`` (``metadata='setup.py'``).  Returns the folder."""
    path = os.fspath(directory)
    requires = list(requires)
    os.makedirs(os.path.join(path, '_backend'), exist_ok=True)
    with open(os.path.join(path, '_backend', 'backend.py'), 'w') as f:
        f.write(_BACKEND.format(name=name, version=version, requires=requires, dist=_dist(name)))
    pyproject = '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["_backend"]\n'
    if metadata == 'pyproject':
        deps = ', '.join(f'"{r}"' for r in requires)
        pyproject += f'\n[project]\nname = "{name}"\nversion = "{version}"\ndependencies = [{deps}]\n'
    elif metadata == 'setup.cfg':
        with open(os.path.join(path, 'setup.cfg'), 'w') as f:
            f.write(f'[metadata]\nname = {name}\nversion = {version}\n')
    else:  # the name only in code (setup.py), which nothing reads
        with open(os.path.join(path, 'setup.py'), 'w') as f:
            f.write(f'from setuptools import setup\nsetup(name={name!r}.lower(), version={version!r})\n')
    with open(os.path.join(path, 'pyproject.toml'), 'w') as f:
        f.write(pyproject)
    return path


# The build backend inside make_sdist's archives: standard library only and
# no build requirements, so that pip builds them with build isolation and
# --no-index.  It builds a wheel from the PKG-INFO beside it.
_SDIST_BACKEND = r'''import base64, hashlib, os, zipfile

def _meta():
    with open("PKG-INFO", encoding="utf-8") as f:
        text = f.read()
    head = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    return text, head["Name"], head["Version"]

def _dist(name):
    return "".join("_" if c in "-." else c for c in name).lower()

def _files():
    text, name, version = _meta()
    info = _dist(name) + "-" + version + ".dist-info"
    return info, {
        _dist(name) + "/__init__.py": ("__version__ = %r\n" % version).encode(),
        info + "/METADATA": text.encode(),
        info + "/WHEEL": b"Wheel-Version: 1.0\nGenerator: aldryn-pins-testing\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }

def get_requires_for_build_wheel(config_settings=None):
    return []

def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    info, files = _files()
    os.makedirs(os.path.join(metadata_directory, info))
    for path, data in files.items():
        if path.startswith(info):
            with open(os.path.join(metadata_directory, path), "wb") as f:
                f.write(data)
    return info

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    info, files = _files()
    record = "".join(
        "%s,sha256=%s,%d\n" % (p, base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b"=").decode(), len(d))
        for p, d in files.items()
    ) + info + "/RECORD,,\n"
    files[info + "/RECORD"] = record.encode()
    name = info[:-len(".dist-info")] + "-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as zf:
        for path, data in files.items():
            zf.writestr(zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return name
'''


def make_sdist(
        directory: str | os.PathLike[str],
        name: str,
        version: str,
        requires: Iterable[str] = (),
) -> str:
    """Write ``{name}-{version}.tar.gz`` into ``directory`` (the archive
    name Divio's addon URLs have) and return its path: a source
    distribution whose build backend is in the archive and needs nothing
    installed, so that pip builds it offline."""
    import io
    import tarfile

    top = f'{name}-{version}'
    meta = '\n'.join([
        'Metadata-Version: 2.1', f'Name: {name}', f'Version: {version}',
        f'Summary: test package {name}',
        *(f'Requires-Dist: {r}' for r in requires),
    ]) + '\n'
    files = {
        'PKG-INFO': meta,
        'pyproject.toml': (
            '[build-system]\nrequires = []\n'
            'build-backend = "_backend"\nbackend-path = ["."]\n'
        ),
        '_backend.py': _SDIST_BACKEND,
    }
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(os.fspath(directory), f'{top}.tar.gz')
    with open(path, 'wb') as raw:
        # gzip without a timestamp: the same archive is the same bytes
        import gzip
        with gzip.GzipFile(fileobj=raw, mode='wb', mtime=0, filename='') as gz:
            with tarfile.open(fileobj=gz, mode='w') as tf:
                for rel, text in files.items():
                    data = text.encode()
                    ti = tarfile.TarInfo(f'{top}/{rel}')
                    ti.size = len(data)
                    ti.mtime = 1577836800
                    ti.mode = 0o644
                    tf.addfile(ti, io.BytesIO(data))
    return os.path.abspath(path)


def go_offline(monkeypatch: object, cache_dir: str | os.PathLike[str]) -> None:
    """Apply :func:`isolated_env` through a ``pytest.MonkeyPatch``: the
    compilers run offline, with their caches in ``cache_dir``."""
    for k, v in isolated_env(cache_dir).items():
        if v is None:
            monkeypatch.delenv(k, raising=False)  # type: ignore[attr-defined]
        else:
            monkeypatch.setenv(k, v)  # type: ignore[attr-defined]


def program(name: str) -> str:
    """A compiler's program (pip-compile, uv): beside this Python first, then
    on PATH."""
    import shutil
    import sys

    here = os.path.dirname(sys.executable)
    found = shutil.which(name, path=here) or shutil.which(name)
    assert found, f'{name} is not installed'
    return found


def installed(dist: str) -> tuple[int, ...]:
    """The release of ``dist`` installed beside the tests (pip, pip-tools,
    uv), for the cases a compiler only has from some version on; () when it
    is not installed."""
    import importlib.metadata

    try:
        version = importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return ()
    return tuple(int(part) for part in re.findall(r'\d+', version.split('+')[0])[:3])
