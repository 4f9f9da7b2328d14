"""pip's own requirement-file parser as the oracle for hooks.readers.

Each case is a small project written to a temporary folder; pip
(``pip._internal.req.req_file.parse_requirements`` with an offline
PipSession, then ``install_req_from_parsed_requirement``, and the
resolver's check of constraints) and the reader (``read_inputs`` then
``requirements``) read it from that folder.  Both must accept or both
reject, and for an accepted project give the same requirements: name (or,
unnamed, location), specifier, extras, marker, editable, constraint.

Where we differ on purpose the case is in :data:`KNOWN`, with the reason,
and the test checks that we do still differ (so the table stays true).
The hooks never import pip: only this test does.
"""
from __future__ import annotations

import logging
import os
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st

req_file = pytest.importorskip('pip._internal.req.req_file')
constructors = pytest.importorskip('pip._internal.req.constructors')
from packaging.specifiers import SpecifierSet  # noqa: E402
from packaging.version import Version  # noqa: E402
from pip import __version__ as PIP_VERSION  # noqa: E402
from pip._internal.network.session import PipSession  # noqa: E402
from pip._internal.req.req_install import check_invalid_constraint_type  # noqa: E402
from pip._internal.utils.urls import path_to_url  # noqa: E402
from pip._vendor.packaging.utils import canonicalize_name  # noqa: E402

from hooks.readers import pip_syntax  # noqa: E402
from hooks.readers import requirements  # noqa: E402
from hooks.report import BadInput  # noqa: E402
from hooks.snapshot import Snapshot  # noqa: E402

REJECTED = 'rejected'
HASH = 'sha256:' + 'ab' * 32
Item = tuple  # (name, location, specifier, extras, marker, editable, constraint)


def _spec(specifier: object) -> str:
    return ','.join(sorted(str(s) for s in specifier))  # type: ignore[attr-defined]


def pip_reads(root: Path) -> list[Item] | str:
    """What pip makes of ``root``/requirements.in, read from ``root`` (pip
    takes paths from where it runs): sorted items, or REJECTED."""
    old = os.getcwd()
    os.chdir(root)
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            items = []
            for parsed in req_file.parse_requirements('requirements.in', session=PipSession()):
                ireq = constructors.install_req_from_parsed_requirement(parsed, isolated=True)
                if ireq.constraint and check_invalid_constraint_type(ireq):
                    return REJECTED  # the resolver refuses it
                items.append((
                    canonicalize_name(ireq.req.name) if ireq.req is not None else None,
                    ireq.link.url if ireq.link is not None else None,
                    _spec(ireq.req.specifier) if ireq.req is not None else '',
                    tuple(sorted(e.lower() for e in ireq.extras)),
                    str(ireq.markers) if ireq.markers is not None else None,
                    bool(ireq.editable), bool(ireq.constraint),
                ))
            return sorted(set(items), key=repr)  # an include read twice is read once by us
    except Exception:  # every way pip says no (InstallationError, ValueError, ...)
        return REJECTED
    finally:
        logging.disable(logging.NOTSET)
        os.chdir(old)


def we_read(root: Path) -> list[Item] | str:
    try:
        files = requirements.read_inputs(Snapshot(str(root)), 'requirements.in')
        reqs = requirements.requirements(files, root.name, constraints=True)
    except BadInput:
        return REJECTED
    kinds = {f.path: f.kind for f in files}
    items = []
    for r in reqs:
        loc = r.location
        wheel = loc is not None and loc.split('#')[0].lower().endswith('.whl')
        named = r.req is not None or wheel or (loc is not None and pip_syntax.EGG_RE.search(loc) is not None)
        if r.req is not None and r.req.url:
            link = r.req.url
        elif loc is None:
            link = None
        elif pip_syntax.is_url(loc):
            link = loc
        else:
            link = path_to_url(str(root / pip_syntax.strip_extras(loc)[0]))
        spec = _spec(r.req.specifier) if r.req is not None else (f'=={r.version}' if wheel else '')
        items.append((
            r.name if named else None, link, spec, tuple(sorted(r.extras)),
            str(r.marker) if r.marker is not None else None, r.editable, kinds[r.path] == '-c',
        ))
    return sorted(set(items), key=repr)


def build(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)


PROJECT = {'pkg/pyproject.toml': '', 'pyproject.toml': ''}

