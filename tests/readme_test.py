from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def hook_ids() -> list[str]:
    text = (REPO / '.pre-commit-hooks.yaml').read_text()
    return re.findall(r'^-\s+id:\s*(\S+)', text, re.MULTILINE)


def test_there_are_three_hooks() -> None:
    assert hook_ids() == ['requirements-fresh', 'requirements-compile', 'dockerfile-requirements']


def test_every_hook_id_is_documented() -> None:
    readme = (REPO / 'README.md').read_text()
    for hook_id in hook_ids():
        assert f'| `{hook_id}` |' in readme, f'{hook_id} missing from the hooks table'
        assert f'## `{hook_id}`' in readme, f'{hook_id} has no section'


def test_every_hook_is_a_console_script() -> None:
    pyproject = (REPO / 'pyproject.toml').read_text()
    for hook_id in hook_ids():
        module = hook_id.replace('-', '_')
        assert f'{hook_id} = "hooks.{module}:main"' in pyproject


def test_readme_gives_the_two_commands() -> None:
    readme = (REPO / 'README.md').read_text()
    assert 'pip install -r requirements/dev.txt && pip install --no-deps --no-build-isolation . && pytest' in readme
    assert 'pip install . && requirements-fresh --project examples/divio-project' in readme


def test_the_reliability_counts_are_the_corpus() -> None:
    from testing.corpus import CASES
    from testing.corpus import HOOKS

    readme = (REPO / 'README.md').read_text()
    bad = [c for c in CASES if any(rc == 2 for rc, _ in c.expect.values())]
    valid = [c for c in CASES if not c.expect]
    per_hook = ', '.join(f'{h} {sum(c.expect.get(h, (0, None))[0] == 2 for c in CASES)}' for h in HOOKS)
    assert f'| {len(bad)} cases × 3 hooks | exit 2 and the exact `path:line: message` from each hook that reads the file ({per_hook})' in readme
    assert f'| {len(valid)} cases × 3 hooks | exit 0, nothing printed |' in readme


def test_the_first_command_passes_on_this_repository(monkeypatch: object, capsys: object) -> None:
    """The README's first command, as a new user runs it: in this
    repository, whose own pyproject.toml and files must not be taken for
    the example project's."""
    from hooks import dockerfile_requirements
    from hooks import requirements_fresh

    monkeypatch.chdir(REPO)  # type: ignore[attr-defined]
    for var in ('PRE_COMMIT_TO_REF', 'PRE_COMMIT_FROM_REF', 'GIT_INDEX_FILE'):
        monkeypatch.delenv(var, raising=False)  # type: ignore[attr-defined]
    args = ['--project', 'examples/divio-project', '--source', 'worktree', '--no-cache']
    assert requirements_fresh.main(args) == 0
    assert dockerfile_requirements.main(args[:4]) == 0
    assert capsys.readouterr().out == ''  # type: ignore[attr-defined]


def test_the_code_cites_sections_that_exist() -> None:
    """The rules the code cites live in README.md (no file outside the
    repository: DESIGN.md is the product team's, not the package's)."""
    headings = {
        line.lstrip('#').strip().strip('`')
        for line in (REPO / 'README.md').read_text().splitlines() if line.startswith('#')
    }
    cited = set()
    for path in sorted(p for folder in ('hooks', 'bench', 'testing') for p in (REPO / folder).rglob('*.py')):
        text = path.read_text()
        assert 'DESIGN.md' not in text, f'{path.relative_to(REPO)} cites DESIGN.md, which is not in the repository'
        cited.update((path.relative_to(REPO), ' '.join(m.split()).strip('`')) for m in re.findall(r'README\.md,\s+"([^"]+)"', text))
    assert cited
    missing = sorted(f'{path}: {section}' for path, section in cited if section not in headings)
    assert missing == []


def _section(readme: str, heading: str) -> str:
    start = readme.index(f'\n{heading}\n')
    end = readme.find('\n#', start + len(heading) + 2)
    return readme[start:end]


def test_every_rev_is_a_commit_sha_or_a_tag_that_exists() -> None:
    """Issue 19.8: ``rev: v0.1.0`` did not exist (``pathspec 'v0.1.0' did
    not match``).  Every ``rev:`` README gives (and every ``@REV`` of a pip
    install from git) is a full commit sha, which ``pre-commit autoupdate
    --freeze`` writes, or a tag of this repository."""
    import subprocess

    readme = (REPO / 'README.md').read_text()
    revs = re.findall(r'^\s*rev:\s*(\S+)', readme, re.MULTILINE)
    revs += re.findall(r'git\+https://github\.com/divio/aldryn-pins@(\S+)', readme)
    assert revs
    proc = subprocess.run(('git', 'tag', '--list'), cwd=REPO, capture_output=True, text=True)
    tags = set(proc.stdout.split()) if proc.returncode == 0 else set()
    wrong = [rev for rev in revs if not re.fullmatch(r'[0-9a-f]{40}', rev) and rev not in tags]
    assert wrong == []


def _documented_options() -> set[tuple[str, str]]:
    """(hook, option) of every row of README's Options table: ``--flag``,
    ``OUTPUT...`` or ``-- ARGS``; ``all`` is the three hooks."""
    table = _section((REPO / 'README.md').read_text(), '## Options')
    rows = [line for line in table.splitlines() if line.startswith('| ') and not line.startswith(('| option', '|---'))]
    assert rows
    documented = set()
    for row in rows:
        option, hooks = (cell.strip() for cell in re.split(r'(?<!\\)\|', row)[1:3])
        name = option.strip('`').split()[0].split('=')[0]
        names = hook_ids() if hooks == 'all' else [h.strip() for h in hooks.split(',')]
        assert set(names) <= set(hook_ids()), row
        documented.update((hook, name) for hook in names)
    return documented


def _parser_options() -> set[tuple[str, str]]:
    """(hook, option) of every option each hook's parser takes (the
    positional OUTPUT as ``OUTPUT...``; requirements-compile's ``-- ARGS``,
    which it splits off before parsing)."""
    import importlib

    found = set()
    for hook in hook_ids():
        parser = importlib.import_module(f'hooks.{hook.replace("-", "_")}').PARSER
        for flags, kwargs in parser.options:
            if kwargs.get('help') == '==SUPPRESS==':
                continue  # pre-commit's filenames, never documented
            if flags[0].startswith('-'):
                found.update((hook, f) for f in flags if f.startswith('--'))
            else:
                found.add((hook, f'{kwargs.get("metavar", flags[0])}...'))
    found.add(('requirements-compile', '--'))
    return found


def test_the_options_table_is_every_option_of_every_hook() -> None:
    """Issue 19.8: the Options table names every option of every hook's
    parser, for the hooks that take it, and nothing they do not take."""
    documented = _documented_options()
    actual = _parser_options()
    assert sorted(actual - documented) == []  # missing from the table
    assert sorted(documented - actual) == []  # stale in the table


def test_no_stale_project_default() -> None:
    # --project of requirements-fresh and -compile narrows the compiled
    # files; "every folder with a requirements.in" was their old default
    readme = (REPO / 'README.md').read_text()
    assert 'default: every folder with a requirements.in' not in readme.replace('`', '')
    table = _section(readme, '## Options')
    (row,) = [line for line in table.splitlines() if line.startswith('| `--project DIR` | requirements-fresh')]
    assert 'requirements.in' not in row
