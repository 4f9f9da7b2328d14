"""The rules on compiled output as pip-compile 7.6 and uv 0.13 write it
(issue 11): each case is compiled with the REAL ``pip-compile`` and the
REAL ``uv pip compile``, offline against a local wheel index; right after
the compile ``requirements-fresh`` says nothing, and after the case's
change it names the package.  Rules 6 and 7 (pure functions the lead
wires) are judged on real output too."""
from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import pytest
from packaging.version import Version

from hooks.compiled import Compiled
from hooks.readers import pinfile
from hooks.requirements_fresh import main
from hooks.rules.markers import applies
from hooks.rules.markers import excluded
from hooks.rules.markers import universal_applies
from hooks.rules.recorded import compiled_for
from hooks.rules.rule6_layers import layer_findings
from hooks.rules.rule7_hashes import hash_findings
from testing.project import commit_all
from testing.project import edit
from testing.project import git
from testing.project import init_repo
from testing.project import write
from testing.wheels import go_offline
from testing.wheels import installed
from testing.wheels import make_distribution
from testing.wheels import make_index

BIN = Path(sys.executable).parent
UV = shutil.which('uv', path=str(BIN)) or shutil.which('uv')

PACKAGES = {
    'django': [('4.2.7', ['asgiref>=3.6']), ('5.0.2', ['asgiref>=3.7'], {'Requires-Python': '>=3.10'})],
    'asgiref': ['3.7.2'],
    'setuptools': ['69.0.0'],
    'needs-setuptools': [('1.0', ['setuptools'])],
    'requests': [('2.31.0', ['urllib3', 'pysocks>=1.5.6; extra == "socks"'])],
    'urllib3': ['2.0.7'],
    'pysocks': ['1.7.1', '1.7.2'],
    'eventlet': ['0.33.0'],
    'contourpy': ['1.3.2', '1.3.3'],
    'pywin32': ['311'],
    'celery': [('5.0.0', ['pycurl; extra == "sqs"', 'redis; extra == "redis"'])],
    'pycurl': ['7.45.2'],
    'redis': ['5.0.1'],
}

# {wheels}: the index folder, as a file: URL path
PYSOCKS = 'file://{wheels}/pysocks-1.7.1-py3-none-any.whl'
PYSOCKS_2 = 'file://{wheels}/pysocks-1.7.2-py3-none-any.whl'


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    go_offline(monkeypatch, tmp_path / 'cache')
    return make_index(tmp_path, PACKAGES)


def compile_(tool: str, index: str, cwd: Path, *args: str, src: str = 'requirements.in', out: str = 'requirements.txt') -> str:
    """Run the real compiler in ``cwd``; return what it wrote."""
    if tool == 'pip-compile':
        argv = [str(BIN / 'pip-compile'), '-q', '--no-index', '--find-links', index, '--no-emit-find-links', *args, src, '-o', out]
    else:
        if UV is None:
            pytest.skip('uv not installed')
        argv = [UV, 'pip', 'compile', '-q', '--no-index', '--find-links', index, *args, src, '-o', out]
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return (cwd / out).read_text()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    assert 'Traceback' not in out + err
    return rc, out.splitlines()


def line_of(text: str, name: str, nth: int = 1) -> int:
    """The line number of the ``nth`` pin of ``name`` in compiled output."""
    seen = 0
    for n, line in enumerate(text.splitlines(), 1):
        head = line.split('==', 1)[0].split(' @ ', 1)[0].split('[', 1)[0].split(' ;', 1)[0].strip()
        if head == name or head in (f'-e {name}', name.rstrip('/')) or is_editable_url(head, name):
            seen += 1
            if seen == nth:
                return n
    raise AssertionError(f'{name} not in {text}')


def is_editable_url(head: str, name: str) -> bool:
    """pip-tools 7.7 pins ``-e ./libs/helpers`` as ``-e file:///<repo>/libs/helpers``."""
    return name.startswith('./') and head.startswith('-e file://') and head.endswith(name[1:])


# A case: files (requirements.in and others, {wheels} filled in), the
# compiler arguments per tool, the change (file, old, new), and the
# findings after it ({name} / {name#2}: the line of that pin); the fix line
# is not listed.
Case = namedtuple('Case', 'id tools files args change expected', defaults=((),))
BOTH = ('pip-compile', 'uv')

