#!/usr/bin/python3
"""Writes a random KTAB SMP CSV like the reference generator (reference/ktab/README.md).

Python random.Random(20240601 + 1000 N + D); per actor capability ~ U(0,100) and, per
dimension, a position ~ U(0,100) and a salience ~ U(0,100)/D, rounded to 2 decimals,
capability and salience at least 0.01. The 1000 x 5 case of docs/benchmarks.md:

    bench/smp_generate.py --actors 1000 --dims 5 > /tmp/random_1000x5.csv
    build/statecraft run -m smp /tmp/random_1000x5.csv --threads 2 --format csv -o ''
"""
import argparse
import random
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=1000)
    parser.add_argument("--dims", type=int, default=5)
    args = parser.parse_args()
    n, d = args.actors, args.dims
    if n < 2 or d < 1:
        parser.error("expected at least 2 actors and 1 dimension")
    rng = random.Random(20240601 + 1000 * n + d)
    two = lambda x: max(0.01, round(x, 2))
    out = [f"Bench,generated,{n},{d}",
           "Actor,Description,Power," + ",".join(f"P{k},S{k}" for k in range(d))]
    for i in range(n):
        row = [f"A{i}", "gen", f"{two(rng.uniform(0, 100)):.2f}"]
        for _ in range(d):
            row.append(f"{round(rng.uniform(0, 100), 2):.2f}")
            row.append(f"{two(rng.uniform(0, 100) / d):.2f}")
        out.append(",".join(row))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
