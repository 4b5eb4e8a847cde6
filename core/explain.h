// A plain-language "why" for each forecast: whose weight decides it, who sits out, and
// whether a veto moved it. Built from the scenario's inputs and a model's result (after
// institutions), so the CLI, the report, the lab and Python all show the same sentences.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/scenario.h"

namespace statecraft {

// One paragraph per issue of `result`, in its issue order. `result` should already have
// passed through apply_institutions(); its per-issue "institution" detail is what says
// whether a veto moved the outcome.
std::vector<std::string> explain(const Scenario& scenario, const ModelResult& result);

// The same, for a run of the linked system (experiments/responses.h): `responses` is the
// solver's diagnostics ("status", "cycle", "per_response": actor, issue, field, driver,
// driver_value, base, shift, value, clamped). Each issue's text then also says which
// responses moved a stance on it, by how much, and whether the system settled. Without
// this argument, explain() reads the diagnostics from result.detail["responses"] if present.
std::vector<std::string> explain(const Scenario& scenario, const ModelResult& result,
                                 const Json& responses);

// The paragraph for one issue (index into scenario.issues and result.issues).
std::string explain_issue(const Scenario& scenario, const ModelResult& result, std::size_t issue,
                          const Json& responses = Json());

// "" when the linked-system solver's diagnostics (experiments/responses.h) say it settled;
// else why not, as a clause: "the linked issues did not settle: the responses cycle with
// period 4 (this forecast is the last run's)" or "... had not settled after 50 runs".
std::string linkage_status(const Json& responses);

// Where a value sits on a scale, in the scale's words: `at "<words>" (<point>)` when within
// 5% of the width of a described point (the ends' low/high words count as points), else
// `between "<a>" (<p>) and "<b>" (<q>)`; on a scale described only at its ends, `towards
// "<end>"` or `between "<low>" and "<high>"`; "" when the scale has no words. With max_chars, each
// description is cut to that many characters (…) for one-line tables.
std::string describe_on_scale(const Scale& scale, double value, std::size_t max_chars = 0);

// One change of an intervention in words, e.g. "sets USA's position on us_russia_relations
// to 65 (stated: 25)". Saliences are given on the files' 0-100 scale.
std::string describe_change(const Scenario& scenario, const Change& change);

// What an intervention does, in words: its description (if any), then every change.
std::string describe_intervention(const Scenario& scenario, const Intervention& intervention);

}  // namespace statecraft