CASES = (
    # 1a: pip-compile lists setuptools, unpinned, in its unsafe footer
    Case(
        'setuptools under the unsafe footer', BOTH,
        {'requirements.in': 'setuptools\nneeds-setuptools\n'}, {},
        ('requirements.in', 'needs-setuptools\n', 'needs-setuptools>=2\n'),
        ['requirements.in:2: requirement needs-setuptools>=2 is pinned at 1.0 in requirements.txt:{needs-setuptools}, which does not satisfy it'],
    ),
    Case(
        'setuptools pinned by uv', ('uv',),
        {'requirements.in': 'setuptools\nneeds-setuptools\n'}, {},
        ('requirements.in', 'setuptools\n', 'setuptools>=70\n'),
        ['requirements.in:1: requirement setuptools>=70 is pinned at 69.0.0 in requirements.txt:{setuptools}, which does not satisfy it'],
    ),
    # 1b: path requirements named by the distribution their folder holds
    Case(
        '-e . and -e ./libs/helpers (acme-helpers)', BOTH,
        {'requirements.in': '-e .\n-e ./libs/helpers\n', '.': ('acme-root', ['urllib3']), 'libs/helpers': ('acme-helpers', ['pysocks'])}, {},
        ('requirements.in', '-e ./libs/helpers\n', ''),
        ['requirements.txt:{./libs/helpers}: acme-helpers is pinned, but nothing needs it any more (via -r requirements.in)'],
    ),
    Case(
        '-e . alone', BOTH,
        {'requirements.in': '-e .\n', '.': ('acme-root', ['urllib3'])}, {},
        ('requirements.in', '-e .\n', '-e .\nrequests\n'),
        ['requirements.in:2: requirement requests is not pinned in requirements.txt'],
    ),
    Case(
        './libs/helpers, its name in setup.cfg', BOTH,
        {'requirements.in': 'urllib3\n./libs/helpers\n', 'libs/helpers': ('acme-helpers', [], 'setup.cfg')}, {},
        ('requirements.in', './libs/helpers\n', ''),
        ['requirements.txt:{LIBS}: acme-helpers is pinned, but nothing needs it any more (via -r requirements.in)'],
    ),
    Case(
        '-e ./libs/helpers, its name only in setup.py', BOTH,
        {'requirements.in': '-e ./libs/helpers\n', 'libs/helpers': ('acme-helpers', ['pysocks'], 'setup.py')}, {},
        ('requirements.in', '-e ./libs/helpers\n', 'urllib3\n'),
        [
            'requirements.in:1: requirement urllib3 is not pinned in requirements.txt',
            'requirements.txt:{./libs/helpers}: helpers is pinned, but nothing needs it any more (via -r requirements.in)',
        ],
    ),
    # 1c (issue 18, item 12): a local package's own dependencies are inputs
    Case(
        'a dependency added to a local package (pyproject.toml)', BOTH,
        {'requirements.in': '-e ./libs/helpers\n', 'libs/helpers': ('acme-helpers', ['pysocks'])}, {},
        ('libs/helpers/pyproject.toml', '"pysocks"', '"pysocks", "urllib3"'),
        ['libs/helpers/pyproject.toml:9: requirement urllib3 is not pinned in requirements.txt'],
    ),
    Case(
        'a dependency added to a local package (setup.cfg)', BOTH,
        {'requirements.in': 'django\n./libs/helpers\n', 'libs/helpers': ('acme-helpers', ['pysocks'], 'setup.cfg')}, {},
        ('libs/helpers/setup.cfg', 'version = 1.0\n', 'version = 1.0\n\n[options]\ninstall_requires =\n    pysocks\n    urllib3\n'),
        ['libs/helpers/setup.cfg:8: requirement urllib3 is not pinned in requirements.txt'],
    ),
    Case(
        'an extra of a local package', BOTH,
        {'requirements.in': '-e ./libs/helpers\n', 'libs/helpers': ('acme-helpers', ['pysocks'])}, {},
        ('libs/helpers/pyproject.toml', '\ndependencies', '\noptional-dependencies = {web = ["django"]}\ndependencies'), [],
    ),
    # 2a: uv --universal pins django twice, under exclusive markers
    Case(
        'uv --universal: every pin of django is judged', ('uv',),
        {'requirements.in': 'django\n'}, {'uv': ('--universal', '--python-version', '3.9')},
        ('requirements.in', 'django\n', 'django>=5\n'),
        ['requirements.in:1: requirement django>=5 is pinned at 4.2.7 in requirements.txt:{django}, which does not satisfy it'],
    ),
    Case(
        'uv --universal: requirements under exclusive markers', ('uv',),
        {'requirements.in': 'django>=5 ; python_version >= "3.10"\ndjango<5 ; python_version < "3.10"\n'},
        {'uv': ('--universal', '--python-version', '3.9')},
        ('requirements.in', 'django>=5 ;', 'django>=5.1 ;'),
        ['requirements.in:1: requirement django>=5.1 is pinned at 5.0.2 in requirements.txt:{django#2}, which does not satisfy it'],
    ),
    # 2b: a constraint tightened past a pin
    Case(
        'constraint tightened past the pin', BOTH,
        {'requirements.in': 'django\n-c constraints.txt\n', 'constraints.txt': 'django>=4\n'}, {},
        ('constraints.txt', 'django>=4', 'django<5'),
        ['requirements.txt:{django}: django 5.0.2 does not satisfy the constraint django<5 of constraints.txt:1'],
    ),
    # 2c: a new extra, where the output records extras ...
    Case(
        'new extra, output keeps extras', BOTH,
        {'requirements.in': 'requests\n'}, {'pip-compile': ('--no-strip-extras',), 'uv': ('--no-strip-extras',)},
        ('requirements.in', 'requests\n', 'requests[socks]\n'),
        ['requirements.in:1: requirement requests[socks] is pinned without the extra socks in requirements.txt:{requests}'],
    ),
    # ... and where it strips them: nothing to go by (README says so)
    Case(
        'new extra, output strips extras', BOTH,
        {'requirements.in': 'requests\n'}, {'pip-compile': ('--strip-extras',)},
        ('requirements.in', 'requests\n', 'requests[socks]\n'), [],
    ),
    # 2c' (issue 18, item 10): output without a header (pip-reqs, --no-header)
    # records extras only for the packages it writes them on
    Case(
        'header-less output, a new extra on a package pinned bare', ('pip-compile',),
        {'requirements.in': 'requests[socks]\ncelery\npycurl\n'}, {'pip-compile': ('--no-header', '--no-strip-extras')},
        ('requirements.in', 'celery\n', 'celery[sqs]\n'), [],
    ),
    Case(
        'header-less output, a new extra on a package pinned with extras', ('pip-compile',),
        {'requirements.in': 'celery[sqs]\nrequests\n'}, {'pip-compile': ('--no-header', '--no-strip-extras')},
        ('requirements.in', 'celery[sqs]', 'celery[sqs,redis]'),
        ['requirements.in:1: requirement celery[redis,sqs] is pinned without the extra redis in requirements.txt:{celery}'],
    ),
    # 2d: markers judged for the Python the header records
    Case(
        'marker now true for the recorded Python', BOTH,
        {'requirements.in': 'django\nurllib3 ; python_version < "3.10"\n'}, {'uv': ('--python-version', '3.11')},
        ('requirements.in', 'python_version < "3.10"', 'python_version >= "3.10"'),
        ['requirements.in:2: requirement urllib3 is not pinned in requirements.txt'],
    ),
    Case(
        'marker now false for the recorded Python is not judged', BOTH,
        {'requirements.in': 'django\nurllib3 ; python_full_version >= "3.10"\n'}, {'uv': ('--python', '3.11')},
        ('requirements.in', 'urllib3 ; python_full_version >= "3.10"', 'urllib3<2 ; python_full_version < "3.10"'),
        [],
    ),
    Case(
        'marker true for the recorded Python is judged', BOTH,
        {'requirements.in': 'django ; python_version >= "3.10"\n'}, {'uv': ('-p', '3.11')},
        ('requirements.in', 'django ;', 'django<5 ;'),
        ['requirements.in:1: requirement django<5 is pinned at 5.0.2 in requirements.txt:{django}, which does not satisfy it'],
    ),
    # 2e (issue 18, item 9): uv without --python-version records no Python;
    # it pins the branch of the Python it ran on: the other is not judged
    Case(
        'exclusive requirements, no recorded Python', ('uv',),
        {'requirements.in': 'contourpy==1.3.2 ; python_version < "3.11"\ncontourpy==1.3.3 ; python_version >= "3.11"\n'}, {},
        ('requirements.in', '>= "3.11"\n', '>= "3.11"\nurllib3\n'),
        ['requirements.in:3: requirement urllib3 is not pinned in requirements.txt'],
    ),
    # ... and uv --universal pins every platform's packages, under markers
    Case(
        'uv --universal: a new requirement for Windows', ('uv',),
        {'requirements.in': 'django\n'}, {'uv': ('--universal',)},
        ('requirements.in', 'django\n', 'django\npywin32 ; sys_platform == "win32"\n'),
        ['requirements.in:2: requirement pywin32 is not pinned in requirements.txt'],
    ),
    Case(
        'uv --universal: a requirement for Pythons before its floor', ('uv',),
        {'requirements.in': 'django\n'}, {'uv': ('--universal', '--python-version', '3.10')},
        ('requirements.in', 'django\n', 'django\npywin32 ; python_version < "3.9"\n'), [],
    ),
    # 3: URL requirements need their URL in the pin
    Case(
        'URL moved to another archive', BOTH,
        {'requirements.in': f'pysocks @ {PYSOCKS}\n'}, {},
        ('requirements.in', 'pysocks-1.7.1', 'pysocks-1.7.2'),
        [f'requirements.in:1: requirement pysocks is pinned at {PYSOCKS} in requirements.txt:{{pysocks}}, not at {PYSOCKS_2}'],
    ),
    Case(
        'URL with #egg= moved, the pin keeps the old URL', ('pip-compile',),  # uv refuses #egg= on a file: URL
        {'requirements.in': f'{PYSOCKS}#egg=pysocks==1.7.1\n'}, {},
        ('requirements.in', 'pysocks-1.7.1-py3-none-any.whl#egg=pysocks==1.7.1', 'pysocks-1.7.2-py3-none-any.whl#egg=pysocks==1.7.2'),
        [f'requirements.in:1: requirement pysocks is pinned at {PYSOCKS} in requirements.txt:{{pysocks}}, not at {PYSOCKS_2}#egg=pysocks==1.7.2'],
    ),
    Case(
        'a PyPI pin for a requirement that became a URL', BOTH,
        {'requirements.in': 'pysocks==1.7.1\n'}, {},
        ('requirements.in', 'pysocks==1.7.1', f'pysocks @ {PYSOCKS}'),
        [f'requirements.in:1: requirement pysocks is pinned at 1.7.1 in requirements.txt:{{pysocks}}, not at {PYSOCKS}'],
    ),
)

