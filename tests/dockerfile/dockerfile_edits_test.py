from __future__ import annotations

import pytest

from hooks.dockerfile.edits import apply
from hooks.dockerfile.edits import Edit
from hooks.dockerfile.edits import removal
from hooks.dockerfile.edits import restoring
from hooks.dockerfile.events import events
from hooks.dockerfile.reader import parse


def edit_of(text: str, kind: str) -> str | None:
    df = parse(text, 'Dockerfile')
    (ev,) = [e for e in events(df) if e.kind == kind]
    edit = removal(df, ev) if kind == 'compile' else restoring(df, ev)
    return None if edit is None else apply(text, [edit])[0]


@pytest.mark.parametrize(
    ('text', 'after'),
    (
        pytest.param('RUN pip-reqs compile\n', '', id='the whole RUN'),
        pytest.param('RUN pip-reqs compile && \\\n    pip-reqs resolve\n', 'RUN pip-reqs resolve\n', id='joined'),
        pytest.param('RUN a && \\\n    pip-reqs compile && \\\n    b\n', 'RUN a && \\\n    b\n', id='own line'),
        pytest.param('RUN a; pip-reqs compile\n', 'RUN a\n', id='last command'),
        pytest.param('RUN <<EOF\npip-reqs compile\nEOF\n', None, id='heredoc'),
        pytest.param('RUN pip-reqs compile | tee log\n', None, id='pipe'),
    ),
)
def test_removal(text: str, after: str | None) -> None:
    assert edit_of('FROM x\n' + text, 'compile') == (None if after is None else 'FROM x\n' + after)


def test_restoring_keeps_the_indentation() -> None:
    assert edit_of('FROM x\nRUN a && \\\n\tpip-reqs resolve\n', 'resolve') == (
        'FROM x\nRUN a && \\\n\tpip-reqs compile && \\\n\tpip-reqs resolve\n'
    )


def test_apply_skips_an_edit_that_overlaps_an_earlier_one() -> None:
    text, done = apply('abcdef', [Edit(2, 4, 'X', 1, 'b'), Edit(0, 3, '', 1, 'a'), Edit(5, 5, 'Y', 1, 'c')])
    assert text == 'deYf'
    assert [e.message for e in done] == ['a', 'c']
