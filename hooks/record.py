"""Records: values with named fields, as ``collections.namedtuple`` makes
them, for the Dockerfile check's many small types.

A namedtuple type costs ~0.45 M instructions to create and the first one
imports ``collections`` (~7 M): together a third of what the whole check of
an agreeing Dockerfile costs.  A record class declares its fields in
``__slots__`` and sets them in its own ``__init__``; this base gives it
equality, hashing and a repr from those fields.
"""
from __future__ import annotations


class Record:
    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ', '.join(f'{name}={getattr(self, name)!r}' for name in self.__slots__)
        return f'{type(self).__name__}({fields})'
