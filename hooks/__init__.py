"""aldryn-pins: pre-commit hooks that keep pinned requirements honest."""

# kept equal to pyproject.toml's version (tests/verdict_cache_test.py checks);
# read by the verdict cache, where importlib.metadata would cost more than a check
__version__ = '0.1.0'
