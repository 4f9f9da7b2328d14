from __future__ import annotations

import difflib
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.dockerfile_requirements import main
from testing.project import git
from testing.project import imported
from testing.project import write

ROOT = Path(__file__).parents[1]

ENV_LINES = (
    'ENV PIP_INDEX_URL=${PIP_INDEX_URL:-https://wheels.aldryn.net/v1/aldryn-extras+pypi/${WHEELS_PLATFORM:-aldryn-baseimage-v3-py3}/+simple/} \\\n'
    '    WHEELSPROXY_URL=${WHEELSPROXY_URL:-https://wheels.aldryn.net/v1/aldryn-extras+pypi/${WHEELS_PLATFORM:-aldryn-baseimage-v3-py3}/}\n'
    'COPY requirements.* /app/\n'
    'COPY addons-dev /app/addons-dev/\n'
)
INSTALL = (
    '    pip-reqs resolve && \\\n'
    '    pip install \\\n'
    '        --no-index --no-deps \\\n'
    '        --requirement requirements.urls\n'
)
HEAD = (
    '# <WARNING>\n'
    '# Sections like these are generated and replaced at deployment.\n'
    '# </WARNING>\n'
    '\n'
    '# <DOCKER_FROM>\n'
    'FROM divio/base:4.18-py3.8-slim-buster\n'
    '# </DOCKER_FROM>\n'
    '\n'
)
TAIL = (
    '\n'
    '# <SOURCE>\n'
    'COPY . /app\n'
    '# </SOURCE>\n'
    '\n'
    '# <STATIC>\n'
    'RUN DJANGO_MODE=build python manage.py collectstatic --noinput\n'
    '# </STATIC>\n'
)
# the # <PYTHON> form, unpinned: the build compiles requirements.in
PYTHON_UNPINNED = (
    HEAD + '# <PYTHON>\n' + ENV_LINES
    + 'RUN pip-reqs compile && \\\n' + INSTALL + '# </PYTHON>\n' + TAIL
)
# what the Control Panel makes of it when the project is pinned: tags kept
PYTHON_PINNED_TAGGED = (
    HEAD + '# <PYTHON>\n' + ENV_LINES
    + 'RUN ' + INSTALL.lstrip() + '# </PYTHON>\n' + TAIL
)
# what --fix makes of it: the section is the user's
PYTHON_PINNED = HEAD + ENV_LINES + 'RUN ' + INSTALL.lstrip() + TAIL
# 2016: everything in one # <DOCKER_BUILD> section
DOCKER_BUILD_2016 = (
    '# <DOCKER_FROM>  # Warning: text inside the DOCKER_FROM tags is auto-generated. Manual changes will be overwritten.\n'
    'FROM aldryn/base-project:py3-3.17\n'
    '# </DOCKER_FROM>\n'
    '\n'
    '# <DOCKER_BUILD>  # Warning: text inside the DOCKER_BUILD tags is auto-generated. Manual changes will be overwritten.\n'
    '\n'
    '# python requirements\n'
    '# -------------------\n'
    + ENV_LINES
    + 'RUN pip-reqs compile && \\\n' + INSTALL
    + '\n'
    '# add full sourcecode\n'
    'COPY . /app\n'
    'RUN DJANGO_MODE=build python manage.py collectstatic --noinput\n'
    '\n'
    '# </DOCKER_BUILD>\n'
)
# 2015: pip-compile in the image, only requirements.in copied
PIP_COMPILE_2015 = (
    '# <DOCKER_FROM>  # Warning: text inside the DOCKER_FROM tags is auto-generated. Manual changes will be overwritten.\n'
    'FROM aldryn/base-project:3.1.0\n'
    '# </DOCKER_FROM>\n'
    '\n'
    '# <DOCKER_BUILD>  # Warning: text inside the DOCKER_BUILD tags is auto-generated. Manual changes will be overwritten.\n'
    'COPY requirements.in /app/\n'
    'COPY addons-dev /app/addons-dev/\n'
    'RUN pip-compile -v && pip install -r requirements.txt\n'
    'COPY . /app\n'
    '# </DOCKER_BUILD>\n'
)
# a user's own file, no tags
CUSTOM_UNPINNED = (
    'FROM divio/base:4.18-py3.6-slim-stretch\n'
    + ENV_LINES
    + 'RUN pip-reqs compile && \\\n' + INSTALL
    + 'COPY . /app\n'
)
CUSTOM_PINNED = 'FROM divio/base:4.18-py3.6-slim-stretch\n' + ENV_LINES + 'RUN ' + INSTALL.lstrip() + 'COPY . /app\n'


def ln(text: str, needle: str) -> int:
    """The line number of ``needle`` in ``text``."""
    assert needle in text, needle
    return text[:text.index(needle)].count('\n') + 1


def project(repo: Path, dockerfile: str | bytes | None, txt: bool, folder: str = '') -> Path:
    d = repo / folder
    write(d / 'requirements.in', 'django\n')
    if txt:
        write(d / 'requirements.txt', 'django==4.2\n')
    if dockerfile is not None:
        write(d / 'Dockerfile', dockerfile)
    return d / 'Dockerfile'


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    assert 'Traceback' not in out + err
    return rc, out


def reported(out: str) -> list[tuple[int, str]]:
    """(line, message) of every ``Dockerfile:N: message`` line."""
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r'^Dockerfile:(\d+): (.*)$', out, re.M)]


