"""The bad-input corpus (issue 6): one table of odd and broken project files,
each with what every hook must answer.

A case is a small plain project (:data:`BASE`: requirements.in,
requirements.txt and a Dockerfile that agree, so every hook passes) with
some files replaced, removed or symlinked.  For each hook the case gives the
exit code and the one ``path:line: message`` line it must print (``None``:
no such line, for a hook that passes).  ``requirements-compile`` is run with
a ``--command`` that must only be reached where a case says so
(:data:`REACHED`): bad input is decided before any compiler starts.

Symlinks point into a folder beside the repository (:data:`OUTSIDE`), which
:func:`build` fills with files worth stealing.
"""
from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path

HOOKS = ('requirements-fresh', 'requirements-compile', 'dockerfile-requirements')
OUTSIDE = 'outside'  # a folder beside the repository
BOM = b'\xef\xbb\xbf'

BASE: dict[str, str | bytes] = {
    'requirements.in': 'django>=4.2\n',
    'requirements.txt': 'django==4.2.7\n',
    'Dockerfile': 'FROM python:3.11\nCOPY requirements.txt /app/\nRUN pip install -r requirements.txt\n',
}
OUTSIDE_FILES: dict[str, str] = {
    'requirements.txt': 'django==4.2.7\n',
    'requirements.in': 'django>=4.2\n',
    'base.in': 'django>=4.2\n',
    'passwd': 'root:x:0:0:root:/root:/bin/bash\n',
}
# what requirements-compile says when the corpus' --command was run: it
# fails (exit 3) without writing anything; {command} is the command
REACHED = '{command} failed (exit code 3); left as it was'

# (exit code, the one `path:line: message` line or None)
Expect = tuple[int, 'str | None']
OK: Expect = (0, None)

# id: str; files: {path: str | bytes | None (removed)}; links: {path:
# symlink target}; expect: {hook: Expect}, hooks not named expect OK
Case = namedtuple('Case', 'id files links expect', defaults=({}, {}))


def bad(line: str, *hooks: str) -> dict[str, Expect]:
    """Exit 2 and ``line`` for ``hooks`` (default: the two that read requirements)."""
    return dict.fromkeys(hooks or HOOKS[:2], (2, line))


def _big_in(size: int = 5 * 1024 * 1024) -> tuple[str, str]:
    """A requirements.in of ``size`` bytes of valid lines (long comments)
    and the requirements.txt that pins it."""
    pad = 'x' * 2600
    n = size // (len(pad) + 30) + 1
    lines = [f'pkg-{i:05d}>=1.0  # {pad}' for i in range(n)]
    return '\n'.join(lines) + '\n', ''.join(f'pkg-{i:05d}==1.0\n' for i in range(n))


BIG_IN, BIG_TXT = _big_in()