# 3b: requirements by VCS URL, matched by URL and ref as the compilers pin
# them (issue 18, item 8); {vcs} is a folder of git repositories of the
# test's own (gunicorn, tag 20.1.0; project, branches release/build and
# release/next).  pip-compile writes git+file:///x as git+file:/x.
VCS_CASES = (
    Case(
        '#egg=name[extra] on a VCS URL', ('uv',),  # pip 26 refuses extras in #egg=
        {'requirements.in': 'git+file://{vcs}/gunicorn@20.1.0#egg=gunicorn[eventlet]\n'}, {},
        ('requirements.in', '\n', '\nurllib3\n'),
        ['requirements.in:2: requirement urllib3 is not pinned in requirements.txt'],
    ),
    Case(
        '#egg=name[extra]==version on a VCS URL', ('pip-compile',),
        {'requirements.in': 'git+file://{vcs}/gunicorn@20.1.0#egg=gunicorn[eventlet]==20.1.0\n'}, {},
        ('requirements.in', '\n', '\nurllib3\n'),
        ['requirements.in:2: requirement urllib3 is not pinned in requirements.txt'],
    ),
    Case(
        'a VCS URL without a name, its repository changed', BOTH,
        {'requirements.in': 'git+file://{vcs}/project@release/build\n'}, {},
        ('requirements.in', '/project@', '/other@'),
        [
            'requirements.in:1: requirement git+file://{vcs}/other@release/build is not pinned in requirements.txt',
            'requirements.txt:{acme-project}: acme-project is pinned, but nothing needs it any more (via -r requirements.in)',
        ],
    ),
    Case(
        'a VCS URL without a name, its ref changed', ('pip-compile',),  # uv pins the commit: a branch moved is not seen offline
        {'requirements.in': 'git+file://{vcs}/project@release/build\n'}, {},
        ('requirements.in', '@release/build', '@release/next'),
        ['requirements.in:1: requirement acme-project is pinned at git+file:{vcs}/project@release/build in requirements.txt:{acme-project}, not at git+file://{vcs}/project@release/next'],
    ),
)