# pip's own cases (pip's tests/unit/test_req_file.py, expressed as files),
# and the cases of the differential run of issue 11: id -> files
CASES: dict[str, dict[str, str | bytes]] = {
    # preprocess, join_lines, comments
    'comment inside a continuation': {'requirements.in': 'req1 \\\n# comment \\\nreq2\n'},
    'continuation then comment': {'requirements.in': 'req1\\\n# comment\n'},
    'continuation, comment, requirement': {'requirements.in': 'req1 \\\n# comment\nreq2\n'},
    'joined lines': {'requirements.in': 'line1\nline2 \\\n>=1\nline3 \\\n>=1 \\\n,<2\nline4\n'},
    'last line continued': {'requirements.in': 'line1\nline2 \\'},
    'comment after a requirement': {'requirements.in': 'req # comment\n'},
    'comment at the start': {'requirements.in': '# Comment '},
    'comment after a URL': {'requirements.in': 'https://example.com/foo.tar.gz # Comment '},
    'egg fragment': {'requirements.in': 'https://example.com/foo.tar.gz#egg=wat\n'},
    # process_line
    'unknown option': {'requirements.in': '--bogus\n'},
    'hash without an algorithm': {'requirements.in': 'pkg==1.0.0 --hash=somehash\n'},
    'hash': {'requirements.in': 'pkg==1.0.0 --hash=sha256:somehash\n'},
    'two requirements on a line': {'requirements.in': 'req1 req2\n'},
    '= is no operator': {'requirements.in': 'my-package=1.0\n'},
    'a name': {'requirements.in': 'SomeProject\n'},
    'name @ wheel URL': {'requirements.in': 'SomeProject @ https://url/SomeProject-py2-py3-none-any.whl\n'},
    'constraint': {'requirements.in': '-c c.txt\n', 'c.txt': 'SomeProject\n'},
    'spaces in the specifier': {'requirements.in': 'SomeProject >= 2\n'},
    'editable VCS URL': {'requirements.in': '-e git+https://url#egg=SomeProject\n'},
    'editable constraint': {'requirements.in': '-c c.txt\n', 'c.txt': '-e git+https://url#egg=SomeProject\n'},
    'nested constraints': {'requirements.in': '-c parent/c.txt\n', 'parent/c.txt': '-c reqs.txt\n', 'parent/reqs.txt': 'hello\n'},
    'nested requirements': {'requirements.in': '-r parent/r.txt\n', 'parent/r.txt': '-r reqs.txt\n', 'parent/reqs.txt': 'hello\n'},
    'global options': {'requirements.in': 'SomeProject --global-option="yo3" --global-option "yo4"\n'},
    'several hashes': {'requirements.in': f'SomeProject --hash={HASH} --hash=sha384:{"cd" * 48} --hash={HASH}\n'},
    'no index': {'requirements.in': '--no-index\n'},
    'index url': {'requirements.in': '--index-url=url\n'},
    'find links': {'requirements.in': '--find-links=url\n'},
    'extra index url': {'requirements.in': '--extra-index-url=url\n--extra-index-url url2 \n'},
    'trusted hosts': {'requirements.in': '--trusted-host=host1 --trusted-host=host2:8080\n'},
    'pre': {'requirements.in': '--pre\n'},
    'option variants': {'requirements.in': "-i url\n-i 'url'\n--index-url=url\n--index-url url\n--index-url='url'\n"},
    'joined options': {'requirements.in': '--extra-index-url url1 \\\n--extra-index-url url2\n'},
    'binary options': {'requirements.in': '--no-binary :all:\n--only-binary fred,wilma\n'},
    'only binary and options on a requirement': {'requirements.in': '--only-binary :all:\nINITools==2.0 --global-option="--dry-run"\n'},
    'environment variables': {'requirements.in': 'https://${AP_TOKEN}:x-oauth-basic@github.com/user/${AP_REPO}/archive/master.zip\n'},
    'missing environment variables': {'requirements.in': 'https://${AP_NOT_SET}:$WRONG_FORMAT@%WINDOWS_FORMAT%github.com/user/repo/archive/master.zip\n'},
    # the differential run (issue 11)
    'variable in a name': {'requirements.in': '${AP_NAME}>=1\n'},
    'variable in an include': {'requirements.in': '-r ${AP_DIR}/base.in\n', 'reqs/base.in': 'django\n'},
    'lower-case variable stays': {'requirements.in': 'django${ap_x}\n'},
    'PEP 263 latin-1': {'requirements.in': '# -*- coding: latin-1 -*-\n# caf\xe9\ndjango\n'.encode('latin-1')},
    'UTF-16 BOM': {'requirements.in': 'django>=4\n'.encode('utf-16')},
    'UTF-32 BOM': {'requirements.in': 'django>=4\n'.encode('utf-32')},
    'UTF-8 BOM': {'requirements.in': b'\xef\xbb\xbfdjango>=4\n'},
    'marker after a URL': {'requirements.in': 'https://example.com/x.zip ; python_version >= "3"\n'},
    'URL, egg and marker': {'requirements.in': 'https://example.com/x.zip#egg=x ; python_version >= "3"\n'},
    'wheel path': {'requirements.in': './dist/Foo_Bar-1.0-py3-none-any.whl\n', 'dist/Foo_Bar-1.0-py3-none-any.whl': b'PK'},
    'wheel URL': {'requirements.in': 'https://example.com/Foo_Bar-1.0-1-py3-none-any.whl\n'},
    'wheel path with a marker': {'requirements.in': './dist/Foo_Bar-1.0-py3-none-any.whl; sys_platform == "linux"\n', 'dist/Foo_Bar-1.0-py3-none-any.whl': b'PK'},
    'editable extras': {**PROJECT, 'requirements.in': '-e .[ex1,ex2]\n'},
    'editable path extras': {**PROJECT, 'requirements.in': '-e ./pkg[Ex1]\n'},
    'path extras': {**PROJECT, 'requirements.in': './pkg[ex1]\n'},
    'quoted include': {'requirements.in': "-r 'base.in'\n", 'base.in': 'django\n'},
    'double-quoted include': {'requirements.in': '-r "base.in"\n', 'base.in': 'django\n'},
    'tab between option and value': {'requirements.in': '-r\tbase.in\n', 'base.in': 'django\n'},
    'abbreviated option': {'requirements.in': '--requirem base.in\n', 'base.in': 'django\n'},
    'ambiguous abbreviation': {'requirements.in': '--re base.in\n', 'base.in': 'django\n'},
    'two includes on a line': {'requirements.in': '-r base.in -r other.in\n', 'base.in': 'django\n', 'other.in': 'flask\n'},
    'include and a stray word': {'requirements.in': '-r base.in other.in\n', 'base.in': 'django\n'},
    'hash alone after a broken continuation': {'requirements.in': f'django==4.2 \\\n# comment\n    --hash={HASH}\n'},
    'index option after a requirement': {'requirements.in': 'django -i https://example.com/simple\n'},
    'options after an editable': {**PROJECT, 'requirements.in': '-e ./pkg --config-settings=k=v\n'},
    'short config settings': {**PROJECT, 'requirements.in': '-e ./pkg -C k=v\n'},
    'config settings without =': {**PROJECT, 'requirements.in': '-e ./pkg --config-settings=kv\n'},
    'path in an included file': {**PROJECT, 'requirements.in': '-r sub/base.in\n', 'sub/base.in': '-e ./pkg\n'},
    'path relative to the included file only': {'requirements.in': '-r sub/base.in\n', 'sub/base.in': '-e ./pkg\n', 'sub/pkg/pyproject.toml': ''},
    'unknown option after a requirement': {'requirements.in': 'pkg==1.0 --unknown\n'},
    'md5 hash': {'requirements.in': 'pkg==1.0 --hash=md5:abc\n'},
    'empty use-feature': {'requirements.in': '--use-feature=\n'},
    'flag with a value': {'requirements.in': '--pre=yes\n'},
    'option without its value': {'requirements.in': '-r\n'},
    'missing path': {'requirements.in': './missing\n'},
    'missing editable path': {'requirements.in': '-e ./missing\n'},
    'folder without a project': {'requirements.in': '-e ./pkg\n', 'pkg/README': ''},
    'missing wheel': {'requirements.in': './dist/Foo-1.0-py3-none-any.whl\n'},
    'container path': {'requirements.in': '-e /app/addons-dev/x\n'},
    'path leaving the repository': {'requirements.in': '-e ../sibling\n'},
    'editable name': {'requirements.in': '-e django\n'},
    'editable URL that is no VCS': {'requirements.in': '-e https://example.com/x.zip\n'},
    'constraint with extras': {'requirements.in': '-c c.txt\n', 'c.txt': 'django[argon2]==4.2\n'},
    'unnamed constraint': {'requirements.in': '-c c.txt\n', 'c.txt': 'https://example.com/x.zip\n'},
    'bad wheel name': {'requirements.in': 'https://example.com/x.whl\n'},
    'marker without a space after a name': {'requirements.in': 'django;python_version>"3"\n'},
    'legacy specifier': {'requirements.in': 'django>=>4\n'},
    'bad marker': {'requirements.in': 'django ; python_version >>> "3"\n'},
    'words after a marker': {'requirements.in': 'django ; python_version >= "3.8" a b\n'},
    'include cycle': {'requirements.in': '-r a.in\n', 'a.in': '-r requirements.in\n'},
    'missing include': {'requirements.in': '-r nope.in\n'},
    'include leaving the repository': {'requirements.in': '-r ../outside.in\n'},
    'name @ file URL': {**PROJECT, 'requirements.in': 'pkg @ file:///tmp/pkg\n'},
    'unclosed quote': {'requirements.in': "-r 'base.in\n", 'base.in': 'django\n'},
    'requirement and -e on one line': {**PROJECT, 'requirements.in': 'django -e ./pkg\n'},
    'URL and -e on one line': {**PROJECT, 'requirements.in': 'git+https://example.com/r.git#egg=r -e .\n'},
    'path and -e on one line': {**PROJECT, 'requirements.in': './pkg -e .\n'},
    # issue 18, item 13
    'quoted editable path with a space': {'requirements.in': '-e "./my pkg"\n', 'my pkg/pyproject.toml': ''},
    'path extras without a dot-slash': {**PROJECT, 'requirements.in': 'pkg[ex]\n'},
    'archive URL, space, marker': {'requirements.in': 'https://h/a-1.0.tar.gz ; python_version < "3"\n'},
    'archive URL, no space, marker': {'requirements.in': 'https://h/a-1.0.tar.gz; python_version < "3"\n'},
    'quoted editable name @ VCS URL': {'requirements.in': '-e "foo @ git+https://github.com/o/foo"\n'},
    'quoted editable name[extra] @ svn URL': {'requirements.in': '-e "foo[extra] @ svn+https://svn.example.com/foo"\n'},
    'editable name @ VCS URL': {'requirements.in': '-e foo@git+https://github.com/o/foo\n'},
    'quoted editable name @ archive URL': {'requirements.in': '-e "foo @ https://example.com/foo-1.0.zip"\n'},
    'unquoted editable name @ VCS URL': {'requirements.in': '-e foo @ git+https://github.com/o/foo\n'},
    'variable directory in an include': {'requirements.in': '-r ${REQ_DIR}/base.in\n', 'reqs/base.in': 'django\n'},
    'wheel with dotted version and tags': {'requirements.in': './simple-0.1-py2.py3-none-any.whl\n', 'simple-0.1-py2.py3-none-any.whl': b'PK'},
    'wheel URL with dotted tags': {'requirements.in': 'https://h/simple-0.1-py2.py3-none-any.whl\n'},
    'variable in a version': {'requirements.in': 'django==${DJANGO_VERSION}\n'},
}
ENV = {'AP_TOKEN': 'notarealtoken', 'AP_REPO': 'repo', 'AP_NAME': 'django', 'AP_DIR': 'reqs', 'AP_BASE': 'base.in', 'REQ_DIR': 'reqs', 'DJANGO_VERSION': '4.2.7'}
OUTSIDE = {'outside.in': 'django\n'}  # beside the repository

