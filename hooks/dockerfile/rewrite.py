"""Writing ``--fix``'s edits to the working-tree Dockerfile (README.md,
"dockerfile-requirements"): atomically, under a lock, only if the file
still holds what was checked.  Imported only when there is a file to
write: hooks.compile.runner imports subprocess, which every other run does
without.
"""
from __future__ import annotations

from hooks.atomic import lock
from hooks.atomic import Locked
from hooks.atomic import NotAFile
from hooks.atomic import real_target
from hooks.atomic import write_atomic
from hooks.compile.runner import interrupted
from hooks.compile.runner import signals_as_exceptions
from hooks.report import BadInput


def rewrite(full: str, path: str, old: bytes, new: bytes, root: str) -> None:
    """Replace the file ``full`` (``path`` from the repository ``root``) if
    it still holds ``old``; a symlink is written through to its target
    inside the repository.  SIGINT, SIGTERM and SIGHUP become exceptions
    meanwhile, so that the temporary file and the lock file are removed.
    Raises BadInput."""
    try:
        _rewrite(full, path, old, new, root)
    except BaseException as e:
        if not interrupted(e):
            raise
        raise BadInput(path, 0, '--fix: interrupted; left as it was') from None


def _rewrite(full: str, path: str, old: bytes, new: bytes, root: str) -> None:
    try:
        target = real_target(full, root)
        with signals_as_exceptions(), lock(target):
            with open(target, 'rb') as f:
                if f.read() != old:
                    raise BadInput(path, 0, '--fix: the file changed while it was checked; run again')
            write_atomic(target, new)
    except NotAFile as e:  # a symlink or fifo where we would write: not followed
        raise BadInput(e.where(root), 0, f'--fix: {e.strerror}; left as it was') from None
    except Locked:
        raise BadInput(path, 0, '--fix: another run holds the lock on this file') from None
    except OSError as e:
        raise BadInput(path, 0, f'--fix: cannot write: {e.strerror}') from None