@pytest.fixture
def vcs(tmp_path: Path) -> str:
    """Two git repositories of Python projects, for VCS URL requirements."""
    root = tmp_path / 'vcs'
    for folder, dist, requires in (('gunicorn', 'gunicorn', ["eventlet; extra == 'eventlet'"]), ('project', 'acme-project', ['urllib3'])):
        make_distribution(root / folder, dist, requires=requires)
        init_repo(root / folder)
        commit_all(root / folder)
        git(root / folder, 'tag', '20.1.0')
        git(root / folder, 'branch', 'release/build')
        git(root / folder, 'branch', 'release/next')
    return str(root)


# pip 26 refuses ``#egg=NAME==VERSION`` (InvalidEggFragment): pip-compile on
# it cannot write that case's file; pip-tools 7.0 on pip 22.2 (the oldest
# end CI runs) still does.
PIP = Version(importlib.metadata.version('pip'))
EGG_WITH_VERSION = pytest.mark.skipif(PIP >= Version('26'), reason=f'pip {PIP} refuses #egg=NAME==VERSION; pip before 26 compiles it')


NO_STRIP_EXTRAS = pytest.mark.skipif(installed('pip-tools') < (7, 3), reason='pip-tools before 7.3 has no --no-strip-extras')


def marks(case: Case, tool: str) -> tuple[pytest.MarkDecorator, ...]:
    if tool != 'pip-compile':
        return ()
    if '#egg=' in case.id:
        return (EGG_WITH_VERSION,)
    if '--no-strip-extras' in case.args.get(tool, ()):
        return (NO_STRIP_EXTRAS,)
    return ()


PARAMS = [
    pytest.param(case, tool, id=f'{case.id} [{tool}]', marks=marks(case, tool))
    for case in CASES for tool in case.tools
]


VCS_PARAMS = [
    pytest.param(case, tool, id=f'{case.id} [{tool}]', marks=marks(case, tool))
    for case in VCS_CASES for tool in case.tools
]


def build(root: Path, files: dict[str, object], wheels: str) -> None:
    for name, content in files.items():
        if isinstance(content, tuple):
            dist, requires, *metadata = content
            make_distribution(root / name, dist, requires=requires, metadata=metadata[0] if metadata else 'pyproject')
        else:
            write(root / name, str(content).replace('{wheels}', wheels))


