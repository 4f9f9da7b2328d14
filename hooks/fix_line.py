"""The fix line: one command that, run as printed where the user stands,
makes a finding go away (README.md, "Fix lines").

One line is one command (or one ``&&`` chain), never prose: an alternative
is a line of its own.  Every word is quoted for a POSIX shell, so that a
folder named ``a;touch PWNED;b`` or a header's words stay words.  Under
pre-commit (``PRE_COMMIT=1``) the line names what the user has -- ``pre-commit
run HOOK``, when the repository's ``.pre-commit-config.yaml`` configures
HOOK, or the recorded compiler command -- never a console script that only
the hook's environment holds.  Only stale files get here: the fresh path
never imports this module.
"""
from __future__ import annotations

import os
import stat
import sys

from hooks.readers.header import PCM
from hooks.readers.header import UV_EXPORT
from hooks.readers.header import UV_LOCK

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.compiled import Compiled
    from hooks.finding import Verdict

CONFIG = '.pre-commit-config.yaml'
COMPILE_HOOK = 'requirements-compile'
DOCKERFILE_HOOK = 'dockerfile-requirements'
DIVIO_COMPILE = 'docker compose run --rm web pip-reqs compile'
_SAFE = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_')
# what a POSIX shell's $'...' spells with a backslash
_ANSI_C = {'\a': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '\\': '\\', "'": "'"}


def quote(word: str) -> str:
    """``word`` as one shell word: bare when it needs no quotes, else in
    single quotes (``shlex.quote``), or ``$'...'`` when it holds a control
    character (a newline in a folder name stays inside one printed line)."""
    if word and _SAFE.issuperset(word):
        return word
    if any(c < ' ' or c == '\x7f' for c in word):
        return "$'" + ''.join(
            '\\' + _ANSI_C[c] if c in _ANSI_C
            else f'\\x{ord(c):02x}' if c < ' ' or c == '\x7f' else c
            for c in word
        ) + "'"
    return "'" + word.replace("'", "'\"'\"'") + "'"


def join(words: list[str]) -> str:
    """``shlex.join``, with :func:`quote`."""
    return ' '.join(quote(w) for w in words)


def in_folder(folder: str, command: str) -> str:
    """``command``, run in ``folder`` ('' is where the user stands: the
    repository root)."""
    return f'cd {quote(folder)} && {command}' if folder else command


def under_pre_commit() -> bool:
    """Whether pre-commit runs this hook (it sets ``PRE_COMMIT=1``)."""
    return os.environ.get('PRE_COMMIT') == '1'


def compiled_file(project: Compiled, verdict: Verdict) -> tuple[str, str | None]:
    """(the fix line, an alternative or None) for a stale compiled file.

    The compile the file records (Divio: ``pip-reqs compile`` in the web
    container), or a rule's own command (rule 8: compile on the runtime's
    Python, which requirements-compile cannot do).  The alternative is
    requirements-compile: by hand its console script, under pre-commit
    ``pre-commit run requirements-compile`` when the repository configures
    it (then first: it is what the user set up)."""
    if verdict.fix is not None:
        return verdict.fix, None
    project = project.with_options(verdict.inferred)  # a header-less export
    # rule 8: requirements-compile cannot compile for another Python (Divio's
    # compile alone fixes it); uv lock records requires-python, and relocks
    python = any(f.rule == 8 for f in verdict.findings) and project.tool not in (UV_EXPORT, UV_LOCK)
    own = in_folder(project.dir, DIVIO_COMPILE) if verdict.divio else recorded(project)
    if python or project.tool == PCM:
        return own, None  # requirements-compile cannot: rule 8, pip-compile-multi
    if under_pre_commit():
        hook = pre_commit_run(COMPILE_HOOK)
        return (hook, own) if hook is not None else (own, None)
    plain = project.output == project.path('requirements.txt')
    return own, f'{COMPILE_HOOK} ' + (f'--project {quote(project.label)}' if plain else quote(project.output))


def addon_hint(project: Compiled, verdict: Verdict) -> str | None:
    """The hint, instead of a fix line, when every finding is rule 3: an
    installed addon that requirements.in does not ask for, which no
    compile can pin."""
    if verdict.findings and all(f.rule == 3 for f in verdict.findings):
        return f'add the addon to {project.first_source} (the Control Panel writes it into the INSTALLED_ADDONS block), or uninstall it'
    return None