# (id, Dockerfile, expected with requirements.txt, expected without it);
# expected: (needle whose line is reported, fragment of the message)
RULES = (
    ('python-unpinned', PYTHON_UNPINNED, [('RUN pip-reqs compile', 'sits in the Divio `# <PYTHON>` section')], []),
    (
        'python-pinned-tagged', PYTHON_PINNED_TAGGED, [('# <PYTHON>', 'warning: nothing compiles requirements')],
        [('RUN pip-reqs resolve', '`pip-reqs resolve` reads requirements.txt, which does not exist')],
    ),
    ('python-pinned', PYTHON_PINNED, [], [('RUN pip-reqs resolve', 'the build breaks')]),
    (
        'docker-build-2016', DOCKER_BUILD_2016,
        [('RUN pip-reqs compile', 'sits in the Divio `# <DOCKER_BUILD>` section')], [],
    ),
    ('pip-compile-2015', PIP_COMPILE_2015, [('RUN pip-compile', '`pip-compile` recompiles')], []),
    ('custom-unpinned', CUSTOM_UNPINNED, [('RUN pip-reqs compile', 'throws the pinned requirements.txt away')], []),
    ('custom-pinned', CUSTOM_PINNED, [], [('RUN pip-reqs resolve', 'the build breaks')]),
    (
        'heredoc-script', 'FROM x\nRUN <<EOF\nset -e\npip-reqs compile\npip-reqs resolve\nEOF\n',
        [('pip-reqs compile', '`pip-reqs compile` recompiles')], [],
    ),
    (
        'heredoc-to-bash', 'FROM x\nRUN bash <<-EOF\n\tpip-reqs compile\n\tEOF\n',
        [('pip-reqs compile', '`pip-reqs compile` recompiles')], [],
    ),
    (
        'here-string-then-heredoc', 'FROM x\nRUN cat <<<"x" && bash <<EOF\npip-reqs compile\nEOF\n',
        [('pip-reqs compile', '`pip-reqs compile` recompiles')], [],
    ),
    (
        'quoted-operators', 'FROM x\nRUN echo "a && pip-reqs compile" \'; pip-compile\' `pip-compile` $(echo ")") && pip-reqs resolve\n',
        [], [('RUN echo', 'reads')],
    ),
    (
        'heredoc-is-a-file', 'FROM x\nRUN cat <<EOF > /notes\npip-reqs compile\nEOF\nRUN pip-reqs resolve\n',
        [], [('RUN pip-reqs resolve', 'reads requirements.txt')],
    ),
    (
        'commented-out', 'FROM x\n# RUN pip-reqs compile && \\\nRUN pip-reqs resolve\n',
        [], [('RUN pip-reqs resolve', 'reads requirements.txt')],
    ),
    (
        'comment-in-continuation',
        'FROM x\nRUN set -e && \\\n    # pip-reqs compile && \\\n    pip-reqs resolve && \\\n    pip install -r requirements.urls\n',
        [], [('    pip-reqs resolve', 'reads requirements.txt')],
    ),
    (
        'shell-comment', 'FROM x\nRUN pip-reqs resolve # && pip-reqs compile\n',
        [], [('RUN pip-reqs resolve', 'reads requirements.txt')],
    ),
    ('not-a-command', 'FROM x\nENV X="pip-reqs compile"\nRUN echo "pip-reqs compile" pip-compile\nLABEL pip-compile=1\n', [], []),
    ('stray-line', 'FROM x\nRUN echo\npip-reqs compile\n', [], []),
    ('exec-form', 'FROM x\nRUN ["pip-reqs", "compile"]\n', [('RUN [', '`pip-reqs compile` recompiles')], []),
    (
        'exec-form-shell', 'FROM x\nRUN ["/bin/sh", "-c", "pip-compile && pip install -r requirements.txt"]\n',
        [('RUN [', '`pip-compile` recompiles')], [],
    ),
    ('sh-c', "FROM x\nRUN sh -ec 'uv pip compile requirements.in -o requirements.txt'\n", [('RUN sh', '`uv pip compile`')], []),
    (
        'backtick-escape', '# escape=`\nFROM x\nRUN pip-reqs compile && `\n    pip-reqs resolve\n',
        [('RUN pip-reqs compile', 'recompiles')], [],
    ),
    (
        'backtick-pinned', '# escape=`\nFROM x\nRUN Write-Host a && `\n    pip-reqs resolve\n',
        [], [('    pip-reqs resolve', 'reads requirements.txt')],
    ),
    (
        'multi-stage',
        'FROM python:3.11 AS build\nCOPY requirements.in .\nRUN pip install pip-tools && pip-compile\n'
        'FROM python:3.11-slim\nCOPY --from=build /requirements.txt /app/\nRUN pip install -r /app/requirements.txt\n',
        [('pip-compile', '`pip-compile` recompiles')], [],
    ),
    (
        'multi-stage-pinned',
        'FROM python:3.11 AS build\nCOPY requirements.txt /app/\nRUN pip wheel -r /app/requirements.txt\n'
        'FROM python:3.11-slim\nCOPY --from=build /wheels /wheels\n',
        [], [('requirements.txt /app/', '`COPY requirements.txt` copies requirements.txt, which does not exist'),
             ('RUN pip wheel', '`pip wheel -r requirements.txt` reads')],
    ),
    ('mount-flags', 'FROM x\nRUN --mount=type=cache,target=/root/.cache pip-reqs compile\n', [('RUN --mount', 'recompiles')], []),
    ('python-m-piptools', 'FROM x\nRUN python3 -m piptools compile requirements.in\n', [('RUN python3', 'recompiles')], []),
    ('compile-other-file', 'FROM x\nRUN pip-compile -o dev.txt dev.in && pip-compile --output-file=test.txt\n', [], []),
    ('compile-other-input', 'FROM x\nRUN pip-compile requirements-dev.in\n', [], []),
    (
        'copy-and-install',
        'FROM x\nCOPY ["requirements.txt", "/app/"]\nADD requirements.txt requirements.in /app/\n'
        'RUN pip3 install -rrequirements.txt && python -m pip install --requirement=/app/requirements.txt\n'
        'RUN pip install -c requirements.txt -r requirements.in && pip-sync\n'
        'RUN ["pip", "install", "--requirement", "requirements.txt"]\n',
        [],
        [
            ('COPY', 'copies'), ('ADD', 'copies'), ('RUN pip3', 'reads'), ('RUN pip3', 'reads'),
            ('RUN pip install -c', 'reads'), ('RUN pip install -c', 'reads'), ('RUN ["pip"', 'reads'),
        ],
    ),
    (
        'stage-does-not-inherit',
        'FROM x AS build\nRUN pip-reqs compile\nFROM y\nRUN pip install -r requirements.txt\n',
        [('RUN pip-reqs compile', 'recompiles')], [('RUN pip install', 'reads')],
    ),
    (
        'stage-inherits',
        'FROM x AS build\nRUN pip-compile\nFROM build AS final\nRUN pip install -r requirements.txt\n',
        [('RUN pip-compile', 'recompiles')], [],
    ),
    ('glob-copy-and-urls', 'FROM x\nCOPY requirements.* /app/\nRUN pip install -r requirements.urls\n', [], []),
    (
        'compile-after-resolve', 'FROM x\nRUN pip-reqs resolve\nRUN pip-reqs compile\n',
        [('RUN pip-reqs compile', 'recompiles')], [('RUN pip-reqs resolve', 'nothing compiles before this line')],
    ),
    (
        'crlf', PYTHON_UNPINNED.replace('\n', '\r\n'),
        [('RUN pip-reqs compile', 'recompiles')], [],
    ),
    (
        'no-space-tags', PYTHON_PINNED_TAGGED.replace('# <PYTHON>', '#<PYTHON>').replace('# </PYTHON>', '#</PYTHON>'),
        [('#<PYTHON>', 'warning: nothing compiles requirements')], [('RUN pip-reqs resolve', 'reads')],
    ),
    (
        'docker-build-pinned', DOCKER_BUILD_2016.replace('RUN pip-reqs compile && \\\n    ', 'RUN '),
        [('# <DOCKER_BUILD>', 'warning: nothing compiles')], [('RUN pip-reqs resolve', 'reads')],
    ),
    (
        'static-inactive', PYTHON_PINNED.replace('# <STATIC>', '# <STATIC active=no>'),
        [], [('RUN pip-reqs resolve', 'reads')],
    ),
    # read as BuildKit reads them (tests/dockerfile/dockerfile_reader_test.py, BUILDKIT)
    (
        'doubled-escape-ends-the-run', 'FROM x\nRUN echo done \\\\\nRUN pip-reqs compile && pip-reqs resolve\n',
        [('RUN pip-reqs compile', 'recompiles')], [],
    ),
    (
        'heredoc-blank-after-<<', 'FROM x\nRUN << EOF\npip-reqs compile\npip-reqs resolve\nEOF\n',
        [('pip-reqs compile', 'recompiles')], [],
    ),
    (
        'heredoc-blank-after-<<-needs-txt', 'FROM x\nRUN <<  "EOF"\npip install -r requirements.txt\nEOF\n',
        [], [('pip install', '`pip install -r requirements.txt` reads requirements.txt')],
    ),
    (
        'escape-at-the-end-of-the-file', 'FROM x\nRUN pip-reqs compile && \\\n    pip-reqs resolve \\',
        [('RUN pip-reqs compile', 'recompiles')], [],
    ),
    (
        'escape-at-the-end-needs-txt', 'FROM x\nRUN pip-reqs resolve && \\\n# the end\n',
        [], [('RUN pip-reqs resolve', 'reads')],
    ),
    ('exec-form-after-flags', 'FROM x\nRUN --network=none ["pip-reqs", "compile"]\n', [('RUN --network', 'recompiles')], []),
    (
        'copy-exec-form-after-flags', 'FROM x\nCOPY --chown=app:app ["requirements.txt", "/app/"]\n',
        [], [('COPY', '`COPY requirements.txt` copies requirements.txt, which does not exist')],
    ),
    (
        'glob-copy-then-compile', 'FROM x\nCOPY requirements.* /app/\nRUN pip-compile && pip install -r requirements.txt\n',
        [('RUN pip-compile', 'recompiles')], [],
    ),
)