def expand(lines: list[str], text: str, wheels: str) -> list[str]:
    out = []
    for line in lines:
        line = line.replace('{wheels}', wheels)
        while '{' in line:
            start = line.index('{')
            end = line.index('}', start)
            key = line[start + 1:end]
            name, _, nth = key.partition('#')
            if name == 'LIBS':  # pip-compile: acme-helpers @ file:///...; uv: ./libs/helpers
                n = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith(('acme-helpers @', './libs/helpers')))
            else:
                n = line_of(text, name, int(nth or 1))
            line = f'{line[:start]}{n}{line[end + 1:]}'
        out.append(line)
    return out


def recorded_command(text: str) -> str:
    """The command the compiler recorded in its header (the fix line
    replays it)."""
    return next(
        line[1:].strip() for line in text.splitlines()
        if line[1:].strip().startswith(('pip-compile ', 'uv pip compile '))
    )


@pytest.mark.parametrize(('case', 'tool'), PARAMS)
def test_fresh_after_the_real_compile_stale_after_the_change(repo: Path, index: str, capsys: pytest.CaptureFixture[str], case: Case, tool: str) -> None:
    build(repo, case.files, index)
    text = compile_(tool, index, repo, *case.args.get(tool, ()))
    assert run(capsys) == (0, []), text
    file, old, new = case.change
    edit(repo / file, old.replace('{wheels}', index), new.replace('{wheels}', index))
    expected = expand(case.expected, text, index)
    if not expected:
        assert run(capsys) == (0, []), text
        return
    rc, out = run(capsys)
    assert (rc, out[:-2]) == (1, expected), text
    if '--no-header' not in case.args.get(tool, ()):
        assert out[-2:] == [f'  fix: {recorded_command(text)}', '   or: requirements-compile --project .']
    else:
        assert out[-2].startswith('  fix: '), out


@pytest.mark.parametrize(('case', 'tool'), VCS_PARAMS)
def test_vcs_urls_matched_by_url_and_ref(
        repo: Path, index: str, vcs: str, capsys: pytest.CaptureFixture[str], case: Case, tool: str,
) -> None:
    build(repo, {k: v.replace('{vcs}', vcs) for k, v in case.files.items()}, index)
    text = compile_(tool, index, repo, *case.args.get(tool, ()))
    assert run(capsys) == (0, []), text
    file, old, new = case.change
    edit(repo / file, old, new)
    fix = [f'  fix: {recorded_command(text)}', '   or: requirements-compile --project .']
    expected = expand([line.replace('{vcs}', vcs) for line in case.expected], text, index)
    assert run(capsys) == ((1, [*expected, *fix]) if expected else (0, [])), text


def test_header_python_of_real_output(repo: Path, index: str) -> None:
    write(repo / 'requirements.in', 'django\n')
    def python(text: str) -> str | None:
        return compiled_for(Compiled('requirements.txt', []), text, 'requirements.txt')[0]

    assert python(compile_('pip-compile', index, repo)) == f'{sys.version_info[0]}.{sys.version_info[1]}'
    assert python(compile_('uv', index, repo, '--python-version', '3.11')) == '3.11'
    assert python(compile_('uv', index, repo, '--universal', '--python-version', '3.9')) is None
    assert python(compile_('uv', index, repo)) is None


# rule 7: --generate-hashes recorded, a pin without --hash
@pytest.mark.parametrize('tool', BOTH)
def test_rule7_a_pin_without_hash(repo: Path, index: str, tool: str) -> None:
    write(repo / 'requirements.in', 'django\n-e ./libs/helpers\n')
    make_distribution(repo / 'libs/helpers', 'acme-helpers')
    text = compile_(tool, index, repo, '--generate-hashes')
    assert compiled_for(Compiled('requirements.txt', []), text, 'requirements.txt')[2]
    pins = pinfile.read_pins(text, 'requirements.txt')
    assert hash_findings(pins, 'requirements.txt', True) == []  # the editable line has none, and needs none
    # a pin added by hand, without its hash
    text = text.replace('django==5.0.2', 'django==5.0.1 \\\n    --hash=sha256:00\n    # via x\nasgiref==3.7.1\n    # via django\nextra==1.0\n    # via x\nzzz==5.0.2', 1)
    pins = pinfile.read_pins(text, 'requirements.txt')
    found = hash_findings(pins, 'requirements.txt', True)
    assert [str(f) for f in found] == [
        f'requirements.txt:{line_of(text, "asgiref", 2)}: asgiref 3.7.1 has no --hash, but requirements.txt is compiled with --generate-hashes',
        f'requirements.txt:{line_of(text, "extra")}: extra 1.0 has no --hash, but requirements.txt is compiled with --generate-hashes',
    ]
    assert {f.rule for f in found} == {7}


def test_rule7_without_generate_hashes_is_not_judged(repo: Path, index: str) -> None:
    write(repo / 'requirements.in', 'django\n')
    text = compile_('pip-compile', index, repo)
    assert not compiled_for(Compiled('requirements.txt', []), text, 'requirements.txt')[2]
    assert hash_findings(pinfile.read_pins(text, 'requirements.txt'), 'requirements.txt') == []


