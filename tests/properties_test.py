"""Properties (hypothesis) that the example tests do not hold (issue 6):

* the Dockerfile reader on any text and any bytes gives a result or
  BadInput, never another exception;
* reading a Dockerfile, and judging and fixing it, does not depend on LF or
  CRLF line endings;
* ``--fix`` output read again holds the same instructions, but for the
  compile step it took out (or put back), and a second ``--fix`` has
  nothing left to do;
* ``requirements-fresh`` (and ``dockerfile-requirements``) ``main()`` on
  generated projects returns 0, 1 or 2 with ``path:line: message`` lines,
  never raises, and changes no file.

Each test sets its own example count; the sizes keep this file near 15 s.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile

from hypothesis import event
from hypothesis import example
from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st

from hooks import dockerfile_requirements
from hooks import requirements_fresh
from hooks.dockerfile.check import check_file
from hooks.dockerfile.reader import parse
from hooks.dockerfile.shell import commands
from hooks.report import BadInput
from hooks.report import decode
from hooks.report import located
from testing.corpus import tree

LOCATED = re.compile(r'^[^\s:][^:]*:\d+: ')

# Dockerfile-ish text: the characters the parser cares about, and words
PIECES = st.sampled_from(
    list('abRUNFROM #\\`<>"\'$()&;|=-[],\t\n\x0c\r')
    + ['pip-reqs compile', 'pip-reqs resolve', '<<EOF', '<<-A', '\nEOF\n', '\n\tA\n', '# escape=`\n',
       '# escape=\\\n', '\\\n', '`\n', 'RUN ', '\nRUN ', 'COPY requirements.txt /', '# <PYTHON>\n', '# </PYTHON>\n',
       'sh -c ', '\ufeff', '\x00', '€', '\U0001f600'],
)
DOCKERISH = st.lists(PIECES, max_size=50).map(''.join)


def shape(text: str) -> object:
    """What a reader makes of a Dockerfile: the instructions, comments and
    escape, or the BadInput."""
    try:
        df = parse(text, 'Dockerfile')
    except BadInput as e:
        return ('bad', e.line, e.message)
    return (
        df.escape,
        [(i.keyword, i.line, i.end_line, i.text, [(h.name, h.line) for h in i.heredocs]) for i in df.instructions],
        [(c.line, c.text.rstrip('\r')) for c in df.comments],
    )


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(max_size=200), DOCKERISH))
@example(' \\\n    x')  # hit an assert: the escape alone on a line, then an indented line
@example('\rRUN x\n\x0c\n')  # other white space before the keyword / alone on a line
def test_dockerfile_reader_any_text(text: str) -> None:
    try:
        df = parse(text, 'Dockerfile')
    except BadInput as e:
        assert e.path == 'Dockerfile' and 1 <= e.line <= text.count('\n') + 1
        return
    for inst in df.instructions:
        assert 0 <= inst.start < inst.end <= len(text)
        assert inst.keyword and not inst.keyword[0].isspace()


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.binary(max_size=200), DOCKERISH.map(lambda s: s.encode('utf-8'))), st.booleans(), st.booleans())
def test_dockerfile_check_any_bytes(data: bytes, txt: bool, fix: bool) -> None:
    """The whole check (decode, parse, rules, --fix edits) on any bytes."""
    try:
        checked = check_file(data, 'Dockerfile', 'requirements.txt', None if txt else 'does not exist', fix, False)
    except BadInput as e:
        assert str(e).startswith('Dockerfile:')
        return
    for found in checked.findings + checked.unfixed + checked.fixed:
        line = located(found.path, found.line, found.message)
        assert LOCATED.match(line), line
    if checked.new is not None:
        assert fix
        decode(checked.new, 'Dockerfile')  # still text


@settings(max_examples=1000, deadline=None)
@given(DOCKERISH.map(lambda s: s.replace('\r', '')))
def test_dockerfile_reading_is_independent_of_line_endings(text: str) -> None:
    assert shape(text) == shape(text.replace('\n', '\r\n'))


# Dockerfiles with compile steps in the forms users write, for --fix
LINES = st.sampled_from([
    'FROM x', 'FROM x AS build', 'FROM build', 'COPY . /app', '', '# a comment', '# <PYTHON>', '# </PYTHON>',
    '# <DOCKER_BUILD>', '# </DOCKER_BUILD>',
    'RUN pip-reqs compile && \\', 'RUN pip-reqs compile', 'RUN pip-reqs compile && pip-reqs resolve',
    'RUN pip-reqs compile; pip-reqs resolve', 'RUN pip-reqs resolve', 'RUN pip-reqs resolve && \\',
    '    pip-reqs resolve && \\', '    pip-reqs resolve', '    pip-reqs compile && \\', '    pip-reqs compile',
    '    pip install --no-index -r requirements.urls', 'RUN set -e && \\', '  # inside', '\t\tpip-reqs compile && \\',
    'RUN --mount=type=cache,target=/c pip-reqs compile && \\', 'RUN echo "a && b" && \\', 'ENV A=1 \\', '    B=2',
    'RUN <<EOF', 'pip-reqs compile', 'EOF', 'RUN ["pip-reqs", "compile"]', "RUN sh -c 'pip-reqs compile'",
    'RUN pip-reqs compile | tee log', 'COPY requirements.txt /app/', 'RUN pip install -r requirements.txt',
])


def _steps(text: str) -> object:
    """The instructions as (keyword, commands as word lists), with every
    ``pip-reqs compile`` command left out (and RUNs left with nothing)."""
    found = []
    for inst in parse(text, 'Dockerfile').instructions:
        cmds = [[w.value for w in c.words] for c in commands(inst.args)]
        flags = []  # RUN's own flags (--mount=...) stay with the RUN
        while inst.keyword == 'RUN' and cmds and cmds[0] and cmds[0][0].startswith('--'):
            flags.append(cmds[0].pop(0))
        cmds = [c for c in cmds if [w for w in c if not w.startswith('--')][:2] != ['pip-reqs', 'compile']]
        if inst.keyword == 'RUN' and not any(cmds) and not inst.heredocs and inst.exec_form() is None:
            continue
        found.append((inst.keyword, flags, cmds, [text[h.start:h.end] for h in inst.heredocs]))
    return found


@settings(max_examples=1000, deadline=None)
@given(st.lists(LINES, max_size=14), st.booleans(), st.sampled_from(['\n', '\r\n']), st.booleans())
def test_fix_keeps_every_instruction_but_the_compile_step(lines: list[str], txt: bool, nl: str, backtick: bool) -> None:
    text = nl.join(lines) + nl
    if backtick:
        text = '# escape=`' + nl + text.replace('\\' + nl, '`' + nl)
    data = text.encode()
    state = None if txt else 'does not exist'
    try:
        checked = check_file(data, 'Dockerfile', 'requirements.txt', state, True, False)
    except BadInput:
        return  # an unterminated continuation or heredoc: nothing is written
    if checked.new is None:
        return
    new = checked.new.decode()
    assert _steps(new) == _steps(text)
    # the same text in the other line ending gives the same fix
    other = '\r\n' if nl == '\n' else '\n'
    again = check_file(text.replace(nl, other).encode(), 'Dockerfile', 'requirements.txt', state, True, False)
    assert again.new == new.replace(nl, other).encode()
    # a second --fix has nothing left to do
    assert check_file(checked.new, 'Dockerfile', 'requirements.txt', state, True, False).new is None


# generated projects for the whole requirements-fresh main()
REQ_LINE = st.sampled_from([
    'django', 'Django>=4.2', 'django==4.2.7', 'requests  # why', 'zope.interface<6', 'six; python_version < "3"',
    'django-cms[x]>=3', '-r base.in', '-c constraints.txt', '-r missing.in', '-r ../out.in', '--pre', '-i https://x/simple',
    '--frobnicate', 'django>=>4', '-e ./addons-dev/a', 'https://h/aldryn-sso-1.6.1.tar.gz#egg=aldryn-sso==1.6.1',
    'aldryn-sso @ https://h/aldryn-sso-1.6.1.tar.gz', '# <INSTALLED_ADDONS>', '# </INSTALLED_ADDONS>', '', '# c',
    'django \\', '    --hash=sha256:ab', '\ufeffdjango', 'caf\xe9',
])
PIN_LINE = st.sampled_from([
    'django==4.2.7', 'requests==2.31.0', 'six==1.16.0', 'zope-interface==5.5.2', 'aldryn-sso==1.6.1',
    '    # via -r requirements.in', '    # via django', '    # via', '    #   gone', '#', 'django>=4', '!!!',
    '# aldryn-pins: v1 output=00', '-e ./addons-dev/a', 'aldryn-sso @ https://h/aldryn-sso-1.6.1.tar.gz', '',
])
ADDON_JSON = st.sampled_from([
    None, '{"package-name": "aldryn-sso"}', '{"package-name": "x"}', '[]', '{', '', '{"package-name": 3}',
])
SETTINGS = st.sampled_from([
    None, '', "INSTALLED_ADDONS = [\n    # <INSTALLED_ADDONS>\n    'aldryn-sso',\n    # </INSTALLED_ADDONS>\n]\n",
    "INSTALLED_ADDONS = [\n    # <INSTALLED_ADDONS>\n", "raise SystemExit('imported!')\n",
])


def _lines(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.lists(strategy, max_size=10), st.sampled_from(['\n', '\r\n'])).map(lambda t: t[1].join(t[0]) + t[1])


PROJECTS = st.fixed_dictionaries({
    'requirements.in': _lines(REQ_LINE),
    'requirements.txt': st.one_of(st.none(), _lines(PIN_LINE)),
    'base.in': st.one_of(st.none(), _lines(REQ_LINE)),
    'constraints.txt': st.one_of(st.none(), _lines(PIN_LINE)),
    'addons/a/addon.json': ADDON_JSON,
    'settings.py': SETTINGS,
    'Dockerfile': st.one_of(st.none(), st.lists(LINES, max_size=8).map(lambda ls: '\n'.join(ls) + '\n')),
})


@contextlib.contextmanager
def _project(files: dict[str, str | None]):  # type: ignore[no-untyped-def]
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as d:
        root = os.path.join(d, 'repo')
        for name, text in files.items():
            if text is None:
                continue
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'wb') as f:
                f.write(text.encode('utf-8', 'surrogateescape'))
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(here)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROJECTS)
def test_hooks_never_raise_on_generated_projects(files: dict[str, str | None]) -> None:
    from pathlib import Path

    with _project(files) as root:
        before = tree(Path(root))
        for main in (requirements_fresh.main, dockerfile_requirements.main):
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                rc = main([])
            event(f'{main.__module__}: exit {rc}')
            lines = out.getvalue().splitlines()
            assert rc in (0, 1, 2), lines
            assert all(LOCATED.match(line) or line.startswith('  ') for line in lines), lines
            if rc == 2:  # one project, one problem
                assert len([line for line in lines if LOCATED.match(line)]) == 1, lines
            if rc == 0:
                assert not [line for line in lines if LOCATED.match(line) and ': warning: ' not in line], lines
        assert tree(Path(root)) == before
