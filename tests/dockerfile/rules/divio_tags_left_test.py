from __future__ import annotations

from hooks.dockerfile.events import events
from hooks.dockerfile.findings import Result
from hooks.dockerfile.reader import parse
from hooks.dockerfile.rules import divio_tags_left

TAGGED = 'FROM x\n# <PYTHON>\nRUN pip-reqs resolve\n# </PYTHON>\n'


def judge(text: str, strict: bool = False) -> Result:
    df = parse(text, 'Dockerfile')
    return divio_tags_left.judge(df, events(df), df.sections(), 'Dockerfile', strict)


def test_tags_left_are_a_warning_and_two_edits() -> None:
    result = judge(TAGGED)
    assert result.findings == []
    (warning,) = result.warnings
    assert (warning.path, warning.line, warning.severity) == ('Dockerfile', 2, 'warning')
    assert warning.message.startswith('warning: nothing compiles requirements, but the Divio `# <PYTHON>` tags remain (lines 2 and 4)')
    assert warning.fix == 'dockerfile-requirements --fix'
    assert [(e.line, e.message, e.text) for e in result.edits] == [
        (2, 'removed the `# <PYTHON>` tag', ''), (4, 'removed the `# </PYTHON>` tag', ''),
    ]


def test_strict_makes_the_warning_an_error() -> None:
    assert [w.severity for w in judge(TAGGED, strict=True).warnings] == ['error']


def test_the_tags_go_with_a_compile_step_the_fix_drops() -> None:
    result = judge(TAGGED.replace('RUN pip-reqs resolve', 'RUN pip-reqs compile && pip-reqs resolve'))
    assert result.warnings == []
    assert [e.line for e in result.edits] == [2, 4]


def test_the_tags_stay_while_a_compile_stays() -> None:
    result = judge(TAGGED.replace('RUN pip-reqs resolve', "RUN sh -c 'pip-reqs compile'"))
    assert (result.warnings, result.edits) == ([], [])


def test_a_docker_build_section_counts_only_with_a_requirements_step() -> None:
    assert judge('FROM x\n# <DOCKER_BUILD>\nRUN echo\n# </DOCKER_BUILD>\n').warnings == []
    assert [w.line for w in judge('FROM x\n# <DOCKER_BUILD>\nRUN pip-reqs resolve\n# </DOCKER_BUILD>\n').warnings] == [2]