# rule 6: layers (-c base.txt) pinned at the same versions
@pytest.mark.parametrize('tool', BOTH)
def test_rule6_layers(repo: Path, index: str, tool: str) -> None:
    write(repo / 'requirements/base.in', 'django<5\n')
    write(repo / 'requirements/dev.in', '-c base.txt\ndjango\nrequests\n')
    base = compile_(tool, index, repo / 'requirements', src='base.in', out='base.txt')
    dev = compile_(tool, index, repo / 'requirements', src='dev.in', out='dev.txt')

    def layers(base: str) -> list[str]:
        found = layer_findings(
            'requirements/dev.txt', pinfile.read_pins(dev, 'requirements/dev.txt'),
            'requirements/base.txt', pinfile.read_pins(base, 'requirements/base.txt'),
            'requirements/dev.in:1',
        )
        assert {f.rule for f in found} <= {6}
        return [str(f) for f in found]

    assert layers(base) == []
    # base.txt recompiled since without django's upper bound; dev.txt not
    write(repo / 'requirements/base.in', 'django\n')
    base = compile_(tool, index, repo / 'requirements', '--upgrade', src='base.in', out='base.txt')
    assert layers(base) == [
        f'requirements/dev.txt:{line_of(dev, "django")}: django 4.2.7 is pinned at 5.0.2 in requirements/base.txt:{line_of(base, "django")} (requirements/dev.in:1 constrains with it)',
    ]


# issue 18, item 5: a layer that pins extras (pip-compile before 7 kept
# them; --no-strip-extras today) is a compiled output, not a constraint
# file of the user's: pip-compile and uv compile with it, and so is it read
@pytest.mark.parametrize('tool', [pytest.param('pip-compile', marks=NO_STRIP_EXTRAS), 'uv'])
def test_a_layer_that_pins_extras(repo: Path, index: str, capsys: pytest.CaptureFixture[str], tool: str) -> None:
    write(repo / 'requirements/base.in', 'requests[socks]\n')
    write(repo / 'requirements/dev.in', '-c base.txt\nrequests\ndjango\n')
    base = compile_(tool, index, repo / 'requirements', '--no-strip-extras', src='base.in', out='base.txt')
    assert 'requests[socks]==2.31.0' in base
    dev = compile_(tool, index, repo / 'requirements', src='dev.in', out='dev.txt')
    assert run(capsys) == (0, []), dev
    edit(repo / 'requirements/dev.in', 'django', 'django<5')
    rc, out = run(capsys)
    assert (rc, out[:-2]) == (1, [
        f'requirements/dev.in:3: requirement django<5 is pinned at 5.0.2 in requirements/dev.txt:{line_of(dev, "django")}, which does not satisfy it',
    ])
    assert out[-2].startswith('  fix: cd requirements && ') and out[-1] == '   or: requirements-compile requirements/dev.txt'


# issue 18, item 12: the fingerprint covers a local package's own
# dependencies (pyproject.toml, setup.cfg, setup.py digested whole)
@pytest.mark.parametrize(('metadata', 'file', 'old', 'new'), [
    pytest.param('pyproject', 'pyproject.toml', '"pysocks"', '"pysocks", "urllib3"', id='pyproject.toml'),
    pytest.param('setup.cfg', 'setup.cfg', 'version = 1.0\n', 'version = 1.0\n[options]\ninstall_requires = urllib3\n', id='setup.cfg'),
    pytest.param('setup.py', 'setup.py', 'version=', 'install_requires=["urllib3"], version=', id='setup.py'),
])
def test_the_fingerprint_covers_a_local_package(
        repo: Path, index: str, capsys: pytest.CaptureFixture[str], metadata: str, file: str, old: str, new: str,
) -> None:
    from hooks import fingerprint
    from hooks.rules import rule5_fingerprint
    from hooks.snapshot import Snapshot

    write(repo / 'requirements.in', 'django\n-e ./libs/helpers\n')
    make_distribution(repo / 'libs/helpers', 'acme-helpers', requires=['pysocks'], metadata=metadata)
    text = compile_('pip-compile', index, repo)
    with Snapshot(str(repo)) as snap:
        inputs = fingerprint.inputs(snap, Compiled('requirements.txt', ['requirements.in']))
    (repo / 'requirements.txt').write_text(rule5_fingerprint.stamp(text, inputs, fingerprint.options_digest(['pip-compile'])))
    assert run(capsys) == (0, [])
    edit(repo / 'libs/helpers' / file, old, new)
    rc, out = run(capsys)
    assert (rc, out[0]) == (1, f'requirements.txt:1: libs/helpers/{file} changed since requirements.txt was compiled'), out


