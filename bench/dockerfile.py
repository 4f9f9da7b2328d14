"""Benchmark: dockerfile-requirements on a 200-line Dockerfile.

    python bench/dockerfile.py [--runs 30]

Builds, in a temporary folder, a git repository with one Divio project
(requirements.in, a pinned requirements.txt, a 200-line Dockerfile with
continuations, comment lines, heredocs, Divio tags and several stages) and
times, as whole processes, interleaved, medians of --runs:

* ``python -c pass`` (the interpreter alone),
* ``dockerfile-requirements`` on the working tree and on the index,
* ``requirements-fresh``, fresh case (fingerprinted, untouched), on the
  same project, when it is installed (issue 4: the Dockerfile check should
  be within 1.3x of it).

Bytecode is cached as an installed package has it (PYTHONPYCACHEPREFIX in
the temporary folder), whatever PYTHONDONTWRITEBYTECODE says.

Also prints the in-process cost of reading and judging the Dockerfile.
Needs nothing but this package installed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

BIN = Path(sys.executable).parent
ENV_LINES = (
    'ENV PIP_INDEX_URL=${PIP_INDEX_URL:-https://wheels.aldryn.net/v1/aldryn-extras+pypi/${WHEELS_PLATFORM:-aldryn-baseimage-v3-py3}/+simple/} \\\n'
    '    WHEELSPROXY_URL=${WHEELSPROXY_URL:-https://wheels.aldryn.net/v1/aldryn-extras+pypi/${WHEELS_PLATFORM:-aldryn-baseimage-v3-py3}/}\n'
)


def dockerfile(lines: int = 200) -> str:
    """A pinned Divio Dockerfile of about ``lines`` lines."""
    head = (
        '# syntax=docker/dockerfile:1\n'
        '# <WARNING>\n# Sections like these are generated and replaced at deployment.\n# </WARNING>\n\n'
        '# <DOCKER_FROM>\nFROM divio/base:4.18-py3.11-slim-bookworm AS base\n# </DOCKER_FROM>\n\n'
    )
    block = (
        '# system packages\n'
        'RUN apt-get update && \\\n'
        '    apt-get install -y --no-install-recommends \\\n'
        '        # image tools\n'
        '        libjpeg-dev zlib1g-dev \\\n'
        '        gettext && \\\n'
        '    rm -rf /var/lib/apt/lists/*\n'
        'RUN <<EOF\n'
        'set -e\n'
        'echo "pip-reqs compile is not run here" > /etc/motd\n'
        'EOF\n'
        'ENV DJANGO_SETTINGS_MODULE=settings \\\n'
        '    PYTHONUNBUFFERED=1\n'
        '\n'
    )
    tail = (
        ENV_LINES
        + 'COPY requirements.* /app/\nCOPY addons-dev /app/addons-dev/\n'
        'RUN pip-reqs resolve && \\\n    pip install \\\n        --no-index --no-deps \\\n'
        '        --requirement requirements.urls\n\n'
        '# <SOURCE>\nCOPY . /app\n# </SOURCE>\n\n'
        '# <STATIC>\nRUN DJANGO_MODE=build python manage.py collectstatic --noinput\n# </STATIC>\n'
    )
    body = ''
    while (head + body + tail).count("\n") < lines:
        body += block
    return head + body + tail


def _fresh_project():  # type: ignore[no-untyped-def]
    """bench/fresh.py's project builder (a script, loaded by path), or None."""
    import importlib.util
    path = HERE / 'fresh.py'
    spec = importlib.util.spec_from_file_location('bench_fresh', path)
    if not path.exists() or spec is None or spec.loader is None:
        return None
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.write_project
    except Exception as e:  # noqa: BLE001 - the fallback project will do
        print(f'(bench/fresh.py not usable, a small project instead: {e})')
        return None


