"""The Dockerfile's rules about requirements, one module each, named for
what it judges (README.md, "dockerfile-requirements").  Each has one
``judge`` that returns a :class:`hooks.dockerfile.findings.Result`;
:func:`hooks.dockerfile.check.check` runs them.
"""