# issue 18, item 6: a command run in a subfolder (docs/) is judged against
# the inputs there, as its -o path says, not against the root's files of
# the same name
@pytest.mark.parametrize('tool', BOTH)
def test_a_command_run_in_a_subfolder(repo: Path, index: str, capsys: pytest.CaptureFixture[str], tool: str) -> None:
    write(repo / 'requirements/default.in', 'requests\n')
    compile_(tool, index, repo, src='requirements/default.in', out='requirements/default.txt')
    write(repo / 'docs/requirements/default.in', 'django\n')
    docs = compile_(tool, index, repo / 'docs', src='requirements/default.in', out='requirements/default.txt')
    assert run(capsys) == (0, []), docs
    edit(repo / 'docs/requirements/default.in', 'django\n', 'django\nurllib3\n')
    rc, out = run(capsys)
    assert (rc, out[:-2]) == (1, ['docs/requirements/default.in:2: requirement urllib3 is not pinned in docs/requirements/default.txt'])
    assert out[-2:] == [f'  fix: cd docs && {recorded_command(docs)}', '   or: requirements-compile docs/requirements/default.txt']


# markers, directly: what the recorded environment decides
APPLIES = (
    pytest.param('python_version < "3.10"', '3.11', False, False, id='python_version'),
    pytest.param('python_full_version >= "3.11.4"', '3.11', False, None, id='full version, micro unknown'),
    pytest.param('python_full_version >= "3.11.4"', '3.11.7', False, True, id='full version known'),
    pytest.param('python_full_version >= "3.10"', '3.11', False, True, id='full version decided by minor'),
    pytest.param('sys_platform == "win32"', '3.11', False, None, id='platform outside Divio'),
    pytest.param('sys_platform == "win32"', '3.11', True, False, id='platform in Divio (Linux)'),
    pytest.param('platform_system == "Linux" and python_version >= "3"', '3.11', True, True, id='Linux and Python'),
    pytest.param('os_name == "nt"', None, True, None, id='no recorded Python'),
    pytest.param('implementation_name == "pypy"', '3.11', True, None, id='other variable'),
    pytest.param('extra == "x"', '3.11', True, None, id='extra'),
)


@pytest.mark.parametrize(('marker', 'python', 'linux', 'expected'), APPLIES)
def test_markers_evaluated_for_the_recorded_environment(marker: str, python: str | None, linux: bool, expected: bool | None) -> None:
    assert applies(marker, python, linux) is expected


UNIVERSAL = (
    pytest.param('sys_platform == "win32"', None, True, id='another platform'),
    pytest.param('python_version < "3.9"', '3.10', False, id='before the floor'),
    pytest.param('python_version < "3.9"', None, True, id='no floor'),
    pytest.param('platform_machine == "arm64" and implementation_name == "pypy"', '3.10', True, id='machine and implementation'),
    pytest.param('sys_platform == "win32" and os_name == "posix"', None, False, id='holds nowhere'),
    pytest.param('extra == "x"', None, None, id='extra'),
)


@pytest.mark.parametrize(('marker', 'floor', 'expected'), UNIVERSAL)
def test_markers_under_universal(marker: str, floor: str | None, expected: bool | None) -> None:
    assert universal_applies(marker, floor) is expected


EXCLUSIVE = (
    pytest.param("python_full_version < '3.10'", 'python_version >= "3.10"', True, id='exclusive'),
    pytest.param("python_full_version < '3.10'", 'python_version >= "3.9"', False, id='overlap'),
    pytest.param("python_full_version >= '3.10.2'", 'python_full_version < "3.10.2"', True, id='micro boundary'),
    pytest.param("python_full_version >= '3.10.2'", 'python_full_version <= "3.10.2"', False, id='micro boundary touching'),
    pytest.param("sys_platform == 'win32'", 'sys_platform != "win32"', False, id='not only Python: not shown, judged'),
)


@pytest.mark.parametrize(('pin', 'req', 'expected'), EXCLUSIVE)
def test_pin_skipped_only_when_its_marker_excludes_the_requirement(pin: str, req: str, expected: bool) -> None:
    assert excluded(pin, req, None, False) is expected


# bad requirements.txt: requirements-compile says so, rewrites nothing and
# starts no compiler (a compile would throw the evidence away)
BAD_TXT = (
    pytest.param('django==5.0.2\n--frobnicate\n', 'requirements.txt:2: unknown option: --frobnicate', id='unknown option'),
    pytest.param('django==\n', "requirements.txt:1: invalid pin: 'django=='", id='malformed pin'),
)


@pytest.mark.parametrize(('text', 'message'), BAD_TXT)
def test_bad_requirements_txt_is_not_recompiled(repo: Path, index: str, capsys: pytest.CaptureFixture[str], text: str, message: str) -> None:
    from hooks import requirements_compile

    write(repo / 'requirements.in', 'django\n')
    write(repo / 'requirements.txt', text)
    before = sorted(p.name for p in repo.iterdir()), (repo / 'requirements.txt').read_bytes()
    assert requirements_compile.main(['--', '--no-index', '--find-links', index]) == 2
    assert capsys.readouterr().out.splitlines() == [message]
    assert (sorted(p.name for p in repo.iterdir()), (repo / 'requirements.txt').read_bytes()) == before
    assert run(capsys) == (2, [message])


