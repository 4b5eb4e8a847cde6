#!/usr/bin/python3
"""Writes a random conflict as a gmcr-py save file (the format of data/reference/gmcr/bench/).

Each decision maker controls the same number of options, no state is infeasible and every
decision maker ranks all 2^(dms x options) states in a random strict order (gmcr-py's manual
preference ranking, states numbered 1..N in ascending code order). The default, 5 decision
makers x 4 options, is the 2^20-state (1,048,576) conflict of docs/benchmarks.md:

    bench/gmcr_generate.py --dms 5 --options 4 --seed 1 > /tmp/dm5_opt4.gmcr
    build/statecraft conflict /tmp/dm5_opt4.gmcr --semantics gmcr-py \
        --concept Nash --concept GMR --concept SMR --concept SEQ
"""
import argparse
import json
import random
import sys


def conflict(dms: int, options: int, seed: int) -> dict:
    rng = random.Random(seed)
    count = 2 ** (dms * options)
    decision_makers = []
    for d in range(dms):
        ranking = list(range(1, count + 1))
        rng.shuffle(ranking)
        decision_makers.append({
            "name": f"DM{d + 1}",
            "options": list(range(d * options, (d + 1) * options)),
            "preferences": [],
            "preferenceRanking": ranking,
        })
    return {
        "decisionMakers": decision_makers,
        "options": [{"name": f"D{d + 1}O{k + 1}", "permittedDirection": "both"}
                    for d in range(dms) for k in range(options)],
        "infeasibles": [],
        "useManualPreferenceRanking": True,
        "program": "gmcr-py",
        "version": "0.4.1",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dms", type=int, default=5)
    parser.add_argument("--options", type=int, default=4, help="options per decision maker")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.dms < 1 or args.options < 1 or args.dms * args.options > 24:
        parser.error("expected at least one decision maker and option, and at most 24 options")
    json.dump(conflict(args.dms, args.options, args.seed), sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
