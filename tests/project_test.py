"""Divio project folders (README.md, "Configuration for a Divio project"):
the folders the Dockerfile hook checks, and the repo-relative paths."""
from __future__ import annotations

from pathlib import Path

import pytest

from hooks.project import addon_jsons
from hooks.project import discover
from hooks.project import DivioProject
from hooks.project import inside
from hooks.project import resolve
from hooks.report import BadInput
from hooks.snapshot import Snapshot
from testing.project import write


def test_a_divio_project_is_a_value_of_its_folder() -> None:
    assert DivioProject('a') == DivioProject('a') != DivioProject('')
    assert hash(DivioProject('a')) == hash(DivioProject('a'))
    assert sorted({DivioProject('b'), DivioProject(''), DivioProject('b')}) == [DivioProject(''), DivioProject('b')]
    assert (DivioProject('').requirements_txt, DivioProject('a/b').requirements_txt) == ('requirements.txt', 'a/b/requirements.txt')
    assert DivioProject('a').path('Dockerfile') == 'a/Dockerfile'
    assert repr(DivioProject('a')) == "DivioProject('a')"


def test_discover_finds_the_folders_with_requirements_in(repo: Path) -> None:
    for path in ('requirements.in', 'web/requirements.in', 'addons-dev/x/requirements.in', 'web/other.in'):
        write(repo / path, 'django\n')
    with Snapshot(str(repo)) as snap:
        assert discover(snap) == [DivioProject(''), DivioProject('web')]
        assert discover(snap, ['web', 'web/']) == [DivioProject('web')]
        with pytest.raises(BadInput) as e:
            discover(snap, ['web', 'elsewhere'])  # a typo is no empty folder
        assert str(e.value) == 'elsewhere:1: --project: no such folder'


def test_addon_jsons_are_the_folders_addons(repo: Path) -> None:
    files = ['addons/a/addon.json', 'addons/b/addon.json', 'addons/addon.json', 'addons/c/d/addon.json', 'web/addons/e/addon.json']
    assert addon_jsons('', files[::-1]) == ['addons/a/addon.json', 'addons/b/addon.json']
    assert addon_jsons('web', files) == ['web/addons/e/addon.json']


def test_paths_stay_inside_the_repository() -> None:
    assert (inside('a/./b/../c'), inside('.'), resolve('sub/requirements.in', '../base.txt')) == ('a/c', '', 'base.txt')
    for path in ('/etc', '..', '../x', 'a/../../x'):
        with pytest.raises(ValueError):
            inside(path)
