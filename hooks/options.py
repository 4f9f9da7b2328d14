"""The options the hooks share, declared once (pip-tools'
``scripts/options.py``): each hook's parser lists those it takes
(README.md, "Options")."""
from __future__ import annotations

from hooks import cli

OUTPUTS = cli.option(
    'outputs', nargs='*', metavar='OUTPUT',
    help='only these compiled files (requirements/dev.txt); default: every compiled file of the repository',
)
PROJECT = cli.option(
    '--project', action='append', metavar='DIR',
    help='only the compiled files in this folder (repeatable)',
)
SOURCE = cli.option(
    '--source', default='auto', metavar='SOURCE',
    help='what to read: auto (index at commit, pushed commit at push, working tree otherwise), worktree, index, or a git revision',
)
NO_CACHE = cli.option(
    '--no-cache', action='store_true',
    help='do not use the verdict cache (kept in ~/.cache/aldryn-pins/, or $XDG_CACHE_HOME); also ALDRYN_PINS_NO_CACHE=1',
)
# every hook's --format; absent, it is no attribute of the namespace
# (default SUPPRESS): the hook asks getattr(args, 'format', None)
FORMAT = cli.option(
    '--format', default=cli.SUPPRESS, metavar='text|github|json',
    help='text (default), github (workflow commands; the default under GitHub Actions '
         'when the output is no terminal) or json (one document)',
)
UNCHECKED = cli.option(
    '--unchecked', action='append', metavar='PATH',
    help='a compiled file that cannot be judged (computed dependencies, inputs nowhere), accepted deliberately (repeatable)',
)
