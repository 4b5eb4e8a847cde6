#!/usr/bin/python3
"""Writes a generated catalogue of wide issue tables (docs/catalogue.md) for timing
`statecraft evaluate` at scale (issue 15: 1,000 issues x 30 actors, every default model):

    bench/wide_generate.py --issues 1000 --actors 30 --cases 10 --out /tmp/wide
    build/statecraft evaluate /tmp/wide -o ''

It writes catalogue.yaml and one wide table per case. Each case is one wide table of issues/cases rows (a multi-issue scenario, as a DEU study
file is). Capability ~ U(1, 10) per actor and case; per issue a status quo, positions and
saliences ~ U(0, 100), and an outcome a year after as_of drawn around the capability x
salience mean plus noise (so the models have something to find). Python random.Random(seed).
"""
import argparse
import os
import random


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--actors", type=int, default=30)
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.issues < args.cases or args.cases < 1 or args.actors < 2:
        parser.error("expected cases >= 1, issues >= cases, actors >= 2")
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    actors = [f"A{k:02d}" for k in range(args.actors)]
    per_case = args.issues // args.cases
    for c in range(args.cases):
        n = per_case + (1 if c < args.issues % args.cases else 0)
        capability = [rng.uniform(1, 10) for _ in actors]
        header = ["issue", "name", "scale_min", "scale_max", "status_quo", "outcome"]
        for a in actors:
            header += [f"pos_{a}", f"sal_{a}"]
        rows = [",".join(header),
                ",".join(["capability", "", "", "", "", ""] +
                         [x for cap in capability for x in (f"{cap:.3f}", "")])]
        for i in range(n):
            pos = [rng.uniform(0, 100) for _ in actors]
            sal = [rng.uniform(1, 100) for _ in actors]
            w = [cap * s for cap, s in zip(capability, sal)]
            mean = sum(p * x for p, x in zip(pos, w)) / sum(w)
            outcome = min(100.0, max(0.0, mean + rng.gauss(0, 15)))
            row = [f"i{c:02d}_{i:04d}", "", "0", "100", f"{rng.uniform(0, 100):.2f}",
                   f"{outcome:.2f}"]
            for p, s in zip(pos, sal):
                row += [f"{p:.2f}", f"{s:.1f}"]
            rows.append(",".join(row))
        meta = [f"# scenario: wide-{c:02d}", f"# title: generated case {c}",
                "# source: bench/wide_generate.py", "# as_of: 2020-01-01",
                "# outcome_date: 2021-01-01"]
        with open(os.path.join(args.out, f"case_{c:02d}.csv"), "w") as f:
            f.write("\n".join(meta + rows) + "\n")
    with open(os.path.join(args.out, "catalogue.yaml"), "w") as f:
        f.write("cases:\n" + "".join(f"  - {{id: wide-{c:02d}, scenario: case_{c:02d}.csv}}\n"
                                      for c in range(args.cases)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
