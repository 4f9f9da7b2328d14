"""hooks.readers.uv_export_txt: which header-less requirements files of a
uv project are ``uv export --no-header`` output (the forms real uv 0.13
writes), and which are not claimed."""
from __future__ import annotations

import pytest

from hooks.finding import Finding
from hooks.readers.uv_export_txt import locate

# uv's forms: `-e` members, a `# via` block, a marker, a URL pin, hashes
UV = '''\
-e .
-e ./packages/helper
colorama==0.4.6 ; sys_platform == 'win32' \\
    --hash=sha256:08695f5cb7ed6e0531a20572697297273c47b8cae5a63ffc6d6ed5c201be6e44
    # via pytest
helper2 @ https://example.org/helper2-1.0.tar.gz
    # via app
sqlparse==0.4.4 \\
    --hash=sha256:3be5a72d04c873d690d7c6dedd33d6fae2ef82759881ceec02fc2efd0cba564f \\
    --hash=sha256:ca722573f848ff2d30e40ea30f53a104b7dea7635ea9285891263eb2c58fb6e7
    # via
    #   app
    #   django
'''


@pytest.mark.parametrize(('path', 'text', 'files', 'expected'), [
    pytest.param('requirements.txt', UV, {'uv.lock'}, ('', ['uv.lock', 'pyproject.toml'], ['uv', 'export', '--no-header', '-o', 'requirements.txt']), id='uv'),
    pytest.param('docker/requirements.txt', 'django==4.2.7\n    # via app\n', {'uv.lock'},
                 ('', ['uv.lock', 'pyproject.toml'], ['uv', 'export', '--no-header', '--no-hashes', '-o', 'docker/requirements.txt']), id='no-hashes'),
    pytest.param('app/requirements.txt', 'django==4.2.7\n    # via app\n', {'uv.lock', 'app/uv.lock'},
                 ('app', ['app/uv.lock', 'app/pyproject.toml'], ['uv', 'export', '--no-header', '--no-hashes', '-o', 'requirements.txt']), id='nearest-lock'),
    pytest.param('requirements.txt', UV, set(), None, id='no-uv-lock'),
    pytest.param('requirements.txt', 'django==4.2.7\nsqlparse==0.4.4\n', {'uv.lock'}, None, id='pins-alone'),
    pytest.param('requirements.txt', UV.replace('    # via pytest\n', '    # via pytest  # windows\n'), {'uv.lock'}, None, id='comment'),
    pytest.param('requirements.txt', UV.replace('#   django', '#   -r requirements.in'), {'uv.lock'}, None, id='pip-compile-via'),
    pytest.param('requirements.txt', UV.replace("colorama==0.4.6 ;", 'colorama>=0.4 ;'), {'uv.lock'}, None, id='range'),
    pytest.param('requirements.txt', '-r base.txt\n' + UV, {'uv.lock'}, None, id='include'),
    pytest.param('requirements.txt', UV.replace('-e ./packages/helper', '-e git+https://x/y.git#egg=y'), {'uv.lock'}, None, id='remote-editable'),
    pytest.param('requirements.txt', 'django==4.2.7 \\\n    # via app\n', {'uv.lock'}, None, id='broken-continuation'),
    pytest.param('requirements.txt', '    # via app\ndjango==4.2.7\n', {'uv.lock'}, None, id='via-before-a-pin'),
])
def test_locate(path: str, text: str, files: set[str], expected: tuple[str, list[str], list[str]] | None) -> None:
    found = locate(path, text.encode(), files.__contains__)
    if expected is None:
        assert found is None
    else:
        assert not isinstance(found, Finding) and found is not None
        cwd, sources, recorded = found
        assert (cwd, sources, recorded.argv) == expected
        assert recorded.tool == 'uv export'


def test_hashed_without_annotations_is_a_notice() -> None:
    text = 'django==4.2.7 \\\n    --hash=sha256:00\nsqlparse==0.4.4 \\\n    --hash=sha256:11\n'
    found = locate('requirements.txt', text.encode(), {'uv.lock'}.__contains__)
    assert isinstance(found, Finding) and found.severity == 'notice' and found.line == 1
    # one pin without its hash: a list, not a lock
    assert locate('requirements.txt', (text + 'idna==3.6\n').encode(), {'uv.lock'}.__contains__) is None