def test_describe_changes_of_universal_output(repo: Path, index: str) -> None:
    from hooks.compile.changes import describe_changes

    write(repo / 'requirements.in', 'django\nsetuptools\n')
    old = compile_('uv', index, repo, '--universal', '--python-version', '3.9').encode()
    if b'django==5.0.2' in old and b'django==4.2.7' in old:  # uv forks by Python (django 5 requires >=3.10)
        new = old.replace(b'django==5.0.2', b'django==5.0.3')
        assert describe_changes(old, new, 'requirements.txt') == ['changed django 4.2.7, 5.0.2 -> 4.2.7, 5.0.3']
    else:  # uv before 0.13 (the oldest CI runs) pins the one django Python 3.9 can have
        new = old.replace(b'django==4.2.7', b'django==4.2.8')
        assert describe_changes(old, new, 'requirements.txt') == ['upgraded django 4.2.7 -> 4.2.8']
    unsafe = compile_('pip-compile', index, repo).encode()
    assert 'added setuptools (unsafe)' in describe_changes(None, unsafe, 'requirements.txt')


# the fields of a pin, as the compilers write them
PIN_FIELDS = (
    pytest.param("django==4.2.7 ; python_full_version < '3.10'\n", {'version': '4.2.7', 'marker': "python_full_version < '3.10'"}, id='marker'),
    pytest.param('django==5.0.2 \\\n    --hash=sha256:aa\n    # via -r u.in\n', {'hashes': True, 'via': ('-r u.in',)}, id='hash on a continuation'),
    pytest.param('Requests[SOCKS,security]==2.31.0\n', {'name': 'requests', 'extras': ('security', 'socks')}, id='extras'),
    pytest.param('pysocks @ file:///w/pysocks-1.7.1-py3-none-any.whl#egg=pysocks==1.7.1 \\\n    --hash=sha256:73\n', {'version': '1.7.1', 'url': 'file:///w/pysocks-1.7.1-py3-none-any.whl#egg=pysocks==1.7.1', 'hashes': True}, id='URL pin'),
    pytest.param('-e ./libs/helpers\n    # via -r requirements.in\n', {'name': 'helpers', 'editable': True, 'url': './libs/helpers', 'version': None}, id='editable path'),
    pytest.param('x @ file:///a/x ; sys_platform == "linux"\n', {'url': 'file:///a/x', 'marker': 'sys_platform == "linux"'}, id='URL pin with a marker'),
    pytest.param('django==4.2.*\n', {'version': '4.2.*', 'exact': False}, id='wildcard is no pin'),
    pytest.param('# The following packages are considered to be unsafe in a requirements file:\n# setuptools\n', {'name': 'setuptools', 'version': None, 'unsafe': True, 'line': 2}, id='unsafe footer'),
)


@pytest.mark.parametrize(('text', 'fields'), PIN_FIELDS)
def test_pin_fields(text: str, fields: dict[str, object]) -> None:
    (pin,) = pinfile.read_pins(text, 'requirements.txt').values()
    assert {k: getattr(pin, k) for k in fields} == fields


def test_pins_of_one_name_under_exclusive_markers() -> None:
    text = "django==4.2.7 ; python_full_version < '3.10'\n    # via -r u.in\ndjango==5.0.2 ; python_full_version >= '3.10'\n    # via x\n"
    pins = pinfile.read_pins(text, 'requirements.txt')
    assert list(pins) == ['django']
    assert [(p.version, p.line, p.via) for p in pinfile.all_pins(pins['django'])] == [('4.2.7', 1, ('-r u.in',)), ('5.0.2', 3, ('x',))]


PATH_PARAMS = [p for p in PARAMS if any(isinstance(v, tuple) for v in p.values[0].files.values())]


@pytest.mark.parametrize(('case', 'tool'), PATH_PARAMS)
def test_path_pins_checked_in_another_clone(
        repo: Path, index: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], case: Case, tool: str,
) -> None:
    """pip-tools 7.7 on pip 26 pins ``-e ./libs/helpers`` at its absolute
    path (``-e file:///<repo>/libs/helpers``): the lock is checked in another
    clone (CI, a colleague's), under another folder name."""
    build(repo, case.files, index)
    text = compile_(tool, index, repo, *case.args.get(tool, ()))
    clone = tmp_path / 'elsewhere' / 'another-name'
    shutil.copytree(repo, clone, symlinks=True)
    monkeypatch.chdir(clone)
    assert run(capsys) == (0, []), text
    file, old, new = case.change
    edit(clone / file, old.replace('{wheels}', index), new.replace('{wheels}', index))
    fix = [f'  fix: {recorded_command(text)}', '   or: requirements-compile --project .']
    expected = expand(case.expected, text, index)
    assert run(capsys) == ((1, [*expected, *fix]) if expected else (0, [])), text
