"""The parsed instructions' methods: exec form, source offsets, Divio
sections."""
from __future__ import annotations

import pytest

from hooks.dockerfile.reader import parse


@pytest.mark.parametrize(
    ('args', 'expected'),
    (
        pytest.param('--doit [ "a", "b" ]', ['a', 'b'], id='after a flag'),
        pytest.param('--doit=true -- [ "a", "b" ]', ['a', 'b'], id='after --'),
        pytest.param('--mount="type=cache,target=/a b" ["x"]', ['x'], id='quoted flag'),
        pytest.param('--mount=type=cache,target=/a\\ b ["x"]', ['x'], id='escaped blank in a flag'),
        pytest.param('-- --x ["a"]', None, id='after -- nothing is a flag'),
        pytest.param('--doit', None, id='only a flag'),
        pytest.param('--doit ["a", 1]', None, id='not strings'),
    ),
)
def test_exec_form_after_flags(args: str, expected: list[str] | None) -> None:
    (inst,) = parse(f'CMD {args}\n', 'Dockerfile').instructions
    assert inst.exec_form() == expected


def test_source_offsets_map_arguments_back() -> None:
    text = 'RUN a && \\\n    # x\n    pip-reqs compile && \\\n  b\n'
    inst = parse(text, 'Dockerfile').instructions[0]
    i = inst.text.index('pip-reqs')
    assert text[inst.source_offset(i):].startswith('pip-reqs compile && \\\n  b')
    j = inst.text.index('b', i)
    assert text[inst.source_offset(j)] == 'b'
    assert text[inst.source_offset(inst.args_start)] == 'a'


@pytest.mark.parametrize(
    ('args', 'expected'),
    (
        ('["pip-reqs", "compile"]', ['pip-reqs', 'compile']),
        ('  ["a"]  ', ['a']),
        ('[1]', None),
        ('["a", ', None),
        ('[a]', None),
        ('pip-reqs compile', None),
    ),
)
def test_exec_form(args: str, expected: list[str] | None) -> None:
    (inst,) = parse(f'RUN {args}\n', 'Dockerfile').instructions
    assert inst.exec_form() == expected


@pytest.mark.parametrize(
    ('tags', 'expected'),
    (
        pytest.param('# <PYTHON>\n# </PYTHON>\n', [('PYTHON', '', 1, 2)], id='plain'),
        pytest.param('#<PYTHON>\n#</PYTHON>\n', [('PYTHON', '', 1, 2)], id='no space'),
        pytest.param(
            '# <DOCKER_BUILD>  # Warning: text inside the DOCKER_BUILD tags is auto-generated.\n'
            '# </DOCKER_BUILD>\n',
            [('DOCKER_BUILD', '', 1, 2)], id='warning after the tag',
        ),
        pytest.param('# <STATIC active=no>\n# </STATIC>\n', [('STATIC', 'active=no', 1, 2)], id='attributes'),
        pytest.param(
            '# <DOCKER_BUILD>\n# <PYTHON>\n# </PYTHON>\n# </DOCKER_BUILD>\n',
            [('DOCKER_BUILD', '', 1, 4), ('PYTHON', '', 2, 3)], id='nested',
        ),
        pytest.param('# <PYTHON>\n', [], id='never closed'),
        pytest.param('# </PYTHON>\n# <PYTHON>\n', [], id='closed before opened'),
        pytest.param('# Everything in sections like <TAG> is generated\n# </TAG>\n', [], id='prose'),
        pytest.param('# <python>\n# </python>\n', [], id='lower case is not a Divio tag'),
        pytest.param('RUN a \\\n# <PYTHON>\n b\n# </PYTHON>\n', [], id='a tag inside a continuation'),
    ),
)
def test_sections(tags: str, expected: list[tuple[str, str, int, int]]) -> None:
    df = parse(tags, 'Dockerfile')
    assert [(s.name, s.attrs, s.open.line, s.close.line) for s in df.sections()] == expected
