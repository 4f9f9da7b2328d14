"""Dockerfiles: the reader (BuildKit's parser, shell words) and the rules
about requirements of ``dockerfile-requirements`` (README.md,
"dockerfile-requirements").  The hook's entry point is
hooks/dockerfile_requirements.py.
"""
