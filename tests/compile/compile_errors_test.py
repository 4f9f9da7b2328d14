"""hooks.compile.errors: a failed compile carries its message and the tail
of the compiler's output; SIGTERM is not an Exception (cleanups run, and
no ``except Exception`` swallows it)."""
from __future__ import annotations

from hooks.compile.errors import CompileError
from hooks.compile.errors import Terminated


def test_compile_error_is_its_message_and_keeps_the_tail() -> None:
    e = CompileError('pip-compile failed (exit code 2)', ('a', 'b'))
    assert (str(e), e.message, e.tail) == ('pip-compile failed (exit code 2)', 'pip-compile failed (exit code 2)', ['a', 'b'])
    assert CompileError('x').tail == []


def test_terminated_is_like_keyboard_interrupt() -> None:
    assert issubclass(Terminated, BaseException)
    assert not issubclass(Terminated, Exception)
