"""How much reading the commit-time snapshot costs, as whole processes.

    python bench/snapshot.py [--runs N]

1. Reading every file of a small Divio project (the example) through
   ``open_snapshot``: working tree, index and a commit (HEAD, as at push
   time), both through git's CLI (hooks.git), and for comparison GitPython
   alone reading the same blobs from HEAD's tree and ``import git`` alone.
2. ``requirements-fresh`` on a fresh 26-input / 57-pin project (the example
   grown to that size, judged by rules 1-4; and bench/fresh.py's
   fingerprinted one when that script is there): ``--source worktree`` vs
   ``--source index`` (commit time) vs ``--source HEAD`` (push time).

Bytecode is cached (in a temp folder), as in an installed hook.
Each variant runs N times, interleaved; medians of wall time and of the
child's CPU time (user+sys) are printed with the ratio to the working tree.
The bound: the index case within 1.3x of the working-tree case.  The
commit kind has no such bound (it runs once per push, not per commit); its
cost is its git processes (rev-parse, ls-tree, cat-file).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / 'examples' / 'divio-project'
BIN = Path(sys.executable).parent

READ_ALL = '''\
import sys
from hooks.sources import open_snapshot  # noqa: E402
with open_snapshot(sys.argv[1], *sys.argv[2:]) as s:
    for f in s.files():
        s.read(f)
'''

GITPYTHON_READ_ALL = '''\
import git
with git.Repo('.') as repo:
    for blob in repo.head.commit.tree.traverse():
        if blob.type == 'blob':
            blob.data_stream.read()
'''


def _git(cwd: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith('GIT_')}
    subprocess.run(('git', *args), cwd=cwd, env=env, check=True, capture_output=True)


def _repo(path: Path) -> Path:
    _git(path, 'init', '-q', '-b', 'main')
    _git(path, 'add', '-A')
    _git(
        path, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com',
        'commit', '-q', '--no-verify', '-m', 'bench',
    )
    return path


def small_project(dest: Path) -> Path:
    shutil.copytree(EXAMPLE, dest)
    return _repo(dest)


def project_26_57(dest: Path) -> Path:
    """The example (8 inputs, 36 pins) plus 18 base requirements and 21
    pins: 26 inputs, 57 pins, fresh."""
    shutil.copytree(EXAMPLE, dest)
    req_in = dest / 'requirements.in'
    req_txt = dest / 'requirements.txt'
    with req_in.open('a') as f:
        for i in range(18):
            f.write(f'bench-package-{i}>=1.0\n')
    with req_txt.open('a') as f:
        for i in range(18):
            f.write(f'bench-package-{i}==1.{i}\n    # via -r requirements.in\n')
        for j in range(3):
            f.write(f'bench-dependency-{j}==2.0\n    # via bench-package-{j}\n')
    return _repo(dest)


def _stamped_26_57(dest: Path) -> Path | None:
    """bench/fresh.py's fingerprinted 26/57 project, when that script is
    there to build it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location('bench_fresh', REPO / 'bench' / 'fresh.py')
    if spec is None or spec.loader is None:
        return None
    sys.path.insert(0, str(REPO))
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.write_project(dest, 26, 57, True)
    except Exception as e:  # someone else's script: measure without it
        print(f'(bench/fresh.py project not built: {e!r})')
        return None
    return _repo(dest)


def _time(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000, proc.returncode


def compare(title: str, cwd: Path, variants: dict[str, list[str]], runs: int) -> None:
    walls: dict[str, list[float]] = {name: [] for name in variants}
    cpus: dict[str, list[float]] = {name: [] for name in variants}
    codes: dict[str, set[int]] = {name: set() for name in variants}
    for cmd in variants.values():  # warm the page cache
        _time(cmd, cwd)
    for _ in range(runs):
        for name, cmd in variants.items():
            wall, cpu, code = _time(cmd, cwd)
            walls[name].append(wall)
            cpus[name].append(cpu)
            codes[name].add(code)
    base_wall = statistics.median(walls['worktree'])
    base_cpu = statistics.median(cpus['worktree'])
    print(f'\n{title} ({runs} runs, medians)')
    print(f'  {"variant":<12} {"wall ms":>8} {"ratio":>6} {"cpu ms":>8} {"ratio":>6}  exit')
    for name in variants:
        wall = statistics.median(walls[name])
        cpu = statistics.median(cpus[name])
        print(
            f'  {name:<12} {wall:8.1f} {wall / base_wall:6.2f} '
            f'{cpu:8.1f} {cpu / base_cpu:6.2f}  {sorted(codes[name])}',
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=40)
    args = parser.parse_args()
    python = sys.executable
    env_clean = {k: v for k, v in os.environ.items() if not k.startswith(('GIT_', 'PRE_COMMIT'))}
    os.environ.clear()
    os.environ.update(env_clean)
    os.environ['PYTHONPATH'] = str(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        # as installed by pre-commit: with bytecode (this machine sets
        # PYTHONDONTWRITEBYTECODE, which would time the compiler)
        os.environ.pop('PYTHONDONTWRITEBYTECODE', None)
        os.environ['PYTHONPYCACHEPREFIX'] = os.path.join(tmp, 'pycache')
        small = small_project(Path(tmp) / 'small')
        # the worst case: no working-tree file is the staged blob, every
        # read goes to git cat-file
        dirty = small_project(Path(tmp) / 'dirty')
        for f in dirty.rglob('*'):
            if f.is_file() and '.git' not in f.parts:
                f.write_bytes(f.read_bytes() + b'\n')
        compare('reading every file of the example project', small, {
            'worktree': [python, '-c', READ_ALL, 'worktree'],
            'index': [python, '-c', READ_ALL, 'index'],
            'HEAD': [python, '-c', READ_ALL, 'HEAD'],
            'index-dirty': [python, '-c', READ_ALL, 'index', str(dirty)],
            'gitpython': [python, '-c', GITPYTHON_READ_ALL],
            'import git': [python, '-c', 'import git'],
            'python': [python, '-c', 'pass'],
        }, args.runs)
        fresh = BIN / 'requirements-fresh'
        if fresh.exists():
            big = project_26_57(Path(tmp) / 'p26')
            compare('requirements-fresh, fresh 26-input/57-pin project', big, {
                'worktree': [str(fresh), '--source', 'worktree'],
                'index': [str(fresh), '--source', 'index'],
                'HEAD': [str(fresh), '--source', 'HEAD'],
            }, args.runs)
            stamped = _stamped_26_57(Path(tmp) / 'stamped')
            if stamped is not None:
                compare('requirements-fresh, bench/fresh.py 26/57 project, fingerprinted', stamped, {
                    'worktree': [str(fresh), '--source', 'worktree'],
                    'index': [str(fresh), '--source', 'index'],
                    'HEAD': [str(fresh), '--source', 'HEAD'],
                }, args.runs)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
