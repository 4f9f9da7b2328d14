"""One Dockerfile judged: the rules on its parsed text, and ``--fix``'s
edits applied until none is left (README.md, "dockerfile-requirements").
"""
from __future__ import annotations

from hooks.dockerfile.edits import apply
from hooks.dockerfile.events import events
from hooks.dockerfile.findings import Finding
from hooks.dockerfile.findings import Result
from hooks.dockerfile.reader import parse
from hooks.dockerfile.rules import compiles_although_pinned
from hooks.dockerfile.rules import divio_tags_left
from hooks.dockerfile.rules import needs_requirements_txt
from hooks.report import decode

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from hooks.dockerfile.instructions import Dockerfile

BOM = b'\xef\xbb\xbf'


def check(df: Dockerfile, path: str, txt: str, txt_state: str | None, strict: bool = False) -> Result:
    """The rules on one parsed Dockerfile.  ``txt_state`` is None when
    requirements.txt (``txt``) exists, else why it does not ('does not
    exist'); ``strict``: the Divio-tags warning is an error."""
    evs = events(df)
    if txt_state is not None:
        return needs_requirements_txt.judge(df, evs, path, txt, txt_state)
    sections = df.sections()
    compiled = compiles_although_pinned.judge(df, evs, sections, path, txt)
    tags = divio_tags_left.judge(df, evs, sections, path, strict)
    return Result(compiled.findings, tags.warnings, compiled.edits + tags.edits)


class Checked:
    """What :func:`check_file` says of one Dockerfile's bytes.

    path; data: the snapshot's bytes; new: what --fix would write (None:
    nothing); findings: the findings and warnings to print (after --fix);
    unfixed: the same before --fix, printed when nothing is written; fixed:
    what --fix changed; failed: a finding (or a warning under --strict).
    """
    __slots__ = ('data', 'failed', 'findings', 'fixed', 'new', 'path', 'unfixed')

    def __init__(
            self, path: str, data: bytes, new: bytes | None, findings: list[Finding],
            unfixed: list[Finding], fixed: list[Finding], failed: bool,
    ) -> None:
        self.path = path
        self.data = data
        self.new = new
        self.findings = findings
        self.unfixed = unfixed
        self.fixed = fixed
        self.failed = failed


def check_file(data: bytes, path: str, txt: str, txt_state: str | None, fix: bool, strict: bool) -> Checked:
    """Judge one Dockerfile's bytes; with ``fix``, apply the edits until
    none is left (at most 8 rounds).  Raises BadInput."""
    text = decode(data, path)
    fixed: list[Finding] = []
    new = text
    unfixed: list[Finding] | None = None
    for _ in range(8):
        result = check(parse(new, path), path, txt, txt_state, strict)
        if unfixed is None:
            unfixed = result.findings + result.warnings
        if not fix or not result.edits:
            break
        new, done = apply(new, result.edits)
        fixed.extend(Finding(path, e.line, 'fixed: ' + e.message) for e in done)
    new_bytes = None
    if new != text:
        new_bytes = (BOM if data.startswith(BOM) else b'') + new.encode('utf-8')
    failed = bool(result.findings) or (strict and bool(result.warnings))
    return Checked(path, data, new_bytes, result.findings + result.warnings, unfixed or [], fixed, failed)
