"""hooks.readers.toml: TOML files read with tomllib, and the line of every
value (tomllib gives no positions)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.readers import toml
from hooks.report import BadInput
from testing.toml import leaves

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover (Python 3.10)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


# --- the positions: every value of a document, on its line ------------------------

HARD_TOML = (
    '# comment [not.a.table]\n'
    'a = "x # y" # c\n'
    '"b.c" = \'lit\'\n'
    'd.\'e\'."f\\u0067" = """multi\n'
    'line "quoted" "" """\n'
    'date = 1979-05-27 07:32:00Z\n'
    'arr = [ 1, [2, "three"], {x = [4]}, ]\n'
    '[tab . sub]\n'
    'm = """""quotes"""""\n'
    "n = '''''it's'''''\n"
    '[[aot]]\n'
    'k = "first"\n'
    '[aot.inner]\n'
    'k = "inner"\n'
    '[[aot]]\n'
    'k = "second"\n'
    '[[aot.nested]]\n'
    'k = ["n"]\n'
)


def test_every_toml_value_has_its_line() -> None:
    for text in (HARD_TOML, (ROOT / 'pyproject.toml').read_text()):
        where = toml.TomlLines(text)
        doc = tomllib.loads(text)
        assert leaves(doc) - {()} <= set(where.values) | set(where.keys)
        assert set(where.values) <= leaves(doc)
    where = toml.TomlLines(HARD_TOML)
    assert where.values[('d', 'e', 'fg')] == 4
    assert where.values[('arr', 1, 1)] == 7
    assert where.values[('arr', 2, 'x', 0)] == 7
    assert where.values[('tab', 'sub', 'n')] == 10
    assert where.values[('aot', 0, 'inner', 'k')] == 14
    assert where.values[('aot', 1, 'nested', 0, 'k', 0)] == 18
    assert where.keys[('aot', 1)] == 15
    assert where.keys[('tab', 'sub')] == 8


def _render(value: str, style: int) -> str | None:
    """``value`` as a TOML string of one of the four kinds (None: that kind
    cannot hold it)."""
    if style == 0:
        return '"' + value.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'
    if style == 1:
        return None if "'" in value or '\n' in value else f"'{value}'"
    if style == 2:
        body = value.replace('\\', '\\\\').replace('"', '\\"')
        return '"""' + body + '"""'
    return None if "'''" in value or value.endswith("'") else "'''" + value + "'''"


_GAPS = st.sampled_from([' ', '', '\n', '  # a "comment", [x]\n', '\n\n    ', '\t'])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet='ab #,]["\'\\\n=', max_size=8), st.integers(0, 3), _GAPS, _GAPS), max_size=6))
def test_array_strings_are_found_on_their_lines(items: list[tuple[str, int, str, str]]) -> None:
    text = '[project]\ndependencies = ['
    want = []
    for value, style, before, after in items:
        rendered = _render(value, style)
        if rendered is None:
            continue
        text += before
        want.append(text.count('\n') + 1)
        text += rendered + after + ','
    text += '\n]\n'
    assert len(tomllib.loads(text)['project']['dependencies']) == len(want)
    where = toml.TomlLines(text)
    assert [where.values[('project', 'dependencies', i)] for i in range(len(want))] == want


# --- loading ------------------------------------------------------------------------

def test_document_is_the_loaded_document() -> None:
    assert toml.document(b'[project]\nname = "x"\n', 'pyproject.toml') == {'project': {'name': 'x'}}
    assert toml.load(b'a = 1\n', 'x.toml') == ('a = 1\n', {'a': 1})


def test_malformed_toml_is_bad_input_at_its_line() -> None:
    with pytest.raises(BadInput) as e:
        toml.document(b'a = 1\nb = \n', 'pyproject.toml')
    assert str(e.value).startswith('pyproject.toml:2: invalid TOML: ')


# --- one-line values read without tomllib ---------------------------------------------

@pytest.mark.parametrize(('text', 'want'), (
    ('[project]\nrequires-python = ">=3.11"\n', ('>=3.11', 2)),
    ("[project]\nrequires-python = '>=3.11'  # ours\n", ('>=3.11', 2)),
    ('[tool.x]\nrequires-python = ">=3.11"\n', None),
    ('[project]\nrequires-python = """>=3.11"""\n', None),
    ('[project]\nrequires-python = ">=3.\\u0031"\n', None),
    ('[project]\nrequires-python = ">=3.11" trailing\n', None),
    ('[[project]]\nrequires-python = ">=3.11"\n', None),
))
def test_simple_value(text: str, want: tuple[str, int] | None) -> None:
    assert toml.simple_value(text, 'project', 'requires-python') == want
