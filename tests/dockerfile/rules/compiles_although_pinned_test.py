from __future__ import annotations

from hooks.dockerfile.events import events
from hooks.dockerfile.reader import parse
from hooks.dockerfile.rules import compiles_although_pinned


def judge(text: str) -> list[tuple[int, str, str, str | None]]:
    df = parse(text, 'Dockerfile')
    result = compiles_although_pinned.judge(df, events(df), df.sections(), 'Dockerfile', 'requirements.txt')
    assert result.warnings == []
    return [(f.line, f.severity, f.message, f.fix) for f in result.findings]


def test_nothing_compiles() -> None:
    assert judge('FROM x\nRUN pip-reqs resolve\n') == []


def test_a_compile_step_the_fix_drops() -> None:
    text = 'FROM x\nRUN pip-reqs compile && \\\n    pip-reqs resolve\n'
    df = parse(text, 'Dockerfile')
    result = compiles_although_pinned.judge(df, events(df), df.sections(), 'Dockerfile', 'requirements.txt')
    assert [(f.path, f.line, f.severity, f.fix) for f in result.findings] == [
        ('Dockerfile', 2, 'error', 'dockerfile-requirements --fix'),
    ]
    assert result.findings[0].message == (
        '`pip-reqs compile` recompiles the requirements during the build, '
        'so the build throws the pinned requirements.txt away'
    )
    assert [(e.line, e.message) for e in result.edits] == [(2, 'removed `pip-reqs compile && \\`')]


def test_inside_a_divio_section_the_message_says_so() -> None:
    (found,) = judge('FROM x\n# <PYTHON>\nRUN pip-reqs compile\n# </PYTHON>\n')
    assert found[0] == 3
    assert found[2].endswith(
        '; it sits in the Divio `# <PYTHON>` section, which the Control Panel also rewrites at '
        'deployment, and local builds ignore the pins until it is removed',
    )


def hint(text: str) -> tuple[str | None, str | None]:
    df = parse(text, 'Dockerfile')
    (found,) = compiles_although_pinned.judge(df, events(df), df.sections(), 'Dockerfile', 'requirements.txt').findings
    return found.fix, found.hint


def test_by_hand_and_what_to_copy_is_a_hint_not_a_fix_line() -> None:
    # no command does it: a hint, never a fix line (which is one command)
    assert hint('FROM x\nRUN pip-compile\n') == (
        None, 'remove `pip-compile` from this RUN by hand (--fix cannot edit it safely), and COPY requirements.txt into the image instead',
    )
    assert hint('FROM x\nCOPY requirements.* /app/\nRUN pip-compile\n') == (
        None, 'remove `pip-compile` from this RUN by hand (--fix cannot edit it safely)',
    )
    assert hint("FROM x\nRUN sh -c 'pip-reqs compile'\n") == (
        None, 'remove `pip-reqs compile` from this RUN by hand (--fix cannot edit it safely)',
    )
