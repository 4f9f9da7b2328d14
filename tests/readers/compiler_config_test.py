"""hooks.readers.compiler_config: the options pip-tools' and uv's
configuration files set (the real compilers run offline)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hooks.readers import compiler_config
from hooks.report import BadInput
from testing.headers import compiled
from testing.headers import PYPROJECT

BIN = Path(sys.executable).parent


# --- configuration files ----------------------------------------------------------

@pytest.mark.parametrize(('files', 'folder', 'tool', 'expected'), [
    pytest.param({'.pip-tools.toml': '[tool.pip-tools]\ngenerate-hashes = true\nextra = ["dev", "test"]\n'}, '', 'pip-compile',
                 ['--generate-hashes', '--extra=dev', '--extra=test'], id='pip-tools-toml'),
    pytest.param({'pyproject.toml': '[tool.pip-tools]\ngenerate_hashes = true\nannotate = false\nno-strip-extras = true\n'
                                    'resolver = "backtracking"\nmax-rounds = 5\nno-index = true\nquiet = true\nupgrade = true\n'},
                 '', 'pip-compile',
                 ['--generate-hashes', '--no-annotate', '--no-strip-extras', '--resolver=backtracking', '--max-rounds=5', '--no-index'],
                 id='pyproject-negations-and-one-offs'),
    pytest.param({'pyproject.toml': '[tool.pip-tools]\nextras = ["a"]\nallow-unsafe = false\nno-index = false\n'
                                    '[tool.pip-tools.compile]\nstrip-extras = true\n[tool.pip-tools.sync]\nask = true\n'},
                 '', 'pip-compile', ['--extra=a', '--no-allow-unsafe', '--strip-extras'], id='compile-section'),
    pytest.param({'sub/.pip-tools.toml': '[tool.pip-tools]\nallow-unsafe = true\n', 'sub/pyproject.toml': '[tool.pip-tools]\ngenerate-hashes = true\n'},
                 'sub', 'pip-compile', ['--allow-unsafe'], id='pip-tools-toml-first'),
    pytest.param({'sub/pyproject.toml': '[project]\nname = "x"\n', 'sub/.pip-tools.toml': None, 'pyproject.toml': '[tool.pip-tools]\nallow-unsafe = true\n'},
                 'sub', 'pip-compile', [], id='first-file-wins-even-without-section'),
    pytest.param({'pyproject.toml': '[tool.pip-tools]\nallow-unsafe = true\n'}, 'sub', 'pip-compile', [], id='pip-tools-only-beside'),
    pytest.param({}, '', 'pip-compile', [], id='none'),
    pytest.param({'pyproject.toml': '[tool.uv.pip]\ngenerate-hashes = true\nextra = ["dev"]\nuniversal = true\npython-version = "3.11"\n'},
                 '', 'uv', ['--generate-hashes', '--extra=dev', '--universal', '--python-version=3.11'], id='uv-pip'),
    pytest.param({'pyproject.toml': '[tool.uv]\nindex-url = "https://example.invalid/simple"\ndev-dependencies = ["x"]\n'
                                    '[[tool.uv.index]]\nurl = "https://example.invalid/a"\n[[tool.uv.index]]\nurl = "https://example.invalid/b"\ndefault = true\n'},
                 'sub/deeper', 'uv', ['--index-url=https://example.invalid/simple', '--index=https://example.invalid/a',
                                      '--default-index=https://example.invalid/b'], id='uv-top-level-from-parent'),
    pytest.param({'uv.toml': '[pip]\nno-annotate = true\n', 'pyproject.toml': '[tool.uv.pip]\ngenerate-hashes = true\n'},
                 '', 'uv', ['--no-annotate'], id='uv-toml-first'),
    pytest.param({'sub/pyproject.toml': '[project]\nname = "x"\n', 'pyproject.toml': '[tool.uv.pip]\nno-header = true\n'},
                 'sub', 'uv', ['--no-header'], id='uv-skips-pyproject-without-tool-uv'),
    pytest.param({'pyproject.toml': '[tool.uv]\nfind-links = ["wheels"]\n[tool.uv.pip]\nfind-links = ["other"]\n'},
                 '', 'uv', ['--find-links=other'], id='uv-pip-over-top-level'),
])
def test_config(files: dict[str, str | None], folder: str, tool: str, expected: list[str]) -> None:
    def read(path: str) -> bytes | None:
        text = files.get(path)
        return None if text is None else text.encode()
    assert compiler_config.config(read, folder, tool) == expected


@pytest.mark.parametrize(('text', 'tool', 'message'), [
    ('[tool.pip-tools]\ngenerate-hashes = true\nextra = [\n', 'pip-compile', 'sub/pyproject.toml:3: invalid TOML: '),
    ('[tool.pip-tools]\n\ngenerate-hashes = \n', 'pip-compile', 'sub/pyproject.toml:3: invalid TOML: Invalid value'),
    ('[tool.uv.pip]\nx = 1\nx = 2\n', 'uv', 'sub/pyproject.toml:3: invalid TOML: '),
    ('[tool]\npip-tools = 1\n', 'pip-compile', 'sub/pyproject.toml:1: pip-tools is not a TOML table'),
    ('\0', 'pip-compile', 'sub/pyproject.toml:1: binary file (NUL byte), expected text'),
])
def test_config_bad_toml_is_bad_input(text: str, tool: str, message: str) -> None:
    with pytest.raises(BadInput) as e:
        compiler_config.config(lambda p: text.encode() if p == 'sub/pyproject.toml' else None, 'sub', tool)
    assert str(e.value).startswith(message)
    assert '(at line' not in str(e.value)


# --- real configuration files and real working folders ------------------------------

def test_pip_compile_config_options_are_the_ones_it_records(workdir: tuple[Path, str]) -> None:
    # pip-tools >= 6.14 records the options its config sets in the header:
    # config() reads the same words from the file
    d, index = workdir
    (d / 'pyproject.toml').write_text(PYPROJECT + (
        '\n[tool.pip-tools]\nextra = ["tz"]\nallow-unsafe = true\nstrip-extras = true\n'
        'annotation-style = "line"\ngenerate_hashes = true\nquiet = true\n'
    ))
    r = compiled(d, [str(BIN / 'pip-compile', ), '--no-index', '-f', index, 'pyproject.toml'], 'requirements.txt')
    words = compiler_config.config(lambda p: (d / p).read_bytes() if (d / p).is_file() else None, '')
    assert sorted(words) == ['--allow-unsafe', '--annotation-style=line', '--extra=tz', '--generate-hashes', '--strip-extras']
    assert r.options == sorted([*words, f'--find-links={index}', '--no-index'])


def test_uv_config_options_are_left_out_of_its_header(workdir: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    d, index = workdir
    monkeypatch.delenv('UV_NO_CONFIG')
    (d / 'pyproject.toml').write_text(PYPROJECT + '\n[tool.uv.pip]\ngenerate-hashes = true\nno-annotate = true\n')
    r = compiled(d / 'sub', [str(BIN / 'uv'), 'pip', 'compile', '-q', 'dev.in', '-o', 'dev.txt', '--no-index', '-f', index], 'dev.txt')
    assert '--hash=sha256:' in (d / 'sub' / 'dev.txt').read_text()
    assert r.options == ['--no-index']
    assert compiler_config.config(lambda p: (d / p).read_bytes() if (d / p).is_file() else None, 'sub', 'uv') == ['--generate-hashes', '--no-annotate']