# Where we differ from pip on purpose: id -> (the pip versions that differ,
# why).  The versions are a specifier (every pip: ''), found by running this
# table against each pip release from 22.2 (pip-tools 7.0's floor) to 26.3:
# pip changes its reading over the years, and a test may fail because our
# reader changed, never because pip fixed a bug.
KNOWN: dict[str, tuple[str, str]] = {
    'include leaving the repository': ('', 'the check reads the repository only (a snapshot: index or commit); includes that leave it are exit 2'),
    'container path': ('', (
        'pip on this machine has no /app/addons-dev/x; it is a path of the Divio build container, '
        'where pip-reqs compiles: an absolute path is never looked for'
    )),
    'path leaving the repository': ('', 'the snapshot holds the repository only: a path outside it is not looked for (pip fails when it is not there)'),
    'missing wheel': ('', 'pip only warns about a wheel or archive path that is not there; nothing could pin it, so it is exit 2'),
    'folder without a project': ('', (
        'pip accepts an editable folder without setup.py or pyproject.toml while it reads the file, '
        'and fails when it builds it: we say so at once'
    )),
    'requirement and -e on one line': ('<25', 'pip before 25 ignores the -e of "django -e ./pkg"; pip 25 fails on it, and so do we'),
    'legacy specifier': ('<24.1', (
        'pip before 24.1 parses with packaging 21 (LegacySpecifier: >=>4 is ">=" and ">4"); '
        'pip 24.1 and the hooks use a packaging that refuses it'
    )),
    'URL and -e on one line': ('', (
        'pip before 26 ignores the -e of "git+https://...#egg=r -e .", pip 26 makes the URL editable; '
        'a requirement and -e on one line has no one meaning across pips: exit 2'
    )),
    'path and -e on one line': ('', 'pip before 26 ignores the -e of "./pkg -e .", pip 26 makes ./pkg editable: exit 2, as for a URL'),
    'editable name @ VCS URL': ('<26', 'pip before 26 refuses -e "name @ URL"; pip 26 reads it as the named VCS requirement, and so do we'),
    'quoted editable name @ VCS URL': ('<26', 'pip before 26 refuses -e "name @ URL"; pip 26 reads it, and so do we'),
    'quoted editable name[extra] @ svn URL': ('<26', 'pip before 26 refuses -e "name[extra] @ URL"; pip 26 reads it, and so do we'),
    'UTF-32 BOM': ('<25', 'pip before 25 reads a UTF-32-LE BOM as UTF-16 (then fails on the NUL characters); pip 25 reads it, as we do'),
    'options after an editable': ('<23.1', 'pip before 23.1 has no per-requirement --config-settings; we read the files newer pips write'),
    'short config settings': ('<23.1', 'pip before 23.1 has no -C; we read the files newer pips write'),
    'global options': ('>=25.3', 'pip 25.3 removed --global-option; we still read the files older pips accept (an option changes no pin)'),
    'only binary and options on a requirement': ('>=25.3', 'pip 25.3 removed --global-option; we still read the files older pips accept'),
}
SAME_ANSWER: dict[str, str] = {
    'empty use-feature': 'pip rejects the empty choice, we any empty value',
}


