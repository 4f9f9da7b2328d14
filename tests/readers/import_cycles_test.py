"""No import cycle among the readers, git and the snapshots, nor among what
they import (imports inside functions count too), read from the source as
pip-tools' tests/test_circular_imports.py does it."""
from __future__ import annotations

import ast
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[2] / 'hooks'
ROOTS = ('hooks.readers', 'hooks.git', 'hooks.git_snapshot', 'hooks.snapshot')


def _modules() -> dict[str, Path]:
    found = {}
    for path in HOOKS.rglob('*.py'):
        parts = path.relative_to(HOOKS.parent).with_suffix('').parts
        name = '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f'{node.module}.{a.name}' for a in node.names]
        else:
            continue
        found.update(n for n in names if n in modules)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def test_no_import_cycle() -> None:
    graph = _graph()
    start = [m for m in graph if m.startswith(ROOTS)]
    assert 'hooks.readers.pip_syntax' in start
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph[module]):
            if other == module or other == 'hooks':
                continue
            if state.get(other) == 1:
                raise AssertionError('import cycle: ' + ' -> '.join(path[path.index(other):] + [other]))
            if other not in state:
                visit(other)
        path.pop()
        state[module] = 2

    for module in start:
        if module not in state:
            visit(module)
