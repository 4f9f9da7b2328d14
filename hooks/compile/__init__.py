"""Running a requirements compiler without ever losing the compiled file
(README.md, "`requirements-compile`" and "Reliability").

Empty on purpose: ``hooks.compile.tool`` is read on requirements-compile's
fast path, and importing this package must not start the compiler's
machinery (subprocess, signal handling).
"""
