"""Versions compared as PEP 440 compares them, for rules 1, 2 and 6
(README.md, "requirements-fresh")."""
from __future__ import annotations

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion
from packaging.version import Version


def same_version(a: str, b: str) -> bool:
    """``4.2`` is ``4.2.0``; a version that is no PEP 440 version is
    compared as written."""
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def satisfies(specifier: SpecifierSet, version: str) -> bool:
    """Whether ``version`` (pre-releases too) satisfies ``specifier``; an
    invalid version satisfies nothing."""
    try:
        return bool(specifier.contains(version, prereleases=True))
    except InvalidVersion:
        return False
