"""Where a URL or path requirement points, and whether a pin points at the
same place (README.md, "requirements-fresh", rules 1 and 2: a URL
requirement is pinned at its URL; a path requirement, ``-e .``, at its
folder)."""
from __future__ import annotations

from hooks.project import inside
from hooks.project import resolve
from hooks.readers import pip_syntax
from hooks.readers import requirements


def location(r: requirements.Req) -> str | None:
    """Where a URL or path requirement points, as written; None for a
    requirement by name."""
    if r.req is not None:
        return r.req.url or None
    if r.text.startswith('-'):
        return pip_syntax.split_option(r.text)[1] or ''
    return str(r.text.split()[0])


def is_url(where: str) -> bool:
    """A URL that names one archive or repository (``https://``, ``git+``,
    a ``file:`` archive), not a local folder."""
    if not pip_syntax.URL_RE.match(where):
        return False
    if not where.lower().startswith('file:'):
        return True
    base = where.split('#', 1)[0].split('?', 1)[0].rstrip('/').rsplit('/', 1)[-1]
    return pip_syntax.ARCHIVE_RE.match(base) is not None


def req_url(r: requirements.Req) -> str | None:
    where = location(r)
    return where if where is not None and is_url(where) else None


def _plain(url: str) -> str:
    """A URL without its fragment and final slash; ``file:///x`` as
    ``file:/x`` (pip-compile writes ``git+file:/x`` for ``git+file:///x``)."""
    url = url.split('#', 1)[0].rstrip('/')
    scheme, sep, rest = url.partition(':')
    if sep and scheme.lower().endswith('file') and rest.startswith('///'):
        return f'{scheme}:/{rest.lstrip("/")}'
    return url


def vcs_ref(url: str) -> tuple[str, str]:
    """(repository, ref) of a VCS URL (``git+https://h/o/p@release/build``:
    the ref may hold slashes; ``git@`` in the host part is no ref); the ref
    is ``''`` when there is none."""
    url = _plain(url)
    scheme, sep, rest = url.partition('://')
    if not sep:
        scheme, sep, rest = url.partition(':')
    path = rest.partition('/')[2] if sep == '://' else rest
    if '@' not in path:
        return url, ''
    base, _, ref = path.rpartition('@')
    return url[:len(url) - len(path)] + base, ref


def same_url(want: str, pinned: str) -> bool:
    """The same URL, fragments (``#egg=``) aside.  A VCS URL whose ref the
    pin resolved to a commit (uv) is taken as the same."""
    a, b = _plain(want), _plain(pinned)
    if a == b:
        return True
    if '+' not in a.split(':', 1)[0]:
        return False
    repo_a, _ = vcs_ref(a)
    repo_b, ref_b = vcs_ref(b)
    return repo_a == repo_b and len(ref_b) == 40 and all(c in '0123456789abcdef' for c in ref_b)


def same_repository(want: str, pinned: str) -> bool:
    """Two VCS URLs of one repository, whatever their refs."""
    return '+' in want.split(':', 1)[0] and vcs_ref(want)[0] == vcs_ref(pinned)[0]


def abs_path(where: str) -> str:
    where = where.split('#', 1)[0].split('?', 1)[0].rstrip('/')
    if where.lower().startswith('file:'):
        return '/' + where[5:].lstrip('/')
    return where


def folder(where: str, including: str, roots: tuple[str, ...], linux: bool) -> str | None:
    """The repository folder (``''``: the root) a path names, relative to
    ``including``'s folder, or None (a URL, or outside the repository).
    ``roots``: where the repository is, and where it was compiled
    (hooks.rules.path_names.compiled_at)."""
    path = abs_path(where)
    if is_url(where) or pip_syntax.ARCHIVE_RE.match(path.rsplit('/', 1)[-1]):
        return None  # an archive, not a folder
    try:
        if path.startswith('/'):
            for root in roots:
                if path == root.rstrip('/') or path.startswith(root.rstrip('/') + '/'):
                    return inside(path[len(root.rstrip('/')) + 1:] or '.')
            if linux and (path == '/app' or path.startswith('/app/')):
                return inside(path[5:] or '.')  # a Divio container's project folder
            return None
        if path.startswith('~'):
            return None
        return resolve(including, path)
    except ValueError:
        return None


def same_place(where: str, folder: str, txt_path: str, roots: tuple[str, ...], root_name: str, linux: bool) -> bool:
    """Whether a path pin (``-e ./libs/helpers``, ``x @ file:///abs/...``)
    is at repository ``folder``."""
    path = abs_path(where)
    if path.startswith('/'):
        if any(path == (f'{root.rstrip("/")}/{folder}' if folder else root.rstrip('/')) for root in roots):
            return True
        if folder:
            return path.endswith('/' + folder)
        return path.rsplit('/', 1)[-1] == root_name or (linux and path == '/app')
    if path.startswith('~'):
        return False
    try:
        return resolve(txt_path, path) == folder
    except ValueError:
        return False