def write_project(root: Path) -> str:
    """A Divio project that requirements-fresh calls fresh: the one of
    bench/fresh.py (26 inputs, 57 pins, fingerprinted and untouched: the
    fastest fresh case, so the hardest to keep up with) when it is there,
    else a small one."""
    fresh_project = _fresh_project()
    if fresh_project is not None:
        fresh_project(root, 26, 57, True)
        what = '26 inputs / 57 pins, fingerprinted (bench/fresh.py)'
    else:
        root.mkdir(parents=True, exist_ok=True)
        (root / 'requirements.in').write_text('django>=4.2\n')
        (root / 'requirements.txt').write_text('django==4.2.11\n    # via -r requirements.in\n')
        what = '1 input / 1 pin'
    (root / 'Dockerfile').write_text(dockerfile())
    return what


def git_init(root: Path) -> None:
    subprocess.run(('git', 'init', '-q'), cwd=root, check=True)
    subprocess.run(('git', 'add', '-A'), cwd=root, check=True)
    subprocess.run(('git', '-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'b'), cwd=root, check=True)


def time_all(cases: dict[str, list[str]], cwd: Path, runs: int, pycache: Path) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('GIT_', 'PRE_COMMIT'))}
    # as installed: bytecode cached (in a temporary folder, not the source tree)
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    env['PYTHONPYCACHEPREFIX'] = str(pycache)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for name, cmd in cases.items():  # warm up, and check that it passes
        r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f'{name}: exit {r.returncode}\n{r.stdout}{r.stderr}')
    for _ in range(runs):
        for name, cmd in cases.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) * 1000 for name, ts in times.items()}


def in_process(text: str, runs: int) -> float:
    from hooks.dockerfile.check import check
    from hooks.dockerfile.reader import parse
    times = []
    for _ in range(max(runs, 50)):
        t0 = time.perf_counter()
        check(parse(text, 'Dockerfile'), 'Dockerfile', 'requirements.txt', None)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=30)
    args = parser.parse_args()

    hook = str(BIN / 'dockerfile-requirements')
    fresh = BIN / 'requirements-fresh'
    with tempfile.TemporaryDirectory(prefix='aldryn-pins-bench-') as tmp:
        root = Path(tmp) / 'project'
        what = write_project(root)
        git_init(root)
        text = (root / 'Dockerfile').read_text()
        cases = {
            'python -c pass': [sys.executable, '-c', 'pass'],
            'dockerfile-requirements (worktree)': [hook, '--source', 'worktree'],
            'dockerfile-requirements (index)': [hook, '--source', 'index'],
        }
        if fresh.exists():
            cases['requirements-fresh (worktree)'] = [str(fresh), '--source', 'worktree']
            cases['requirements-fresh (index)'] = [str(fresh), '--source', 'index']
        medians = time_all(cases, root, args.runs, Path(tmp) / 'pycache')
        core = in_process(text, args.runs)

    print(f'project: {what}; Dockerfile: {text.count(chr(10))} lines; {args.runs} runs each, interleaved')
    width = max(map(len, medians))
    print(f'{"command":<{width}}  median ms')
    for name, ms in medians.items():
        print(f'{name:<{width}}  {ms:8.1f}')
    print(f'{"parse + check in process":<{width}}  {core:8.2f}')
    print()

    def ratio(a: str, b: str, target: str) -> None:
        print(f'{a} / {b}: {medians[a] / medians[b]:.2f}  ({target})')

    for kind in ('worktree', 'index'):
        if f'requirements-fresh ({kind})' in medians:
            ratio(f'dockerfile-requirements ({kind})', f'requirements-fresh ({kind})', 'target <= 1.3')
    if not fresh.exists():
        print('requirements-fresh is not installed: compared with the interpreter alone only')
    ratio('dockerfile-requirements (worktree)', 'python -c pass', 'the interpreter alone')
    ratio('dockerfile-requirements (index)', 'dockerfile-requirements (worktree)', 'index snapshot cost')
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
