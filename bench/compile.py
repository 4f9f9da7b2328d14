"""Benchmark requirements-compile (README.md, "Benchmarks").

    python bench/compile.py [--runs 9]

Builds, in a temp folder, a project of 26 requirements / 57 pins against a
local wheel index (testing.wheels; offline) and measures side by side, in
one run, alternating the order, medians of wall-clock times:

* stale project: ``requirements-compile -- ARGS`` vs the bare
  ``pip-compile ARGS`` it runs (same arguments, same cache, same stale
  requirements.txt put back before every run) -> overhead, target < 10%;
* fresh project: ``requirements-compile -- ARGS`` vs ``requirements-fresh``
  -> ratio, target <= 1.2x (it starts no compiler).

Exit status 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

from testing.wheels import isolated_env  # noqa: E402
from testing.wheels import make_index  # noqa: E402

BIN = os.path.dirname(sys.executable)


def universe() -> tuple[dict[str, list[object]], list[str]]:
    """26 top-level packages needing 31 shared ones: 57 pins."""
    shared = [f'libdep-{i:02d}' for i in range(31)]
    packages: dict[str, list[object]] = {d: ['1.0', '1.1', '2.0'] for d in shared}
    needs: dict[str, list[str]] = {}
    for i in range(26):
        deps = [f'{shared[i]}>=1.0', f'{shared[(i * 7 + 3) % 31]}<3']
        if i < 5:
            deps.append(shared[26 + i])
        needs[f'app-{i:02d}'] = deps
    used = {d.split('>')[0].split('<')[0] for deps in needs.values() for d in deps}
    needs['app-00'] += [d for d in shared if d not in used]
    for name, deps in needs.items():
        packages[name] = [(v, deps) for v in ('1.0', '1.2', '1.3')]
    return packages, list(needs)


def run(argv: list[str], cwd: str, env: dict[str, str], ok: tuple[int, ...]) -> float:
    t = time.perf_counter()
    r = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    elapsed = time.perf_counter() - t
    if r.returncode not in ok:
        raise SystemExit(f'{argv[0]} exited {r.returncode}:\n{r.stdout.decode(errors="replace")}')
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=9)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix='aldryn-pins-bench-')
    try:
        env = dict(os.environ)
        for k, v in isolated_env(os.path.join(tmp, 'cache')).items():
            if v is None:
                env.pop(k, None)
            else:
                env[k] = v
        for k in [k for k in env if k.startswith('GIT_')]:
            del env[k]
        packages, top = universe()
        index = make_index(tmp, packages)
        compile_args = ['--no-index', '--find-links', index, '--no-emit-find-links']
        project = os.path.join(tmp, 'project')
        os.makedirs(project)
        subprocess.run(['git', 'init', '-q', project], check=True)
        rc = [os.path.join(BIN, 'requirements-compile')]
        rf = [os.path.join(BIN, 'requirements-fresh')]
        pc = [os.path.join(BIN, 'pip-compile')]

        def write_in(names: list[str]) -> None:
            with open(os.path.join(project, 'requirements.in'), 'w') as f:
                f.write(''.join(f'{n}\n' for n in names))

        # pinned without the last requirement, then the last one added: stale
        write_in(top[:-1])
        run(rc + ['--create', '--', *compile_args], project, env, (1,))
        txt = os.path.join(project, 'requirements.txt')
        with open(txt, 'rb') as f:
            stale_txt = f.read()
        write_in(top)

        def restore() -> None:
            with open(txt, 'wb') as f:
                f.write(stale_txt)

        # warm the caches (pip-tools' dependency cache, the OS's file cache)
        restore()
        run(pc + [*compile_args, '--output-file=requirements.txt', 'requirements.in'], project, env, (0,))
        restore()
        run(rc + ['--', *compile_args], project, env, (1,))

        stale_rc: list[float] = []
        stale_pc: list[float] = []
        stale_rf: list[float] = []  # the check alone, for the breakdown
        python: list[float] = []  # the interpreter alone
        for i in range(args.runs):
            group = [
                (stale_rc, rc + ['--', *compile_args], (1,)),
                (stale_pc, pc + [*compile_args, '--output-file=requirements.txt', 'requirements.in'], (0,)),
                (stale_rf, rf, (1,)),
                (python, [sys.executable, '-c', 'pass'], (0,)),
            ]
            for times, argv, ok in (group if i % 2 == 0 else group[::-1]):
                restore()
                times.append(run(argv, project, env, ok))

        # fresh: stamped by the last requirements-compile run
        restore()
        run(rc + ['--', *compile_args], project, env, (1,))
        with open(txt, 'rb') as f:
            fresh_txt = f.read()
        pins = sum(1 for line in fresh_txt.decode().splitlines() if '==' in line and not line.startswith(('#', ' ')))
        fresh_rc: list[float] = []
        fresh_rf: list[float] = []
        for i in range(args.runs * 2):
            pair = [(fresh_rc, rc + ['--', *compile_args]), (fresh_rf, rf)]
            for times, argv in (pair if i % 2 == 0 else pair[::-1]):
                times.append(run(argv, project, env, (0,)))
        with open(txt, 'rb') as f:
            assert f.read() == fresh_txt, 'a fresh run changed requirements.txt'
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    m_rc, m_pc = statistics.median(stale_rc), statistics.median(stale_pc)
    overhead = m_rc / m_pc - 1
    f_rc, f_rf = statistics.median(fresh_rc), statistics.median(fresh_rf)
    ratio = f_rc / f_rf
    print(f'project: {len(top)} requirements, {pins} pins; {args.runs} runs (stale), {args.runs * 2} runs (fresh); medians')
    print(f'stale:  requirements-compile {m_rc * 1000:7.1f} ms   bare pip-compile {m_pc * 1000:7.1f} ms   overhead {overhead:+.1%}  (target < 10%)')
    print(
        f'        breakdown: interpreter alone {statistics.median(python) * 1000:.1f} ms, '
        f'requirements-fresh on the stale project (the check, with its explanation) {statistics.median(stale_rf) * 1000:.1f} ms',
    )
    print(f'fresh:  requirements-compile {f_rc * 1000:7.1f} ms   requirements-fresh {f_rf * 1000:7.1f} ms   ratio {ratio:.2f}x  (target <= 1.2x)')
    return 0 if overhead < 0.10 and ratio <= 1.2 else 1


if __name__ == '__main__':
    raise SystemExit(main())