def inferred_hint(project: Compiled, verdict: Verdict) -> str | None:
    """The hint after the fix line of an export no header records (``uv
    export --no-header`` output, hooks.readers.uv_export_txt and
    hooks.readers.pylock): it was judged as the options its pins match
    best (hooks.rules.uv_export), which may not be the ones it was written
    with."""
    if project.tool == UV_EXPORT and project.has('--no-header'):
        judged = f'the options its pins match best ({join(list(verdict.inferred))})' if verdict.inferred else "uv's default options, which its pins match best"
        return (f'no header records how it was exported: judged as {judged}; '
                'export it without --no-header to have its own options judged')
    return None


def recorded(project: Compiled) -> str:
    """The command that recompiles ``project`` as it was compiled, where
    it ran (hooks.compiled.Compiled.fix_words)."""
    return in_folder(project.cwd if project.recorded is not None else '', join(project.fix_words()))


def dockerfile_fix() -> str:
    """``dockerfile-requirements --fix``, where the user stands: by hand the
    console script.  Under pre-commit: ``pre-commit run
    dockerfile-requirements --all-files`` when the config gives that hook
    ``--fix``; when it configures the hook without it, the console script
    of the hook's environment by its absolute path (beside the Python that
    runs this hook, in pre-commit's store: on the user's disk, not on their
    PATH); otherwise (``pre-commit try-repo``, whose store is temporary) the
    console script's name.  Read only when a finding is printed."""
    fix = f'{DOCKERFILE_HOOK} --fix'
    if not under_pre_commit():
        return fix
    hook = pre_commit_run(DOCKERFILE_HOOK, with_arg='--fix')
    if hook is not None:
        return hook
    if pre_commit_run(DOCKERFILE_HOOK) is None:
        return fix
    return join([os.path.join(os.path.dirname(sys.executable), DOCKERFILE_HOOK), '--fix'])


def pre_commit_run(hook: str, root: str = '.', with_arg: str | None = None) -> str | None:
    """``pre-commit run HOOK --all-files`` (with ``--hook-stage STAGE``
    when the hook is configured for other stages only), or None when
    ``root``'s .pre-commit-config.yaml does not configure ``hook`` (with
    ``with_arg`` among its ``args:``, when given).

    Read only when a finding is printed.  A line scan, not YAML: the hook's
    environment has no YAML parser, and a config it cannot follow (flow
    style, anchors) only costs the alternative line."""
    try:
        # a regular file only (a FIFO would hang), read with a bound
        fd = os.open(os.path.join(root, CONFIG), os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, 'rb') as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            text = f.read(1 << 20).decode('utf-8')
    except (OSError, ValueError):
        return None
    lines = text.splitlines()
    block = _block(lines, hook)
    if block is None or with_arg is not None and not any(
            with_arg in line and not line.lstrip().startswith('#') for line in lines[block[0]:block[1]]):
        return None
    stages = _stages(lines, block)
    stage = '' if not stages or 'pre-commit' in stages or 'commit' in stages else (
        'manual' if 'manual' in stages else stages[0])
    return f'pre-commit run {hook} --all-files' + (f' --hook-stage {quote(stage)}' if stage else '')


def _block(lines: list[str], hook: str) -> tuple[int, int] | None:
    """The lines [start, end) of the first hook entry ``id: HOOK`` (its
    comments left out by the callers' tests), or None."""
    for n, line in enumerate(lines):
        words = line.strip().lstrip('-').strip()
        key, _, value = words.partition(':')
        if key.strip() != 'id' or _scalar(value) != hook:
            continue
        indent = len(line) - len(line.lstrip(' -'))
        end = n + 1
        while end < len(lines):
            stripped = lines[end].lstrip(' ')
            if stripped and not stripped.startswith('#') and len(lines[end]) - len(stripped) < indent:
                break  # the next hook, or the end of the list
            end += 1
        return n, end
    return None


def _stages(lines: list[str], block: tuple[int, int]) -> list[str]:
    """The ``stages:`` of the hook entry ``block`` (else the top-level
    ``default_stages:``; [] when neither is given)."""
    for m in range(*block):
        if lines[m].lstrip(' ').startswith('stages:'):
            return _list(lines, m)
    for line in lines:
        if line.startswith('default_stages:'):
            return _list(lines, lines.index(line))
    return []


def _scalar(value: str) -> str:
    value = value.split(' #', 1)[0].strip()
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in '\'"' else value


def _list(lines: list[str], n: int) -> list[str]:
    """A YAML list after the key on line ``n``: ``[a, b]`` or ``- a`` lines."""
    value = lines[n].partition(':')[2].split(' #', 1)[0].strip()
    if value.startswith('['):
        return [_scalar(v) for v in value.strip('[]').split(',') if v.strip()]
    items = []
    for line in lines[n + 1:]:
        stripped = line.strip()
        if not stripped.startswith('- '):
            break
        items.append(_scalar(stripped[2:]))
    return items
