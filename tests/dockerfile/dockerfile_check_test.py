from __future__ import annotations

import pytest

from hooks.dockerfile.check import check
from hooks.dockerfile.check import check_file
from hooks.dockerfile.reader import parse
from hooks.report import BadInput

UNPINNED = 'FROM x\n# <PYTHON>\nRUN pip-reqs compile && \\\n    pip-reqs resolve\n# </PYTHON>\n'
PINNED = 'FROM x\nRUN pip-reqs resolve\n'


def test_with_requirements_txt_the_compile_and_tags_rules_judge() -> None:
    result = check(parse(UNPINNED, 'Dockerfile'), 'Dockerfile', 'requirements.txt', None)
    assert [f.line for f in result.findings] == [3]
    assert result.warnings == []
    # the compile step's edit first, then the two tag lines
    assert [e.line for e in result.edits] == [3, 2, 5]


def test_without_it_the_needs_rule_judges() -> None:
    result = check(parse(PINNED, 'Dockerfile'), 'Dockerfile', 'requirements.txt', 'does not exist')
    assert [f.line for f in result.findings] == [2]
    assert [e.line for e in result.edits] == [2]


def test_check_file_without_fix_writes_nothing() -> None:
    checked = check_file(UNPINNED.encode(), 'Dockerfile', 'requirements.txt', None, False, False)
    assert checked.new is None
    assert checked.failed
    assert [f.line for f in checked.findings] == [f.line for f in checked.unfixed] == [3]
    assert checked.fixed == []


def test_check_file_fixes_until_nothing_is_left() -> None:
    data = b'\xef\xbb\xbf' + UNPINNED.replace('\n', '\r\n').encode()
    checked = check_file(data, 'Dockerfile', 'requirements.txt', None, True, False)
    assert checked.new == b'\xef\xbb\xbfFROM x\r\nRUN pip-reqs resolve\r\n'
    assert [(f.line, f.message) for f in checked.fixed] == [
        (2, 'fixed: removed the `# <PYTHON>` tag'),
        (3, 'fixed: removed `pip-reqs compile && \\`'),
        (5, 'fixed: removed the `# </PYTHON>` tag'),
    ]
    assert [f.line for f in checked.unfixed] == [3]
    assert checked.findings == []
    assert not checked.failed


@pytest.mark.parametrize(('strict', 'failed'), ((False, False), (True, True)))
def test_the_tags_warning_fails_under_strict(strict: bool, failed: bool) -> None:
    text = 'FROM x\n# <PYTHON>\nRUN pip-reqs resolve\n# </PYTHON>\n'
    checked = check_file(text.encode(), 'Dockerfile', 'requirements.txt', None, False, strict)
    assert [f.severity for f in checked.findings] == ['error' if strict else 'warning']
    assert checked.failed is failed


def test_bad_input() -> None:
    with pytest.raises(BadInput) as e:
        check_file(b'FROM x\nRUN <<EOF\n', 'sub/Dockerfile', 'sub/requirements.txt', None, False, False)
    assert (e.value.path, e.value.line) == ('sub/Dockerfile', 2)
