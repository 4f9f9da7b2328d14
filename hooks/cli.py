"""The hooks' command lines: argparse, built only when there is something
for it to do.

Importing argparse and building a parser costs about 4.5 ms (argparse's
gettext looks for translations on every parser), more than everything a
check of an untouched project does of its own, while pre-commit mostly runs
a hook with no arguments or with ``--source X``.  A
hook declares its options once, as :func:`option` calls that take
``add_argument``'s arguments; :meth:`Parser.parse_args` reads an argv made
only of exact, known ``--flag value`` / ``--flag=value`` / ``--switch`` and
one run of file names itself, and hands anything else (``-h``, an
abbreviation, file names split by an option, a value that looks like an
option, an unknown flag) to the argparse parser the same declarations
build.  tests/cli_test.py checks that both give the same
answer.
"""
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any

# argparse.SUPPRESS, without importing argparse (build() passes argparse's
# own object: argparse compares with `is`)
SUPPRESS = '==SUPPRESS=='

# the add_argument keywords the fast path reads itself; an option with any
# other (type, choices, nargs, ...) is left to argparse when it is given
_PLAIN = frozenset(('action', 'default', 'metavar', 'help', 'dest'))
_VALUED = (None, 'store', 'append')


def option(*flags: str, **kwargs: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    """One option, in ``ArgumentParser.add_argument``'s words."""
    return flags, kwargs


def _dest(flags: tuple[str, ...], kwargs: dict[str, Any]) -> str:
    if 'dest' in kwargs:
        return str(kwargs['dest'])
    longs = [f for f in flags if f.startswith('--')]
    return (longs or list(flags))[0].lstrip('-').replace('-', '_')


def _absent(flags: tuple[str, ...], kwargs: dict[str, Any]) -> Any:
    """The value argparse gives a declaration that is not on the command
    line (for those the fast path knows; NotImplemented otherwise)."""
    default = kwargs.get('default')
    action = kwargs.get('action')
    if kwargs.get('required'):
        return NotImplemented
    if not flags[0].startswith('-'):  # a positional
        if kwargs.get('nargs') == '*' and set(kwargs) <= _PLAIN | {'nargs'}:
            return [] if default is None else default
        return NotImplemented
    if action == 'store_true':
        return False if default is None else default
    if action in _VALUED and ('type' not in kwargs or not isinstance(default, str)):
        return default  # (argparse runs a str default through type=)
    return NotImplemented


class Namespace:
    """The options read without argparse, as attributes (types.SimpleNamespace
    would import types, 1 ms of instructions)."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class Parser:
    """An argument parser declared once: read here when the command line is
    plain, by argparse otherwise (and for ``--help`` and every error)."""

    def __init__(
            self, prog: str, description: str,
            options: Sequence[tuple[tuple[str, ...], dict[str, Any]]],
            epilog: str | None = None, raw_description: bool = False,
    ) -> None:
        self.prog = prog
        self.description = description
        self.epilog = epilog
        self.raw_description = raw_description
        self.options = tuple(options)

    def parse_args(self, argv: Sequence[str] | None = None) -> Any:
        """A namespace of the options, as argparse's ``parse_args`` gives it
        (exits 2 with usage on an error, 0 after --help)."""
        args = list(sys.argv[1:] if argv is None else argv)
        values = self._parse_plain(args)
        if values is None:
            return self.build().parse_args(args)
        return Namespace(**values)

    def error(self, message: str) -> None:
        """argparse's usage error: the usage and ``message``, exit 2."""
        self.build().error(message)

    def _parse_plain(self, args: list[str]) -> dict[str, Any] | None:
        """The options, or None when argparse has to read ``args``."""
        values: dict[str, Any] = {}
        flags: dict[str, tuple[str, dict[str, Any]]] = {}
        positionals: list[str] = []
        for names, kwargs in self.options:
            value = _absent(names, kwargs)
            if value is NotImplemented:
                return None
            dest = _dest(names, kwargs)
            if value != SUPPRESS:  # argparse sets no attribute then
                values[dest] = value
            if not names[0].startswith('-'):
                positionals.append(dest)
            elif set(kwargs) <= _PLAIN:
                for name in names:
                    if name.startswith('--'):
                        flags[name] = (dest, kwargs)
        # the words of one nargs='*' positional (the files named), read here
        # when they stand together: argparse takes the first run of them
        # and refuses a second
        words: list[str] | None = None
        ended = False
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if not arg.startswith('-') and len(positionals) == 1:
                if ended:
                    return None
                words = [*(words or ()), arg]
                values[positionals[0]] = words
                continue
            ended = words is not None
            name, eq, value = arg.partition('=')
            if name not in flags:
                return None  # '--', '-h', an abbreviation, a second positional, ...
            dest, kwargs = flags[name]
            action = kwargs.get('action')
            if action == 'store_true':
                if eq:
                    return None
                values[dest] = True
                continue
            if action not in _VALUED:
                return None
            if not eq:
                if i == len(args) or args[i].startswith('-'):
                    return None
                value = args[i]
                i += 1
            if action == 'append':
                values[dest] = [*(values.get(dest) or ()), value]
            else:
                values[dest] = value
        return values

    def build(self) -> argparse.ArgumentParser:
        """The argparse parser of these declarations."""
        import argparse

        base: type[argparse.HelpFormatter] = (
            argparse.RawDescriptionHelpFormatter if self.raw_description else argparse.HelpFormatter
        )

        class HelpFormatter(base):  # type: ignore[valid-type,misc]
            """argparse's formatter without its ``import shutil`` (1.5 ms),
            for a terminal width that only --help needs."""

            def __init__(
                    self, prog: str, indent_increment: int = 2,
                    max_help_position: int = 24, width: int | None = None,
                    **kwargs: object,
            ) -> None:
                if width is None:
                    width = _terminal_width() - 2
                super().__init__(prog, indent_increment, max_help_position, width, **kwargs)

        parser = argparse.ArgumentParser(
            prog=self.prog, description=self.description, epilog=self.epilog,
            formatter_class=HelpFormatter,
        )
        for names, kwargs in self.options:
            for key in ('help', 'default'):
                if kwargs.get(key) == SUPPRESS:  # argparse asks `is SUPPRESS`
                    kwargs = {**kwargs, key: argparse.SUPPRESS}
            parser.add_argument(*names, **kwargs)
        return parser


def _terminal_width() -> int:
    try:
        return int(os.environ['COLUMNS'])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80
