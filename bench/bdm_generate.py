#!/usr/bin/python3
"""Writes a random BDM actor CSV (the Scholz replication's format: Actor,Capability,Position,
Salience) for timing the expected-utility model at scale:

    bench/bdm_generate.py --actors 1000 > /tmp/bdm_1000.csv
    build/statecraft run -m bdm /tmp/bdm_1000.csv --threads 1 --format csv -o ''

Capability ~ U(0.01, 1), salience ~ U(0.01, 1), position ~ U(0, 100), four decimals;
Python random.Random(seed).
"""
import argparse
import random
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.actors < 1:
        parser.error("expected at least one actor")
    rng = random.Random(args.seed)
    lines = ["Actor,Capability,Position,Salience"]
    for i in range(args.actors):
        lines.append(f"A{i},{rng.uniform(0.01, 1):.4f},{rng.uniform(0, 100):.4f},"
                     f"{rng.uniform(0.01, 1):.4f}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