@pytest.mark.parametrize('txt', (True, False), ids=('requirements.txt', 'no requirements.txt'))
@pytest.mark.parametrize(('dockerfile', 'with_txt', 'without_txt'), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rules(
    repo: Path, capsys: pytest.CaptureFixture[str], txt: bool,
    dockerfile: str, with_txt: list[tuple[str, str]], without_txt: list[tuple[str, str]],
) -> None:
    path = project(repo, dockerfile, txt)
    expected = with_txt if txt else without_txt
    rc, out = run(capsys)
    got = reported(out)
    assert [line for line, _ in got] == [ln(dockerfile, needle) for needle, _ in expected], out
    for (_, message), (_, fragment) in zip(got, expected, strict=False):
        assert fragment in message
    findings = [m for _, m in got if not m.startswith('warning:')]
    assert rc == (1 if findings else 0)
    # every finding says how to fix it: a command, or a hint where none does
    assert out.count('\n  fix: ') + out.count('\n  hint: ') == len(got)
    assert path.read_bytes() == dockerfile.encode()


def test_strict_makes_the_warning_fail(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project(repo, PYTHON_PINNED_TAGGED, txt=True)
    assert run(capsys)[0] == 0
    rc, out = run(capsys, '--strict')
    assert rc == 1
    assert reported(out) == [(ln(PYTHON_PINNED_TAGGED, '# <PYTHON>'), reported(out)[0][1])]
    assert 'Control Panel owns the tagged section' in out


def test_messages(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project(repo, PYTHON_UNPINNED, txt=True)
    rc, out = run(capsys)
    assert rc == 1
    assert out == (
        'Dockerfile:14: `pip-reqs compile` recompiles the requirements during the build, so the build '
        'throws the pinned requirements.txt away; it sits in the Divio `# <PYTHON>` section, which the '
        'Control Panel also rewrites at deployment, and local builds ignore the pins until it is removed\n'
        '  fix: dockerfile-requirements --fix\n'
    )
    os.remove('requirements.txt')
    write(repo / 'Dockerfile', PYTHON_PINNED)
    rc, out = run(capsys)
    assert rc == 1
    assert out == (
        'Dockerfile:13: `pip-reqs resolve` reads requirements.txt, which does not exist and nothing '
        'compiles before this line: the build breaks\n'
        '  fix: dockerfile-requirements --fix\n'
        '   or: requirements-compile --create && git add requirements.txt\n'
    )


def _only_compile_and_tags(before: str, after: str) -> None:
    """A line diff shows only compile steps and Divio tag lines removed, and
    the lines they were joined to: ``RUN pip-reqs compile && \\`` +
    ``    pip-reqs resolve`` -> ``RUN pip-reqs resolve``; ``RUN a && \\`` +
    ``    pip-reqs compile`` -> ``RUN a``."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    removed = [d[2:] for d in diff if d.startswith('- ')]
    added = [d[2:] for d in diff if d.startswith('+ ')]

    def joins(old: str, new: str) -> bool:
        return (
            (old.strip() != new.strip() and new.endswith(old.strip()))  # the next line, moved up
            or re.sub(r'pip-reqs compile\s*(&&|;)\s*', '', old) == new  # the step cut out
            or re.sub(r'\s*(&&|;)\s*[\\`]\s*$', '', old) == new  # the operator before it
        )

    for line in removed:
        assert (
            'pip-reqs compile' in line
            or re.fullmatch(r'\s*#\s*</?(PYTHON|DOCKER_BUILD)>.*', line)
            or any(joins(line, new) for new in added)
        ), line
    for line in added:
        assert any(joins(old, line) for old in removed), line
    assert len(added) <= len(removed)


# (id, Dockerfile, requirements.txt?, after --fix)
FIXES = (
    ('python-form', PYTHON_UNPINNED, True, PYTHON_PINNED),
    ('control-panel-pinned', PYTHON_PINNED_TAGGED, True, PYTHON_PINNED),
    (
        'docker-build-2016', DOCKER_BUILD_2016, True,
        DOCKER_BUILD_2016.replace('RUN pip-reqs compile && \\\n    ', 'RUN ')
        .replace('# <DOCKER_BUILD>  # Warning: text inside the DOCKER_BUILD tags is auto-generated. Manual changes will be overwritten.\n', '')
        .replace('# </DOCKER_BUILD>\n', ''),
    ),
    ('custom', CUSTOM_UNPINNED, True, CUSTOM_PINNED),
    ('crlf', PYTHON_UNPINNED.replace('\n', '\r\n'), True, PYTHON_PINNED.replace('\n', '\r\n')),
    (
        'mixed-line-endings', 'FROM x\r\nRUN pip-reqs compile && \\\n    pip-reqs resolve\r\n', True,
        'FROM x\r\nRUN pip-reqs resolve\r\n',
    ),
    (
        'own-line', 'FROM x\nRUN set -e && \\\n    pip-reqs compile && \\\n    pip-reqs resolve\n', True,
        'FROM x\nRUN set -e && \\\n    pip-reqs resolve\n',
    ),
    (
        'own-line-indentation', 'FROM x\nRUN set -e && \\\n  pip-reqs compile && \\\n      pip-reqs resolve\n', True,
        'FROM x\nRUN set -e && \\\n      pip-reqs resolve\n',
    ),
    (
        'whole-instruction', 'FROM x\nRUN pip-reqs compile\nRUN pip-reqs resolve && pip install -r requirements.urls\n',
        True, 'FROM x\nRUN pip-reqs resolve && pip install -r requirements.urls\n',
    ),
    (
        'one-line', 'FROM x\nRUN pip-reqs compile && pip-reqs resolve && pip install -r requirements.urls\n', True,
        'FROM x\nRUN pip-reqs resolve && pip install -r requirements.urls\n',
    ),
    (
        'semicolon', 'FROM x\nRUN pip-reqs compile; pip-reqs resolve\n', True, 'FROM x\nRUN pip-reqs resolve\n',
    ),
    ('last-step', 'FROM x\nRUN echo start && \\\n    pip-reqs compile\nCMD x\n', True, 'FROM x\nRUN echo start\nCMD x\n'),
    (
        'comment-after-step', 'FROM x\nRUN pip-reqs compile && \\\n    # then\n    pip-reqs resolve\n', True,
        'FROM x\nRUN \\\n    # then\n    pip-reqs resolve\n',
    ),
    (
        'backtick', '# escape=`\nFROM x\nRUN pip-reqs compile && `\n    pip-reqs resolve\n', True,
        '# escape=`\nFROM x\nRUN pip-reqs resolve\n',
    ),
    (
        'mount-flags', 'FROM x\nRUN --mount=type=cache,target=/root/.cache pip-reqs compile && \\\n    pip-reqs resolve\n',
        True, 'FROM x\nRUN --mount=type=cache,target=/root/.cache pip-reqs resolve\n',
    ),
    ('restore-python-form', PYTHON_PINNED, False, PYTHON_UNPINNED.replace('# <PYTHON>\n', '').replace('# </PYTHON>\n', '')),
    ('restore-tagged', PYTHON_PINNED_TAGGED, False, PYTHON_UNPINNED),
    ('restore-crlf', PYTHON_PINNED.replace('\n', '\r\n'), False, PYTHON_UNPINNED.replace('# <PYTHON>\n', '').replace('# </PYTHON>\n', '').replace('\n', '\r\n')),
    (
        'restore-own-line', 'FROM x\nRUN set -e && \\\n  pip-reqs resolve && \\\n  pip install -r requirements.urls\n', False,
        'FROM x\nRUN set -e && \\\n  pip-reqs compile && \\\n  pip-reqs resolve && \\\n  pip install -r requirements.urls\n',
    ),
    ('restore-one-line', 'FROM x\nRUN pip-reqs resolve\n', False, 'FROM x\nRUN pip-reqs compile && \\\n    pip-reqs resolve\n'),
    (
        'restore-backtick', '# escape=`\nFROM x\nRUN pip-reqs resolve && `\n\tpip install -r requirements.urls\n', False,
        '# escape=`\nFROM x\nRUN pip-reqs compile && `\n\tpip-reqs resolve && `\n\tpip install -r requirements.urls\n',
    ),
    (
        'doubled-escape', 'FROM x\nRUN echo done \\\\\nRUN pip-reqs compile && \\\n    pip-reqs resolve\n', True,
        'FROM x\nRUN echo done \\\\\nRUN pip-reqs resolve\n',
    ),
    (
        'restore-after-doubled-escape', 'FROM x\nRUN echo done \\\\\nRUN pip-reqs resolve\n', False,
        'FROM x\nRUN echo done \\\\\nRUN pip-reqs compile && \\\n    pip-reqs resolve\n',
    ),
    (
        'escape-at-the-end', 'FROM x\nRUN pip-reqs compile && \\\n    pip-reqs resolve \\', True,
        'FROM x\nRUN pip-reqs resolve \\',
    ),
    (
        'whole-instruction-at-the-end', 'FROM x\nRUN pip-reqs compile \\\n# the end\n', True, 'FROM x\n# the end\n',
    ),
    (
        'restore-at-the-end', 'FROM x\nRUN pip-reqs resolve && \\\n# the end\n', False,
        'FROM x\nRUN pip-reqs compile && \\\n    pip-reqs resolve && \\\n# the end\n',
    ),
    (
        'restore-each-stage', 'FROM x\nRUN pip-reqs resolve\nFROM y\nRUN pip-reqs resolve\n', False,
        'FROM x\nRUN pip-reqs compile && \\\n    pip-reqs resolve\nFROM y\nRUN pip-reqs compile && \\\n    pip-reqs resolve\n',
    ),
)


@pytest.mark.parametrize(('before', 'txt', 'after'), [f[1:] for f in FIXES], ids=[f[0] for f in FIXES])
def test_fix(repo: Path, capsys: pytest.CaptureFixture[str], before: str, txt: bool, after: str) -> None:
    path = project(repo, before, txt)
    rc, out = run(capsys, '--fix')
    assert rc == 1
    assert path.read_bytes() == after.encode()
    assert reported(out) and all(m.startswith('fixed: ') for _, m in reported(out)), out
    # the check passes now, and a second --fix changes nothing
    assert run(capsys) == (0, '')
    assert run(capsys, '--fix') == (0, '')
    assert path.read_bytes() == after.encode()
    if txt:
        _only_compile_and_tags(before, after)
    else:
        _only_compile_and_tags(after, before)


def test_fix_round_trip(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pin, then unpin: the compile step comes back where it was."""
    path = project(repo, PYTHON_UNPINNED, txt=True)
    assert run(capsys, '--fix')[0] == 1
    assert path.read_text() == PYTHON_PINNED
    os.remove('requirements.txt')
    assert run(capsys, '--fix')[0] == 1
    assert path.read_text() == PYTHON_UNPINNED.replace('# <PYTHON>\n', '').replace('# </PYTHON>\n', '')


def test_fix_prints_what_it_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project(repo, PYTHON_UNPINNED, txt=True)
    rc, out = run(capsys, '--fix')
    assert rc == 1
    assert out == (
        'Dockerfile:9: fixed: removed the `# <PYTHON>` tag\n'
        'Dockerfile:14: fixed: removed `pip-reqs compile && \\`\n'
        'Dockerfile:19: fixed: removed the `# </PYTHON>` tag\n'
    )


def test_fix_keeps_bom_and_mode(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project(repo, b'\xef\xbb\xbf' + PYTHON_UNPINNED.encode(), txt=True)
    path.chmod(0o640)
    assert run(capsys, '--fix')[0] == 1
    assert path.read_bytes() == b'\xef\xbb\xbf' + PYTHON_PINNED.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(('.Dockerfile', 'Dockerfile.'))) == []


def test_fix_writes_a_symlinked_dockerfile_through(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Dockerfile -> docker/Dockerfile.web, committed: the target gets the
    edit, the symlink stays one (git shows no typechange)."""
    project(repo, None, txt=True)
    write(repo / 'docker' / 'Dockerfile.web', PYTHON_UNPINNED)
    os.symlink('docker/Dockerfile.web', repo / 'Dockerfile')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'symlinked Dockerfile')
    assert run(capsys, '--fix')[0] == 1
    assert os.readlink(repo / 'Dockerfile') == 'docker/Dockerfile.web'
    assert (repo / 'docker' / 'Dockerfile.web').read_text() == PYTHON_PINNED
    assert git(repo, 'status', '--porcelain') == ' M docker/Dockerfile.web\n'
    assert sorted(os.listdir(repo / 'docker')) == ['Dockerfile.web']


def test_fix_never_writes_outside_the_repository(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What is committed holds a regular Dockerfile; the working tree, which
    --fix writes, a symlink out of the repository with the same bytes."""
    project(repo, PYTHON_UNPINNED, txt=True)
    git(repo, 'add', '-A')
    outside = tmp_path / 'outside'
    write(outside / 'Dockerfile', PYTHON_UNPINNED)
    (repo / 'Dockerfile').unlink()
    os.symlink(outside / 'Dockerfile', repo / 'Dockerfile')
    rc, out = run(capsys, '--fix', '--source', 'index')
    assert rc == 2
    assert out.endswith(
        f'Dockerfile:1: --fix: is a symbolic link to {os.path.realpath(outside / "Dockerfile")}, '
        'outside the repository; left as it was\n',
    ), out
    assert (outside / 'Dockerfile').read_text() == PYTHON_UNPINNED
    assert os.listdir(outside) == ['Dockerfile']
    assert os.readlink(repo / 'Dockerfile') == str(outside / 'Dockerfile')


@pytest.mark.parametrize('kind', ['symlink to a missing file outside', 'folder'])
def test_fix_never_follows_a_committed_lock_path(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    """Dockerfile.lock committed as a symlink: neither followed (the outside
    file created) nor deleted; --fix leaves the Dockerfile as it was."""
    path = project(repo, PYTHON_UNPINNED, txt=True)
    victim = tmp_path / 'outside' / 'victim'
    victim.parent.mkdir()
    if kind == 'folder':
        write(repo / 'Dockerfile.lock' / 'keep', '')
    else:
        os.symlink(victim, repo / 'Dockerfile.lock')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'a lock of our own')
    rc, out = run(capsys, '--fix')
    assert rc == 2
    what = 'a folder' if kind == 'folder' else 'a symbolic link'
    assert out == f'Dockerfile.lock:1: --fix: is {what}, in the way of the lock file of Dockerfile (move it away); left as it was\n'
    assert path.read_text() == PYTHON_UNPINNED
    assert os.path.islink(repo / 'Dockerfile.lock') == (kind != 'folder')
    assert os.listdir(victim.parent) == []
    assert git(repo, 'status', '--porcelain') == ''


@pytest.mark.parametrize(
    ('dockerfile', 'txt', 'how'),
    (
        pytest.param(PIP_COMPILE_2015, True, 'remove `pip-compile` from this RUN by hand (--fix cannot edit it safely), and COPY requirements.txt', id='pip-compile'),
        pytest.param('FROM x\nRUN <<EOF\npip-reqs compile\nEOF\n', True, 'remove `pip-reqs compile` from this RUN by hand', id='heredoc'),
        pytest.param('FROM x\nRUN ["pip-reqs", "compile"]\n', True, 'by hand', id='exec-form'),
        pytest.param("FROM x\nRUN sh -c 'pip-reqs compile'\n", True, 'by hand', id='sh-c'),
        pytest.param('FROM x\nRUN pip-reqs compile | tee log && pip-reqs resolve\n', True, 'by hand', id='pipe'),
        pytest.param('FROM x\nRUN true || pip-reqs compile && pip-reqs resolve\n', True, 'by hand', id='or'),
        pytest.param(
            'FROM x\nRUN echo start && \\\n    # note\n    pip-reqs compile\n', True, 'by hand', id='comment-before-last-step',
        ),
        pytest.param('FROM x\nCOPY requirements.txt /app/\n', False, 'requirements-compile --create', id='copy'),
        pytest.param('FROM x\nRUN pip install -r requirements.txt\n', False, 'requirements-compile --create', id='pip-install'),
        pytest.param('FROM x\nRUN x | pip-reqs resolve\n', False, 'requirements-compile --create', id='resolve-in-pipe'),
        pytest.param('FROM x\nRUN << EOF\npip-reqs compile\nEOF\n', True, 'by hand', id='heredoc-blank-after-<<'),
        pytest.param(
            'FROM x\nRUN << EOF\npip-reqs resolve\nEOF\n', False, 'requirements-compile --create', id='resolve-in-heredoc',
        ),
        pytest.param('FROM x\nRUN --network=none ["pip-reqs", "compile"]\n', True, 'by hand', id='exec-form-after-flags'),
    ),
)
def test_fix_by_hand(repo: Path, capsys: pytest.CaptureFixture[str], dockerfile: str, txt: bool, how: str) -> None:
    """What --fix cannot edit safely stays a finding, with what to do by
    hand as a hint: prose is never a fix line (one command)."""
    path = project(repo, dockerfile, txt)
    rc, out = run(capsys, '--fix')
    assert rc == 1
    assert path.read_bytes() == dockerfile.encode()
    assert 'fixed:' not in out
    assert '  fix: ' not in out
    (hint_line,) = [line for line in out.splitlines() if line.startswith('  hint: ')]
    assert how in hint_line


@pytest.mark.parametrize(
    ('copy', 'says_copy'),
    (
        pytest.param('COPY requirements.in /app/\n', True, id='only requirements.in'),
        pytest.param('COPY requirements.txt /app/\n', False, id='requirements.txt'),
        pytest.param('COPY requirements.* /app/\n', False, id='requirements.*'),
        pytest.param('COPY ./req*.t?t /app/\n', False, id='req*.t?t'),
        pytest.param('ADD [rR]equirements.[^t]xt /app/\n', True, id='a class that does not match'),
        pytest.param('ADD [rR]equirements.[^a]xt /app/\n', False, id='a class that matches'),
        pytest.param('ADD requirements.[!]xt /app/\n', True, id='! is no negation in Go'),
        pytest.param('ADD requirements.[!t]xt /app/\n', False, id='! is one of the class'),
        pytest.param('COPY * /app/\n', False, id='everything'),
        pytest.param('COPY requirements\\*.txt /app/\n', False, id='the Dockerfile lexer takes one escape'),
        pytest.param('COPY requirements\\\\*.txt /app/\n', True, id='a star escaped for the pattern'),
        pytest.param('COPY "requirements.*" /app/\n', False, id='quoted'),
        pytest.param('COPY requirements.[ /app/\n', True, id='a bad pattern'),
        pytest.param('COPY requirements.* /app/\nFROM y\n', True, id='in another stage'),
        pytest.param('', True, id='nothing copied'),
    ),
)
def test_the_compile_hint_knows_what_is_copied(
    repo: Path, capsys: pytest.CaptureFixture[str], copy: str, says_copy: bool,
) -> None:
    """`remove pip-compile ..., and COPY requirements.txt into the image`
    only where the stage does not copy it already (a COPY source pattern
    matches as Go's filepath.Match, which BuildKit expands it with)."""
    dockerfile = f'FROM x\n{copy}RUN pip-compile && pip install -r requirements.txt\n'
    project(repo, dockerfile, txt=True)
    rc, out = run(capsys)
    assert rc == 1
    assert reported(out) == [(ln(dockerfile, 'RUN pip-compile'), reported(out)[0][1])]
    (hint_line,) = [line for line in out.splitlines() if line.startswith('  hint: ')]
    assert hint_line.startswith('  hint: remove `pip-compile` from this RUN by hand')
    assert ('COPY requirements.txt into the image' in hint_line) == says_copy


def test_fix_leaves_tags_while_a_compile_remains(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dockerfile = PYTHON_UNPINNED.replace('RUN pip-reqs compile && \\\n', 'RUN <<EOF\npip-reqs compile\nEOF\nRUN \\\n')
    path = project(repo, dockerfile, txt=True)
    rc, out = run(capsys, '--fix')
    assert rc == 1
    assert path.read_text() == dockerfile
    assert reported(out) == [(ln(dockerfile, 'pip-reqs compile'), reported(out)[0][1])]


@pytest.mark.parametrize(
    ('data', 'line', 'message'),
    (
        pytest.param(b'FROM x\nRUN a\x00\n', 2, 'binary file', id='binary'),
        pytest.param(b'FROM x\n\nRUN caf\xe9\n', 3, 'not UTF-8', id='latin-1'),
        pytest.param(b'FROM x\nRUN <<EOF\npip-reqs compile\n', 2, 'unterminated heredoc', id='heredoc'),
        pytest.param(b'# escape=/\nFROM x\n', 1, 'invalid escape', id='escape'),
    ),
)
@pytest.mark.parametrize('fix', ((), ('--fix',)), ids=('check', 'fix'))
def test_bad_input(
    repo: Path, capsys: pytest.CaptureFixture[str], fix: tuple[str, ...], data: bytes, line: int, message: str,
) -> None:
    path = project(repo, data, txt=True, folder='web')
    rc, out = run(capsys, *fix)
    assert rc == 2
    assert out.startswith(f'web/Dockerfile:{line}: ')
    assert message in out
    assert len(out.splitlines()) == 1
    assert path.read_bytes() == data


def test_bad_input_elsewhere_blocks_every_fix(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = project(repo, PYTHON_UNPINNED, txt=True, folder='a')
    project(repo, b'FROM x\nRUN <<EOF\n', txt=True, folder='b')
    rc, out = run(capsys, '--fix')
    assert rc == 2
    assert 'b/Dockerfile:2: unterminated heredoc' in out
    assert 'a/Dockerfile:14: `pip-reqs compile`' in out
    assert good.read_text() == PYTHON_UNPINNED


def test_projects_and_paths(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project(repo, PYTHON_UNPINNED, txt=True, folder='sites/a')
    project(repo, PYTHON_PINNED, txt=True, folder='sites/b')
    project(repo, None, txt=False, folder='sites/c')  # no Dockerfile: passes
    project(repo, PYTHON_UNPINNED, txt=True, folder='addons-dev/x')  # not a project
    rc, out = run(capsys)
    assert (rc, out.splitlines()[0].split(': ')[0]) == (1, 'sites/a/Dockerfile:14')
    assert out.count('Dockerfile:') == 1
    assert run(capsys, '--project', 'sites/b', '--project', 'sites/c') == (0, '')


def test_dockerfile_option(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project(repo, PYTHON_PINNED, txt=True, folder='web')
    write(repo / 'web' / 'docker' / 'Dockerfile.prod', PYTHON_UNPINNED)
    rc, out = run(capsys, '--dockerfile', 'docker/Dockerfile.prod')
    assert rc == 1
    assert out.startswith('web/docker/Dockerfile.prod:14: `pip-reqs compile`')
    rc, out = run(capsys, '--dockerfile', 'Dockerfile.missing')
    assert rc == 2
    assert out == 'Dockerfile.missing:1: --dockerfile: no such file in any project\n'
    rc, out = run(capsys, '--dockerfile', '../../outside')
    assert rc == 2
    assert 'leaves the repository' in out


def test_no_project_no_dockerfile(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / 'Dockerfile', PYTHON_UNPINNED)  # no requirements.in: no project
    assert run(capsys) == (0, '')
    project(repo, None, txt=True)
    os.remove('Dockerfile')
    assert run(capsys) == (0, '')


def test_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(['--no-such-option'])
    assert e.value.code == 2


def test_index_snapshot(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """At commit time the index counts: an un-added requirements.txt does
    not exist, and --fix refuses a Dockerfile with unstaged changes."""
    path = project(repo, PYTHON_PINNED, txt=True)
    git(repo, 'add', 'Dockerfile', 'requirements.in')
    rc, out = run(capsys, '--source', 'index')
    assert rc == 1
    assert 'which is not staged (it is on disk: git add requirements.txt)' in out
    git(repo, 'add', 'requirements.txt')
    assert run(capsys, '--source', 'index') == (0, '')

    write(path, PYTHON_UNPINNED)
    git(repo, 'add', 'Dockerfile')
    write(path, PYTHON_UNPINNED + '# mine\n')
    rc, out = run(capsys, '--source', 'index', '--fix')
    assert rc == 2
    assert 'Dockerfile:14: `pip-reqs compile`' in out
    assert 'Dockerfile:1: --fix: the working-tree file differs from the one checked (unstaged changes)' in out
    assert path.read_text() == PYTHON_UNPINNED + '# mine\n'

    write(path, PYTHON_UNPINNED)  # working tree = index: --fix edits the working tree
    rc, out = run(capsys, '--source', 'index', '--fix')
    assert rc == 1
    assert path.read_text() == PYTHON_PINNED
    assert git(repo, 'show', ':Dockerfile') == PYTHON_UNPINNED


def test_commit_time_reads_git_index_file(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project(repo, PYTHON_UNPINNED, txt=True)
    git(repo, 'add', 'Dockerfile', 'requirements.in')
    monkeypatch.setenv('GIT_INDEX_FILE', str(repo / '.git' / 'index'))
    assert run(capsys) == (0, '')  # requirements.txt is not being committed
    monkeypatch.delenv('GIT_INDEX_FILE')
    assert run(capsys)[0] == 1


def test_script_entry_point(repo: Path) -> None:
    project(repo, PYTHON_UNPINNED, txt=True)
    proc = subprocess.run(
        (sys.executable, '-m', 'hooks.dockerfile_requirements'),
        capture_output=True, text=True, cwd=repo, env={**os.environ, 'PYTHONPATH': str(ROOT)},
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith('Dockerfile:14: ')
    assert proc.stderr == ''


def test_through_pre_commit(repo: Path, pre_commit_home: Path) -> None:
    """End to end: pre-commit installs this repository and runs the hook."""
    project(repo, PYTHON_UNPINNED, txt=True)
    git(repo, 'add', '-A')
    env = {k: v for k, v in os.environ.items() if not k.startswith(('GIT_', 'PRE_COMMIT'))}
    env['PRE_COMMIT_HOME'] = str(pre_commit_home)

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            (sys.executable, '-m', 'pre_commit', 'try-repo', str(ROOT), 'dockerfile-requirements', '--all-files', '--color', 'never'),
            capture_output=True, text=True, cwd=repo, env=env, timeout=600,
        )

    proc = try_repo()
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'Dockerfile:14: `pip-reqs compile` recompiles' in proc.stdout
    assert '  fix: dockerfile-requirements --fix' in proc.stdout
    write(repo / 'Dockerfile', PYTHON_PINNED)
    git(repo, 'add', 'Dockerfile')
    proc = try_repo()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'Dockerfile agrees with requirements.txt' in proc.stdout and 'Passed' in proc.stdout


def test_an_agreeing_dockerfile_imports_nothing_heavy(divio: Path) -> None:
    # the check lexes with str methods: no re, no namedtuple (collections)
    heavy = ("packaging", "git", "argparse", "typing", "subprocess", "shutil", "tempfile", "re", "collections", "types")
    assert imported(divio, 'dockerfile_requirements', heavy) == '0 []'
