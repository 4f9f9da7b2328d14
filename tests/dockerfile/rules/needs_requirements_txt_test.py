from __future__ import annotations

from hooks.dockerfile.events import events
from hooks.dockerfile.findings import Result
from hooks.dockerfile.reader import parse
from hooks.dockerfile.rules import needs_requirements_txt


def judge(text: str) -> Result:
    df = parse(text, 'Dockerfile')
    return needs_requirements_txt.judge(df, events(df), 'Dockerfile', 'requirements.txt', 'does not exist')


def test_resolve_without_a_compile_and_the_edit_that_puts_it_back() -> None:
    result = judge('FROM x\nRUN pip-reqs resolve\n')
    (found,) = result.findings
    assert (found.path, found.line, found.severity) == ('Dockerfile', 2, 'error')
    assert found.message == (
        '`pip-reqs resolve` reads requirements.txt, which does not exist and nothing compiles '
        'before this line: the build breaks'
    )
    assert found.fix == 'dockerfile-requirements --fix'  # puts `pip-reqs compile && \` back
    assert found.alternative == 'requirements-compile --create && git add requirements.txt'  # or pin
    assert [(e.line, e.text) for e in result.edits] == [(2, 'pip-reqs compile && \\\n    ')]
    assert result.warnings == []


def test_copy_and_install_are_findings_without_an_edit() -> None:
    result = judge('FROM x\nCOPY requirements.txt /app/\nRUN pip install -r requirements.txt\n')
    # no command does either: a hint, never a fix line
    assert [(f.line, f.fix, f.hint) for f in result.findings] == [
        (2, None, 'pin it first (requirements-compile --create, then git add requirements.txt), or remove it from this COPY'),
        (3, None, 'pin it first (requirements-compile --create, then git add requirements.txt), or compile requirements before this line'),
    ]
    assert result.edits == []


def test_a_stage_inherits_what_its_base_compiled() -> None:
    assert judge('FROM x AS build\nRUN pip-compile\nFROM build\nRUN pip install -r requirements.txt\n').findings == []
    assert [f.line for f in judge('FROM x AS build\nRUN pip-compile\nFROM y\nRUN pip install -r requirements.txt\n').findings] == [4]


def test_one_compile_step_put_back_per_stage() -> None:
    result = judge('FROM x\nRUN pip-reqs resolve\nRUN pip-reqs resolve\n')
    assert [f.line for f in result.findings] == [2, 3]
    assert [e.line for e in result.edits] == [2]
