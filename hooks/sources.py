"""The snapshot ``--source`` asks for (README.md, "What is read"): the
working tree by hand, the index at commit time, the pushed commit at push
time.  The git kinds (hooks.git_snapshot, which runs git through
hooks.git) are imported only when asked for: a check of the working tree
runs no git and imports none of it.
"""
from __future__ import annotations

import os

from hooks.report import BadInput
from hooks.snapshot import find_root
from hooks.snapshot import Snapshot


def open_snapshot(source: str = 'auto', start: str = '.') -> Snapshot:
    """The snapshot ``--source`` asks for, rooted at the repository above
    ``start``.  Raises BadInput when it cannot be had.

    ``auto``: the commit being pushed when pre-commit says so
    (``PRE_COMMIT_TO_REF``, also ``pre-commit run --from-ref/--to-ref``);
    the index when git runs a commit hook (git sets ``GIT_INDEX_FILE`` for
    pre-commit, prepare-commit-msg, commit-msg and pre-merge-commit hooks,
    also to a temporary index for ``git commit -a`` / ``git commit PATH``);
    otherwise, by hand, the working tree.  The all-zero sha gives a
    snapshot with ``deleted`` set and no files.
    """
    root, is_git = find_root(start)
    if source == 'auto':
        if os.environ.get('PRE_COMMIT_TO_REF'):
            source = os.environ['PRE_COMMIT_TO_REF']
        elif os.environ.get('GIT_INDEX_FILE') and is_git:
            source = 'index'
        else:
            source = 'worktree'
    if source == 'worktree':
        return Snapshot(root, is_git)
    if not is_git:
        raise BadInput('.', 0, f'--source {source}: {root} is not in a git repository')
    from hooks import git_snapshot
    if source == 'index':
        return git_snapshot.index_snapshot(root)
    return git_snapshot.commit_snapshot(root, source)
