// Package deals (issue 14 §2): does a what-if leave each actor better or worse off, under
// each model's own utility? Ideal points are the actors' BASELINE input positions and
// saliences; only the forecast outcomes differ between the two sides. The utilities are
// documented in docs/models/linkage.md ("Package deals").
#pragma once

#include <string>

#include "core/result.h"
#include "core/scenario.h"

namespace statecraft {

// Per actor, summed over the issues it holds a stance on; larger is better.
//   compromise, nash:linear, procedural (and any model without its own):
//        -sum_k s_k |x_k - o_k| / width_k
//   nash (quadratic, its default): -sum_k s_k ((x_k - o_k) / width_k)^2
//   bdm: sum_k s_k (2 - 4 (0.5 + 0.5 |x_k - o_k| / R_k)^r_k), R_k the initial
//        position range, r_k the actor's risk exponent in the baseline run's last round
//   smp: (1 - d)(1 + d R) with d = sqrt(sum s_k^2 (x_k - o_k)^2 / sum s_k^2) on [0, 1]
//        coordinates, R = 0 (the verdict is the same for every R in [-1, 1])
//   exchange: -sum_k s_k * 100 |x_k - o_k| / width_k (its gain units: salience x shift
//        on the 0-100 scale it trades on)
// `outcomes` are per scenario issue.
std::vector<double> model_utilities(const Scenario& baseline, const ModelResult& baseline_result,
                                    const std::vector<double>& outcomes);

// {"model", "utility" (in words), "actors": [{"actor", "baseline", "with", "difference",
// "noticeable", "verdict": "better" | "worse" | "indifferent"}]}. A difference no larger
// than `noticeable` — what moving every baseline outcome 0.1% of its scale towards the
// actor's ideal would give it, at least `indifference` — is "indifferent". Both results
// must cover the scenario's issues in order.
Json package_verdicts(const Scenario& baseline, const ModelResult& baseline_result,
                      const ModelResult& with_result, double indifference = 1e-9);

// Adds to each actor of `verdicts` (a package_verdicts() result for the same model) the
// share of paired Monte Carlo draws in which the package leaves it better off
// ("better_share") and worse off ("worse_share") by more than its `noticeable`, with the
// ideals and model parameters of the point baseline; `without[i][run]` and `with[i][run]`
// are the model's outcomes per issue and draw. How sure each verdict is.
void add_draw_shares(Json& verdicts, const Scenario& baseline, const ModelResult& baseline_result,
                     const std::vector<std::vector<double>>& without,
                     const std::vector<std::vector<double>>& with);

// A text block for tables: per model, who is better off, worse off and indifferent, e.g.
// "bdm:scholz   better: USA (+0.031), ROK (+0.004)   worse: RUS (-0.052)". `verdicts` is an
// array of package_verdicts() results.
std::string package_table(const Json& verdicts);

}  // namespace statecraft
