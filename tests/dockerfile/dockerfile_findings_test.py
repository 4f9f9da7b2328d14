from __future__ import annotations

import json

import pytest

from hooks.dockerfile.findings import Finding
from hooks.report import Report

FOUND = (
    Finding('Dockerfile', 3, 'fixed: removed `pip-reqs compile && \\`'),
    Finding('sub/Dockerfile', 0, 'warning: tags remain', 'warning', 'dockerfile-requirements --fix'),
)


def test_text(capsys: pytest.CaptureFixture[str]) -> None:
    report = Report('dockerfile-requirements')
    for found in FOUND:
        report.found(found)
    assert capsys.readouterr().out == (
        'Dockerfile:3: fixed: removed `pip-reqs compile && \\`\n'
        'sub/Dockerfile:1: warning: tags remain\n'
        '  fix: dockerfile-requirements --fix\n'
    )


def test_github(capsys: pytest.CaptureFixture[str]) -> None:
    report = Report('dockerfile-requirements', 'github')
    report.found(FOUND[1])
    assert capsys.readouterr().out == (
        '::warning file=sub/Dockerfile,line=1,title=dockerfile-requirements::warning: tags remain\n'
        '::notice title=dockerfile-requirements::fix: dockerfile-requirements --fix\n'
    )


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    report = Report('dockerfile-requirements', 'json')
    for found in FOUND:
        report.found(found)
    report.close(1)
    doc = json.loads(capsys.readouterr().out)
    # a fix line belongs to every finding since the last one (as before)
    assert [(f['path'], f['line'], f['severity'], f['fix']) for f in doc['findings']] == [
        ('Dockerfile', 3, 'error', 'dockerfile-requirements --fix'),
        ('sub/Dockerfile', 1, 'warning', 'dockerfile-requirements --fix'),
    ]