def differs_here(case: str) -> bool:
    """Whether ``case`` is a known difference for the pip under test."""
    return case in KNOWN and Version(PIP_VERSION) in SpecifierSet(KNOWN[case][0], prereleases=True)


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv('AP_NOT_SET', raising=False)


def both(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[object, object]:
    root = tmp_path / 'repo'
    root.mkdir()
    build(tmp_path, OUTSIDE)
    build(root, files)
    return pip_reads(root), we_read(root)


@pytest.mark.parametrize('case', sorted(CASES))
def test_we_read_as_pip(tmp_path: Path, case: str) -> None:
    pip, we = both(tmp_path, CASES[case])
    if differs_here(case):
        assert pip != we, f'no longer a difference with pip {PIP_VERSION}: narrow its versions in KNOWN ({KNOWN[case][1]})'
    else:
        assert we == pip, f'pip {PIP_VERSION}'


def test_the_table_holds_the_issue_cases() -> None:
    assert len(CASES) >= 80
    assert set(KNOWN) | set(SAME_ANSWER) <= set(CASES)
    for versions, _ in KNOWN.values():
        SpecifierSet(versions)  # a specifier, or the table is wrong


# --- generated files: a grammar of the lines real requirement files hold
NAMES = st.sampled_from(['django', 'Django', 'zope.interface', 'aldryn_sso', 'requests'])
SPECS = st.sampled_from(['', '>=4.2', '==1.0', ' >= 2, <3', '~=1.4', '===1.0', '!=1.1'])
EXTRAS = st.sampled_from(['', '[argon2]', '[a,B]'])
MARKERS = st.sampled_from(['', ' ; python_version >= "3.8"', ';sys_platform == "linux"'])
REQ_OPTIONS = st.sampled_from(['', f' --hash={HASH}', f' --hash {HASH} --hash={HASH}', ' --config-settings=k=v', ' -C k=v'])
OPTION_LINES = st.sampled_from([
    '-i https://example.com/simple', '--index-url=https://example.com/simple', "--index-url 'https://example.com/simple'",
    '--extra-index-url https://example.com/x', '--no-index', '-f ./wheels', '--find-links=./wheels', '--pre',
    '--prefer-binary', '--only-binary :all:', '--no-binary django', '--trusted-host example.com', '--require-hashes',
    '--index', '--extra-index https://e/x', '--trusted example.com', '--no-i', f'--hash={HASH}',
    '-i\thttps://example.com/simple', '--pre --prefer-binary', '--use-feature=fast-deps', '-f ./a ./b',
])
URLS = st.sampled_from([
    'https://example.com/pkg-1.0.tar.gz', 'https://example.com/a.zip#egg=a', 'https://example.com/x.zip ; python_version >= "3"',
    'https://example.com/Foo_Bar-1.0-py3-none-any.whl', './dist/Foo_Bar-1.0-py3-none-any.whl',
    'pkg @ https://example.com/pkg-1.0.tar.gz', 'git+https://example.com/r.git#egg=r',
])
PATHS = st.sampled_from(['-e .', '-e ./pkg', '-e .[ex1,ex2]', '-e ./pkg --config-settings=k=v', './pkg', './pkg[ex1]', '-e ./missing'])
BAD = st.sampled_from([
    'pkg==1.0 --unknown', '--hash=nohashname', 'django=1.0', '--frobnicate', '-r', 'pkg --hash=md5:x', '-e', 'a b',
])
COMMENTS = st.sampled_from(['', '# a comment', '   # indented', '#'])


@st.composite
def requirement_lines(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(['req', 'req', 'req', 'url', 'path', 'option', 'comment', 'include', 'bad']))
    if kind == 'req':
        name = draw(st.sampled_from([draw(NAMES), '${AP_NAME}', '${AP_NOT_SET}']))
        return name + draw(EXTRAS) + draw(SPECS) + draw(MARKERS) + draw(REQ_OPTIONS) + draw(st.sampled_from(['', ' -i https://e/simple', ' --pre']))
    if kind == 'url':
        return draw(URLS)
    if kind == 'path':
        return draw(PATHS)
    if kind == 'option':
        return draw(OPTION_LINES)
    if kind == 'include':
        return draw(st.sampled_from([
            '-r base.in', '-c constraints.txt', "-r 'base.in'", '--requirement=base.in', '-rbase.in', '-r\tbase.in',
            '--requirem base.in', '-r base.in other.in', '-c constraints.txt -r base.in', '-r ${AP_BASE}',
        ]))
    if kind == 'bad':
        return draw(BAD)
    return draw(COMMENTS)


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str]:
    def text() -> str:
        lines = draw(st.lists(requirement_lines(), max_size=6))
        tails = [draw(st.sampled_from(['', '  # why', ' \\'])) for _ in lines]
        return ''.join(f'{line}{tail}\n' for line, tail in zip(lines, tails, strict=True))

    files = {**PROJECT, 'requirements.in': text()}
    if draw(st.booleans()):
        files['base.in'] = '\n'.join(line for line in text().splitlines() if 'base' not in line and 'AP_BASE' not in line) + '\n'
    if draw(st.booleans()):
        names = draw(st.lists(NAMES, max_size=3))
        files['constraints.txt'] = ''.join(f'{n}==1.0\n' for n in names)
    return files


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(projects())
def test_generated_files_read_as_pip(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pip, we = both(Path(tmp), files)
        if we == REJECTED and pip != REJECTED and any(missing_archive(item) for item in pip):
            return  # KNOWN['missing wheel']: pip only warns
        if we == REJECTED and pip != REJECTED and requirement_and_editable(files) and differs_here('requirement and -e on one line'):
            return
        if we == REJECTED and pip != REJECTED and requirement_and_editable(files, url=True):
            return  # KNOWN['URL and -e on one line'], KNOWN['path and -e on one line']
        if pip == REJECTED and we != REJECTED and config_settings(files) and differs_here('short config settings'):
            return
    assert we == pip, files


def missing_archive(item: Item) -> bool:
    from pip._internal.utils.filetypes import is_archive_file
    from pip._internal.utils.urls import url_to_path

    link = item[1]
    return link is not None and link.startswith('file:') and is_archive_file(link) and not os.path.exists(url_to_path(link))


def config_settings(files: dict[str, str]) -> bool:
    """Whether a line passes per-requirement config settings (pip 23.1+)."""
    return any('--config-settings' in text or ' -C ' in text for text in files.values())


def requirement_and_editable(files: dict[str, str], url: bool = False) -> bool:
    """Whether a line holds a requirement (``url``: a URL or path) and ``-e``."""
    for path, text in files.items():
        for line in pip_syntax.logical_lines(text, path):
            try:
                args, opts = pip_syntax.parse_line(line)
            except BadInput:
                continue
            if args and '--editable' in opts and (not url or pip_syntax.is_url(args) or pip_syntax.looks_like_path(args)):
                return True
    return False