CASES: tuple[Case, ...] = (
    # --- bytes that are not text
    Case('binary requirements.in', {'requirements.in': b'\x7fELF\x02\x01\x01\x00\x00\x00'},
         expect=bad('requirements.in:1: binary file (NUL byte), expected text')),
    Case('binary requirements.txt', {'requirements.txt': b'django==4.2.7\n\x00\x01\x02'},
         expect=bad('requirements.txt:2: binary file (NUL byte), expected text')),
    Case('binary Dockerfile', {'Dockerfile': b'FROM x\nRUN a\x00\n'},
         expect=bad('Dockerfile:2: binary file (NUL byte), expected text', HOOKS[2])),
    Case('binary addon.json', {'addons/x/addon.json': b'\x00{}'},
         expect=bad('addons/x/addon.json:1: binary file (NUL byte), expected text')),
    Case('latin-1 requirements.in', {'requirements.in': b'# r\xe9sum\xe9\ndjango>=4.2\n'},
         expect=bad('requirements.in:1: not UTF-8 text (byte 0xe9)')),
    Case('latin-1 requirements.txt', {'requirements.txt': b'django==4.2.7\n# caf\xe9\n'},
         expect=bad('requirements.txt:2: not UTF-8 text (byte 0xe9)')),
    Case('latin-1 Dockerfile', {'Dockerfile': b'FROM x\n\nRUN caf\xe9\n'},
         expect=bad('Dockerfile:3: not UTF-8 text (byte 0xe9)', HOOKS[2])),
    Case('latin-1 settings.py', {'settings.py': b"# caf\xe9\nINSTALLED_ADDONS = []\n"},
         expect=bad('settings.py:1: not UTF-8 text (byte 0xe9)')),
    Case('UTF-16 without a BOM', {'requirements.in': 'django>=4.2\n'.encode('utf-16-le')},
         expect=bad('requirements.in:1: binary file (NUL byte), expected text')),
    Case('unknown PEP 263 encoding', {'requirements.in': b'# -*- coding: klingon -*-\ndjango>=4.2\n'},
         expect=bad('requirements.in:1: unknown encoding: klingon')),
    # --- valid: BOM, line endings, empty files, other text
    Case('UTF-8 BOM everywhere', {
        'requirements.in': BOM + b'django>=4.2\n', 'requirements.txt': BOM + b'django==4.2.7\n',
        'Dockerfile': BOM + str(BASE['Dockerfile']).encode(),
        'addons/x/addon.json': BOM + b'{"package-name": "django"}',
        'settings.py': BOM + b"INSTALLED_ADDONS = [\n    # <INSTALLED_ADDONS>\n    'django',\n    # </INSTALLED_ADDONS>\n]\n",
    }),
    Case('UTF-16 and UTF-32 with a BOM, as pip reads them', {
        'requirements.in': 'django>=4.2\n'.encode('utf-16'), 'base.in': 'django>=4.2\n'.encode('utf-32-be'),
        'requirements.txt': 'django==4.2.7\n'.encode('utf-16'),
    }),
    Case('Latin-1 with a PEP 263 coding line', {'requirements.in': '# -*- coding: latin-1 -*-\n# résumé\ndjango>=4.2\n'.encode('latin-1')}),
    Case('CRLF everywhere', {
        'requirements.in': 'django>=4.2\r\n# c\r\n', 'requirements.txt': '#\r\ndjango==4.2.7\r\n    # via -r requirements.in\r\n',
        'Dockerfile': str(BASE['Dockerfile']).replace('\n', '\r\n').replace('RUN ', 'RUN \\\r\n    '),
    }),
    Case('mixed line endings', {
        'requirements.in': 'django>=4.2 \\\r\n  --hash=sha256:ab\n# c\r\n', 'requirements.txt': 'django==4.2.7\r\n\n',
        'Dockerfile': 'FROM x\r\nCOPY requirements.txt /app/\nRUN pip install \\\r\n    -r requirements.txt\n',
    }),
    Case('no final line break', {'requirements.in': 'django>=4.2', 'requirements.txt': 'django==4.2.7', 'Dockerfile': 'FROM x\nCOPY requirements.txt /'}),
    Case('empty files', {'requirements.in': '', 'requirements.txt': '', 'Dockerfile': ''}),
    Case('empty requirements.in', {'requirements.in': ''}),
    Case('empty Dockerfile', {'Dockerfile': b''}),
    Case('empty settings.py', {'settings.py': ''}),
    Case('settings.py without the block', {'settings.py': "INSTALLED_ADDONS = [\n    'aldryn-django',\n]\nraise SystemExit(3)\n"}),
    Case('non-ASCII UTF-8', {'requirements.in': '# Größe: 😀\ndjango>=4.2  # ünïcödé\n', 'Dockerfile': 'FROM x\n# コメント\nCOPY requirements.txt /app/\n'}),
    Case('5 MB requirements.in of valid lines', {'requirements.in': BIG_IN, 'requirements.txt': BIG_TXT}),
    Case('Dockerfile escape-only line then an indented line', {'Dockerfile': 'FROM x\n \\\n    COPY requirements.txt /app/\n\x0c\n'}),
    # an escape at the end of the file ends the instruction, as BuildKit reads it
    Case('Dockerfile unterminated continuation: the end of the file ends it', {'Dockerfile': 'FROM x\nCOPY requirements.txt /app/\nRUN pip install -r requirements.txt && \\\n'}),
    Case('Dockerfile unterminated continuation into comments', {'Dockerfile': 'FROM x\nRUN a \\\n# b\n\n'}),
    # --- stale, not bad: requirements-compile goes on to its compiler
    Case('empty requirements.txt is stale', {'requirements.txt': ''}, expect={
        HOOKS[0]: (1, 'requirements.in:1: requirement django is not pinned in requirements.txt'),
        HOOKS[1]: (2, 'requirements.txt:1: ' + REACHED),
    }),
    # --- requirement lines
    Case('django>=>4', {'requirements.in': 'django>=>4\n'},
         expect=bad("requirements.in:1: invalid requirement: 'django>=>4': Expected semicolon (after name with no version specifier) or end")),
    Case('merge conflict markers', {'requirements.in': 'requests\n<<<<<<< HEAD\ndjango>=4.2\n=======\ndjango>=5\n>>>>>>> main\n'},
         expect=bad("requirements.in:2: invalid requirement: '<<<<<<< HEAD': Expected package name at the start of dependency specifier")),
    Case('unknown option', {'requirements.in': 'django>=4.2\n--frobnicate x\n'}, expect=bad('requirements.in:2: unknown option: --frobnicate')),
    Case('option without its value', {'requirements.in': 'django>=4.2\n-r\n'}, expect=bad('requirements.in:2: -r needs a value')),
    # --- what pip refuses (issue 11)
    Case('unknown option after a requirement', {'requirements.in': 'django>=4.2 --unknown\n'}, expect=bad('requirements.in:1: unknown option: --unknown')),
    Case('--hash without an algorithm', {'requirements.in': 'django>=4.2 --hash=nohashname\n'},
         expect=bad('requirements.in:1: --hash=nohashname: a hash is ALGORITHM:HEX, the algorithm one of sha256, sha384, sha512')),
    Case('empty --use-feature=', {'requirements.in': 'django>=4.2\n--use-feature=\n'}, expect=bad('requirements.in:2: --use-feature needs a value')),
    Case('ambiguous abbreviated option', {'requirements.in': 'django>=4.2\n--re base.in\n'},
         expect=bad('requirements.in:2: ambiguous option: --re (--requirement, --require-hashes?)')),
    Case('unclosed quote in an option', {'requirements.in': "django>=4.2\n-r 'base.in\n"}, expect=bad('requirements.in:2: cannot split the options: No closing quotation')),
    Case('editable constraint', {'requirements.in': 'django>=4.2\n-c c.txt\n', 'c.txt': '-e git+https://h/r.git#egg=r\n'},
         expect=bad('c.txt:1: editable requirements are not allowed as constraints')),
    Case('constraint with extras', {'requirements.in': 'django>=4.2\n-c c.txt\n', 'c.txt': 'django[argon2]==4.2.7\n'},
         expect=bad('c.txt:1: constraints cannot have extras')),
    Case('missing path requirement', {'requirements.in': 'django>=4.2\n-e ./src/lib\n'},
         expect=bad('requirements.in:2: ./src/lib: src/lib has no setup.py or pyproject.toml (paths are taken from the project folder, as pip takes them from where it runs)')),
    Case('bad wheel file name', {'requirements.in': 'django>=4.2\nhttps://h/x.whl\n'},
         expect=bad('requirements.in:2: https://h/x.whl: not a wheel file name (name-version-python-abi-platform.whl)')),
    # --- valid for pip, odd for a reader
    Case("pip's odd but valid lines", {
        'requirements.in': "-r 'base.in'\n--requirem\tbase.in\ndjango>=4.2 -i https://h/simple\n-c c.txt other.txt\n-e /app/addons-dev/my-addon\n",
        'base.in': 'django>=4.2 \\\n# broken continuation\n    --hash=sha256:ab\n', 'c.txt': 'django==4.2.7\n',
        'requirements.txt': 'django==4.2.7\n-e file:///app/addons-dev/my-addon\n',
    }),
    Case('unclosed INSTALLED_ADDONS block', {'requirements.in': '# <INSTALLED_ADDONS>\ndjango>=4.2\n'},
         expect=bad('requirements.in:1: # <INSTALLED_ADDONS> is never closed (# </INSTALLED_ADDONS>)')),
    Case('unreadable requirements.txt line', {'requirements.txt': 'django==4.2.7\n!!!\n'}, expect=bad("requirements.txt:2: cannot read this line: '!!!'")),
    Case('unknown option in requirements.txt', {'requirements.txt': 'django==4.2.7\n--frobnicate\n'},
         expect=bad('requirements.txt:2: unknown option: --frobnicate')),
    Case('unknown pin option in requirements.txt', {'requirements.txt': 'django==4.2.7 \\\n    --frobnicate=x\n'},
         expect=bad('requirements.txt:1: unknown option: --frobnicate')),
    Case('option without its value in requirements.txt', {'requirements.txt': '-i\ndjango==4.2.7\n'},
         expect=bad('requirements.txt:1: -i needs a value')),
    Case('malformed pin django==', {'requirements.txt': '#\ndjango==\n'}, expect=bad("requirements.txt:2: invalid pin: 'django=='")),
    Case('malformed pin django>=>4.2.7', {'requirements.txt': 'django>=>4.2.7\n'}, expect=bad("requirements.txt:1: invalid pin: 'django>=>4.2.7'")),
    Case('future fingerprint', {'requirements.txt': '# aldryn-pins: v9 output=00\ndjango==4.2.7\n'},
         expect=bad('requirements.txt:1: fingerprint v9: not understood by this aldryn-pins (expected v1); upgrade aldryn-pins or recompile')),
    # --- includes
    Case('-r cycle', {'requirements.in': '-r a.in\n', 'a.in': 'django>=4.2\n-r requirements.in\n'},
         expect=bad('a.in:2: -r requirements.in: include cycle (requirements.in -> a.in -> requirements.in)')),
    Case('-r ../../etc/passwd', {'requirements.in': '-r ../../etc/passwd\n'}, expect=bad('requirements.in:1: -r ../../etc/passwd: include leaves the repository')),
    Case('-r ../outside/passwd', {'requirements.in': 'django>=4.2\n-r ../outside/passwd\n'}, expect=bad('requirements.in:2: -r ../outside/passwd: include leaves the repository')),
    Case('absolute include', {'requirements.in': 'django>=4.2\n-c /etc/passwd\n'}, expect=bad('requirements.in:2: -c /etc/passwd: include leaves the repository')),
    Case('remote include', {'requirements.in': '-r https://example.com/r.txt\n'}, expect=bad('requirements.in:1: -r https://example.com/r.txt: remote includes cannot be checked offline')),
    Case('missing include', {'requirements.in': 'django>=4.2\n-r missing.in\n'}, expect=bad('requirements.in:2: missing.in: included file not found')),
    Case('include is a folder', {'requirements.in': '-r reqs\n', 'reqs/base.in': 'django>=4.2\n'}, expect=bad('reqs:1: is a folder, expected a file')),
    # --- symlinks out of the repository
    Case('symlinked requirements.txt outside', {'requirements.txt': None}, {'requirements.txt': f'../{OUTSIDE}/requirements.txt'},
         expect=bad('requirements.txt:1: is a symlink that leaves the repository', *HOOKS)),
    Case('symlinked requirements.in outside', {'requirements.in': None}, {'requirements.in': f'../{OUTSIDE}/requirements.in'},
         expect=bad('requirements.in:1: is a symlink that leaves the repository')),
    Case('symlinked requirements.in, absolute', {'requirements.in': None}, {'requirements.in': '/etc/passwd'},
         expect=bad('requirements.in:1: is a symlink that leaves the repository')),
    Case('symlinked include outside', {'requirements.in': '-r base.in\n'}, {'base.in': f'../{OUTSIDE}/base.in'},
         expect=bad('base.in:1: is a symlink that leaves the repository')),
    Case('include through a symlinked folder outside', {'requirements.in': '-r shared/base.in\n'}, {'shared': f'../{OUTSIDE}'},
         expect=bad('shared/base.in:1: is a symlink that leaves the repository')),
    Case('symlinked Dockerfile outside', {'Dockerfile': None}, {'Dockerfile': f'../{OUTSIDE}/passwd'},
         expect=bad('Dockerfile:1: is a symlink that leaves the repository', HOOKS[2])),
    Case('symlink inside the repository is fine', {'requirements.in': '-r reqs/base.in\n', 'real/base.in': 'django>=4.2\n'}, {'reqs': 'real'}),
    Case('symlink loop', {'requirements.in': '-r loop.in\n'}, {'loop.in': 'loop.in'},
         expect=bad('loop.in:1: cannot read: Too many levels of symbolic links')),
    # --- the addons list
    Case('broken addon.json', {'addons/x/addon.json': '{"package-name": '}, expect=bad('addons/x/addon.json:1: broken JSON: Expecting value')),
    Case('broken addon.json, later line', {'addons/x/addon.json': '{\n  "package-name": "x",\n  "installed-apps": [\n}\n'},
         expect=bad('addons/x/addon.json:4: broken JSON: Expecting value')),
    Case('addon.json is a list', {'addons/x/addon.json': '["x"]'}, expect=bad('addons/x/addon.json:1: expected a JSON object, found list')),
    Case('addon.json is null', {'addons/x/addon.json': 'null'}, expect=bad('addons/x/addon.json:1: expected a JSON object, found NoneType')),
    Case('addon.json without package-name', {'addons/x/addon.json': '{"installed-apps": []}'},
         expect=bad('addons/x/addon.json:1: "package-name" is missing or not a string')),
    Case('empty addon.json', {'addons/x/addon.json': ''}, expect=bad('addons/x/addon.json:1: broken JSON: Expecting value')),
    Case('settings.py block never closed', {'settings.py': "INSTALLED_ADDONS = [\n    # <INSTALLED_ADDONS>\n    'django',\n"},
         expect=bad('settings.py:3: # <INSTALLED_ADDONS> is never closed')),
    Case('settings.py block left open before the bracket', {'settings.py': "INSTALLED_ADDONS = [\n    # <INSTALLED_ADDONS>\n    'django',\n]\n"},
         expect=bad('settings.py:4: cannot read this line of the INSTALLED_ADDONS block')),
    Case('settings.py block with code', {'settings.py': "INSTALLED_ADDONS = [\n    # <INSTALLED_ADDONS>\n    __import__('os').system('touch pwned'),\n    # </INSTALLED_ADDONS>\n]\n"},
         expect=bad('settings.py:3: cannot read this line of the INSTALLED_ADDONS block')),
    # --- the Dockerfile
    Case('unterminated heredoc', {'Dockerfile': 'FROM x\nRUN <<EOF\npip install -r requirements.txt\n'},
         expect=bad("Dockerfile:2: unterminated heredoc: no line 'EOF' ends the heredoc started here", HOOKS[2])),
    Case('unterminated heredoc, blank after <<', {'Dockerfile': 'FROM x\nRUN << EOF\npip install -r requirements.txt\n'},
         expect=bad("Dockerfile:2: unterminated heredoc: no line 'EOF' ends the heredoc started here", HOOKS[2])),
    Case('unterminated ONBUILD heredoc', {'Dockerfile': 'FROM x\nONBUILD RUN <<"END"\nEND \n'},
         expect=bad("Dockerfile:2: unterminated heredoc: no line 'END' ends the heredoc started here", HOOKS[2])),
    Case('bad escape directive', {'Dockerfile': '# escape=/\nFROM x\n'},
         expect=bad("Dockerfile:1: invalid escape '/': the escape directive takes \\ or `", HOOKS[2])),
    Case('escape directive twice', {'Dockerfile': '# escape=`\n# escape=\\\nFROM x\n'},
         expect=bad('Dockerfile:2: only one escape parser directive can be used', HOOKS[2])),
    Case('requirements.txt is a folder', {'requirements.txt': None, 'requirements.txt/x': 'django==4.2.7\n'},
         expect=bad('requirements.txt:1: is a folder, expected a file', *HOOKS)),
    Case('Dockerfile is a folder', {'Dockerfile': None, 'Dockerfile/x': 'FROM x\n'},
         expect=bad('Dockerfile:1: is a folder, expected a file', HOOKS[2])),
)


