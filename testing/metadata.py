"""pyproject.toml and setup.cfg examples, and what their tests share."""
from __future__ import annotations

import textwrap

from hooks.readers import metadata
from hooks.readers import requirements


def lines(files: list[requirements.InputFile]) -> list[tuple[int, str]]:
    """(line, text) of the one input file a metadata reader gives."""
    assert [(f.path, f.kind) for f in files] == [(files[0].path, 'in')]
    assert all(line.comment == '' and line.addon is False and line.path == files[0].path for line in files[0].lines)
    return [(line.lineno, line.text) for line in files[0].lines]


def computed(found: list[metadata.Computed]) -> list[tuple[int, str]]:
    """(line, message) of the notices."""
    return [(c.line, c.message) for c in found]


def dedent(text: str) -> bytes:
    """An example file's bytes, written indented."""
    return textwrap.dedent(text).lstrip('\n').encode()


PROJECT = dedent('''
    [build-system]
    requires = ["setuptools>=61"]
    build-backend = "setuptools.build_meta"

    [project]
    name = "demo"
    version = "1.0"
    dependencies = [
        "django>=4.2",  # the web framework
        # a comment line, "not-a-requirement"
        'requests[socks] ; python_version >= "3.8"',
        """six""",
    ]

    [project.optional-dependencies]
    dev = ["pytest>=7", "demo[lint]"]
    lint = ["black"]
    docs = [
        "sphinx",
    ]
''')

GROUPS = dedent('''
    [project]
    name = "demo"
    dependencies = ["django"]

    [dependency-groups]
    test = ["pytest", {include-group = "lint"}]
    Lint = [
        "black",
        { include-group = "types" },
    ]
    types = ["mypy"]
    unused = ["tox"]
''')

DYNAMIC = dedent('''
    [project]
    name = "demo"
    dynamic = ["version", "dependencies"]

    [project.optional-dependencies]
    dev = ["pytest"]
''')

DYNAMIC_EXTRAS = dedent('''
    [project]
    name = "demo"
    dependencies = ["django"]
    dynamic = ["optional-dependencies"]
''')

NO_PROJECT = dedent('''
    [build-system]
    requires = ["poetry-core"]
    build-backend = "poetry.core.masonry.api"

    [tool.poetry.dependencies]
    django = "^4.2"
''')

TRICKY = dedent('''
    # "django" in a comment first
    [tool.other]
    dependencies = ["django", "wrong-table"]
    x = { dependencies = ["django"] }

    [project]
    name = "demo"
    description = "needs django"
    dependencies = ["django", "django",
      "django" , # three times
      "pkg @ https://example.com/pkg.whl#sha256=ab",  "b @ git+https://e.com/b#egg=b",
      "\\u0066lask",
      \'\'\'
    literal\'\'\',
    ]
    [project.optional-dependencies]
    "dev" = ["django"]
    other.x = 1

    [[tool.x]]
    dependencies = ["django"]
''')

DOTTED = dedent('''
    project.name = "demo"
    project.dependencies = ["django"]
    project . optional-dependencies = { dev = [
        "pytest",
    ], "lint" = ["black"] }
''')

SELF_MARKERS = dedent('''
    [project]
    name = "Demo_Pkg"
    [project.optional-dependencies]
    all = ["demo-pkg[test,lint] ; python_version >= '3.8'", "demo.pkg[missing]"]
    test = ["pytest ; sys_platform != 'win32'", "demo-pkg[lint]"]
    lint = ["black"]
    loop = ["demo-pkg[loop]", "tox"]
''')

SETUP_CFG = dedent('''
    [metadata]
    name = demo

    [options]
    packages = find:
    install_requires =
        django>=4.2  # the web framework
        # a comment line
        ; another comment line

        requests[socks]; python_version >= "3.8"
    python_requires = >=3.8

    [options.extras_require]
    Dev =
        pytest
        black
    docs = sphinx; sphinx-rtd-theme
    reqs = file: requirements-dev.txt
''')
