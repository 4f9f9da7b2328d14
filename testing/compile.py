"""Stand-ins for compilers (small Python scripts in a temp folder) and the
example files of the hooks.compile tests."""
from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

from hooks.compile.command import Compiler
from hooks.compile.command import make_compiler
from hooks.compile.command import OUTPUT

OLD = b'# compiled long ago\ndjango==4.2.1\n'


def script(tmp_path: Path, body: str, name: str = 'fake.py') -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return str(path)


def temp_compiler(path: str) -> Compiler:
    """Like pip-compile: ``--output-file=<temp>`` in its argv."""
    return Compiler('fake-compile', [sys.executable, path, f'--output-file={OUTPUT}', 'requirements.in'], in_place=False)


def in_place(path: str, *args: str) -> Compiler:
    return make_compiler(command=f'{sys.executable} {path}', args=list(args))


def names(d: Path) -> list[str]:
    return sorted(os.listdir(d))


S3 = 'https://divio-addons.s3-eu-central-1.amazonaws.com'
DJANGO = f'{S3}/aldryn-django/3.2.20.0/0d5c2c1e/aldryn-django-3.2.20.0.tar.gz'


READS = '''\
    import os, sys
    # a stand-in for pip-compile: it reads the old pins, its input and what
    # that includes (relative to the including file, as pip), and names the
    # files it read in the header and in '# via'
    out = sys.argv[1].split('=', 1)[1]
    seen = [f'--- {out}', *open(out).read().splitlines()]
    inputs = []
    def visit(path):
        inputs.append(path)
        seen.append(f'--- {path}')
        for line in open(path).read().splitlines():
            seen.append(line)
            if line.startswith('-r '):
                visit(os.path.join(os.path.dirname(path), line[3:]))
    visit(sys.argv[2])
    with open(os.environ['SEEN'], 'w') as f:
        f.write('\\n'.join(seen) + '\\n')
    if 'FAIL' in os.environ:
        print(f'ERROR: cannot build aldryn-sso (from -r {inputs[-1]} (line 1))')
        sys.exit(1)
    with open(out, 'w') as f:
        f.write(f'#    pip-compile --output-file={out} {sys.argv[2]}\\n')
        f.writelines(f'    # via -r {path}\\n' for path in inputs)
'''


def pip_compile_like(path: str) -> Compiler:
    return Compiler('pip-compile', [sys.executable, path, f'--output-file={OUTPUT}', 'requirements.in'], False, inputs=['requirements.in'])
