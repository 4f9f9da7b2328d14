"""The options the hooks share are declared once (hooks/options.py) and
read alike by every hook that takes them."""
from __future__ import annotations

import pytest

from hooks import dockerfile_requirements
from hooks import options
from hooks import requirements_compile
from hooks import requirements_fresh
from hooks import verdict_cache

SHARED = {
    requirements_fresh: (options.OUTPUTS, options.PROJECT, options.SOURCE, options.NO_CACHE, options.FORMAT),
    requirements_compile: (options.OUTPUTS, options.PROJECT, options.SOURCE, options.NO_CACHE, options.FORMAT),
    dockerfile_requirements: (options.SOURCE, options.FORMAT),
}


@pytest.mark.parametrize('hook', SHARED, ids=lambda m: m.__name__)
def test_each_hook_takes_the_shared_declarations(hook: object) -> None:
    declared = hook.PARSER.options  # type: ignore[attr-defined]
    for option in SHARED[hook]:  # type: ignore[index]
        assert option in declared
    flags = [flag for names, _ in declared for flag in names]
    assert len(flags) == len(set(flags))


@pytest.mark.parametrize('hook', [requirements_fresh, requirements_compile], ids=lambda m: m.__name__)
def test_a_shared_option_reads_alike(hook: object) -> None:
    args = hook.PARSER.parse_args(['--source', 'index', '--no-cache', '--project', 'a', '--project', 'b', 'x.txt'])  # type: ignore[attr-defined]
    assert (args.source, args.no_cache, args.project, args.outputs) == ('index', True, ['a', 'b'], ['x.txt'])


def test_the_no_cache_help_names_the_variable() -> None:
    assert f'{verdict_cache.ENV_OFF}=1' in options.NO_CACHE[1]['help']