# pyproject.toml and setup.cfg as the inputs of requirements.txt (issue 10).
# Not yet in CASES: the hooks report these once they read project metadata
# (hooks.readers.pyproject, setup_cfg); until then tests/readers/metadata_test.py checks that the reader
# gives each line, reading the file with ``--extra dev`` as the header says
# (uv's header: an unknown extra is an error to uv, not to pip-compile).
_UV_HEADER = (
    '# This file was autogenerated by uv via the following command:\n'
    '#    uv pip compile --extra dev {src} -o requirements.txt\ndjango==4.2.7\n    # via demo ({src})\n'
)
_DEV = '\n[project.optional-dependencies]\ndev = ["pytest"]\n'


def _metadata_case(id: str, src: str, text: str | bytes, line: str) -> Case:
    return Case(id, {'requirements.in': None, src: text, 'requirements.txt': _UV_HEADER.format(src=src)}, expect=bad(line))


METADATA_CASES: tuple[Case, ...] = (
    _metadata_case('pyproject.toml: malformed TOML', 'pyproject.toml', '[project]\nname = "demo"\ndependencies = ["django"\n',
                   'pyproject.toml:3: invalid TOML: Unclosed array'),
    _metadata_case('pyproject.toml: latin-1', 'pyproject.toml', b'[project]\nname = "demo"\ndescription = "caf\xe9"\n',
                   'pyproject.toml:3: not UTF-8 text (byte 0xe9)'),
    _metadata_case('pyproject.toml: dependencies not a list', 'pyproject.toml', '[project]\nname = "demo"\ndependencies = "django"\n' + _DEV,
                   'pyproject.toml:3: project.dependencies must be a list of strings'),
    _metadata_case('pyproject.toml: a number among the dependencies', 'pyproject.toml', '[project]\nname = "demo"\ndependencies = [\n  "django",\n  4.2,\n]\n' + _DEV,
                   'pyproject.toml:5: project.dependencies must be a list of strings, found float 4.2'),
    _metadata_case('pyproject.toml: invalid requirement', 'pyproject.toml', '[project]\nname = "demo"\ndependencies = [\n  "django>=>4",\n]\n' + _DEV,
                   "pyproject.toml:4: invalid requirement: 'django>=>4': Expected semicolon (after name with no version specifier) or end"),
    _metadata_case('pyproject.toml: unknown extra', 'pyproject.toml', '[project]\nname = "demo"\ndependencies = ["django"]\n\n[project.optional-dependencies]\ntest = ["pytest"]\n',
                   'pyproject.toml:5: --extra dev: no such extra in [project.optional-dependencies]'),
    _metadata_case('pyproject.toml: -e among the dependencies', 'pyproject.toml', '[project]\nname = "demo"\ndependencies = ["-e ./libs/x"]\n' + _DEV,
                   "pyproject.toml:3: invalid requirement: '-e ./libs/x': Expected package name at the start of dependency specifier"),
    _metadata_case('setup.cfg: a line before any section', 'setup.cfg', 'install_requires = django\n',
                   'setup.cfg:1: cannot read setup.cfg: a line before any [section] header'),
    _metadata_case('setup.cfg: install_requires twice', 'setup.cfg', '[options]\ninstall_requires = django\ninstall_requires = six\n',
                   "setup.cfg:3: cannot read setup.cfg: option 'install_requires' in [options] is given twice"),
    _metadata_case('setup.cfg: invalid requirement', 'setup.cfg', '[options]\ninstall_requires =\n    django\n    django>=>4\n[options.extras_require]\ndev = pytest\n',
                   "setup.cfg:4: invalid requirement: 'django>=>4': Expected semicolon (after name with no version specifier) or end"),
)


CASES += METADATA_CASES  # the hooks read pyproject.toml and setup.cfg inputs


def build(root: Path, case: Case) -> None:
    """Write the case's project into ``root`` (the repository) and the
    :data:`OUTSIDE` folder beside it."""
    outside = root.parent / OUTSIDE
    outside.mkdir(exist_ok=True)
    for name, text in OUTSIDE_FILES.items():
        (outside / name).write_text(text)
    files: dict[str, str | bytes | None] = {**BASE, **case.files}
    for name, content in files.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    for name, target in case.links.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)


def expected(case: Case, hook: str) -> Expect:
    return case.expect.get(hook, OK)


def tree(root: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry under ``root`` (not following symlinks): path ->
    ('file', bytes) | ('link', target) | ('dir', '')."""
    found: dict[str, tuple[str, bytes | str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if os.path.islink(full):
                found[rel] = ('link', os.readlink(full))
            elif os.path.isdir(full):
                found[rel] = ('dir', '')
            else:
                with open(full, 'rb') as f:
                    found[rel] = ('file', f.read())
    return found
