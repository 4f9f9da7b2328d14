"""The verdict: is a compiled requirements file stale?  (README.md,
"requirements-fresh").  ``requirements-fresh`` prints it;
``requirements-compile`` acts on it.

One :func:`check` in front of everything that answers, in this order:

1. the verdict cache (hooks.verdict_cache; README.md, "Verdict cache"):
   the same files, read the same way, answer fresh again;
2. rule 8 (hooks.rules.rule8_python), on every check: the fingerprint does
   not cover the Dockerfile, pyproject.toml or .python-version;
3. the fingerprint's ``<bytes>`` (hooks.fingerprint; README.md, "The
   fingerprint"): nothing touched since requirements-compile found the file
   fresh, so rules 1-7 hold without reading a requirement -- reqfile,
   addons and json are not even imported;
4. otherwise every requirement is read (hooks.rules.full): rules 5 and 3,
   then rules 1-4, 6 and 7.

No rule hides another (README.md, "requirements-fresh"): a rule-8
mismatch is reported with the findings of rules 1-7, so that one run shows
everything to fix.

Steps 1-3 are the fast path: this module imports each step only when it
gets there (a cache hit imports no rule).
"""
from __future__ import annotations

from hooks import fingerprint
from hooks import verdict_cache
from hooks.finding import Verdict
from hooks.readers.header import UV_EXPORT
from hooks.readers.header import UV_LOCK
from hooks.report import decode
from hooks.snapshot import Remembering

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the fast path)
if TYPE_CHECKING:
    from hooks.compiled import Compiled
    from hooks.snapshot import Snapshot

UV_LOCKS = (UV_EXPORT, UV_LOCK)


def check(snapshot: Snapshot, project: Compiled, options: str | None = None, files: list[str] | None = None, explain: bool = True) -> Verdict:
    """Rules 1-8 on one compiled file.  ``options`` (requirements-compile's
    options digest) also compares the compile options; ``files`` is the
    snapshot's file list when the caller has it.  ``explain=False`` stops at
    the fingerprint's reasons when it already says stale (same verdict,
    without importing packaging for rules 1-4).  Raises BadInput.

    A fresh verdict is remembered (hooks.verdict_cache): the same files,
    read the same way, answer fresh again without reading a requirement."""
    cache = verdict_cache.lookup(snapshot, project, options, files)
    if cache is None:
        return _check(snapshot, project, options, files, explain)
    if cache.hit():
        return Verdict([], True, cache.divio)
    verdict = _check(cache.snapshot, project, options, files, explain)
    if verdict.txt_exists and not verdict.findings and not verdict.notices:
        cache.store(verdict.divio)
    return verdict


def _check(snapshot: Snapshot, project: Compiled, options: str | None, files: list[str] | None, explain: bool) -> Verdict:
    """:func:`check`, without the cache."""
    snapshot = Remembering(snapshot)  # the <bytes> check and the reader read the same files
    txt_path = project.output
    data = snapshot.read(txt_path)
    if data is None:
        return Verdict([], False)
    text = decode(data, txt_path)
    files = snapshot.files() if files is None else files
    from hooks.rules import rule8_python  # not on a cache hit
    mismatch = rule8_python.verdict(snapshot, project, text)
    if project.tool in UV_LOCKS:
        # uv.lock and uv export output: judged against uv.lock
        from hooks.rules import uv_export
        return _with(mismatch, uv_export.verdict(snapshot, project, text))
    fp = fingerprint.read_header(text, txt_path)
    if fp is not None and (options is None or options == fp.options) and fingerprint.unchanged(fp, snapshot, project, text, files):
        return mismatch or Verdict([], True)  # rules 1-7 hold
    from hooks.rules import full  # off the fast path: reads every requirement
    return _with(mismatch, full.verdict(snapshot, project, text, fp, options, files, explain))


def _with(mismatch: Verdict | None, verdict: Verdict) -> Verdict:
    """``verdict`` with rule 8's findings first: no rule hides another."""
    if mismatch is not None:
        verdict.findings[:0] = mismatch.findings
        verdict.divio = verdict.divio or mismatch.divio
        verdict.fix = mismatch.fix
    return verdict
