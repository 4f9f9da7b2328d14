"""The check of an agreeing Dockerfile stays lean: the reader imports no
rule, and only the hook's --fix imports the write path (imports inside
functions count too; tests/import_cycles_test.py finds no cycle in the
whole package)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / 'hooks'


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix('').parts
    return '.'.join(parts[:-1] if parts[-1] == '__init__' else parts)


def _graph() -> dict[str, set[str]]:
    modules = {_name(p): p for p in (PACKAGE / 'dockerfile').rglob('*.py')}
    modules['hooks.dockerfile_requirements'] = PACKAGE / 'dockerfile_requirements.py'
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f'{node.module}.{a.name}' for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_the_reader_does_not_import_the_rules() -> None:
    graph = _graph()
    for reader in ('hooks.dockerfile.reader', 'hooks.dockerfile.instructions', 'hooks.dockerfile.syntax', 'hooks.dockerfile.shell'):
        assert not {m for m in graph[reader] if m.startswith(('hooks.dockerfile.events', 'hooks.dockerfile.rules'))}
    assert 'hooks.dockerfile.rewrite' not in {m for deps in graph.values() for m in deps} - graph['hooks.dockerfile_requirements']
