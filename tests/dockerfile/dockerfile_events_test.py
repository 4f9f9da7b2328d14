from __future__ import annotations

from hooks.dockerfile.events import events
from hooks.dockerfile.reader import parse


def kinds(text: str) -> list[tuple[str, str, int, bool]]:
    """(kind, label, line, editable) of each event."""
    df = parse(text, 'Dockerfile')
    return [(e.kind, e.label, df.line_of(e.offset), e.where is not None) for e in events(df)]


def test_events_in_file_order() -> None:
    text = (
        'FROM python:3.11 AS Build\n'
        'COPY requirements.* /app/\n'
        'RUN pip-reqs compile && pip-reqs resolve\n'
        'FROM build\n'
        'COPY --from=build /app/requirements.txt .\n'
        'RUN ["pip", "install", "-r", "requirements.txt"]\n'
        "RUN sh -c 'pip-compile'\n"
        'RUN <<EOF\n'
        'uv pip compile requirements.in -o requirements.txt\n'
        'EOF\n'
    )
    assert kinds(text) == [
        ('from', 'python:3.11 as build', 1, False),
        ('glob', 'COPY requirements.*', 2, False),
        ('compile', 'pip-reqs compile', 3, True),
        ('resolve', 'pip-reqs resolve', 3, True),
        ('from', 'build', 4, False),
        ('provide', 'COPY requirements.txt', 5, False),
        ('reads', 'pip install -r requirements.txt', 6, False),
        ('compile', 'pip-compile', 7, False),
        ('compile', 'uv pip compile', 9, False),
    ]


def test_text_that_runs_nothing() -> None:
    assert kinds('FROM x\nENV X="pip-reqs compile"\nRUN echo "pip-reqs compile"\n# RUN pip-compile\n') == [
        ('from', 'x', 1, False),
    ]
