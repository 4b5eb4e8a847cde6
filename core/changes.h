// Changes to a scenario — an intervention's, a policy-lab edit, a Monte Carlo draw — are
// validated against the scenario they apply to and then applied, one rule for all:
//  - `set` must lie in the field's domain: a position on the scale, a salience in
//    [0, 1] (0-100 in files), a capability > 0 and finite; otherwise a located problem.
//  - `shift` must be finite; the result saturates at the scale's ends (salience at 0 and 1),
//    because under Monte Carlo draws the value it shifts varies. A capability shift must
//    leave the declared value, and the low end of its range, positive.
// Nothing is ever clamped silently on the way in: out-of-domain input is an error.
#pragma once

#include <string>
#include <vector>

#include "core/errors.h"
#include "core/scenario.h"

namespace statecraft {

// Every problem of `change` against `scenario`, located at `where` (its field suffixed
// with ".value", ".issue", ...). Empty = valid.
std::vector<Problem> validate_change(const Change& change, const Scenario& scenario,
                                     const Location& where);

// Applies valid changes in order (shift results saturate as stated above).
void apply_changes(const std::vector<Change>& changes, Scenario& scenario);

// The intervention with this id; OptionError listing the scenario's ids otherwise.
const Intervention& find_intervention(const Scenario& scenario, const std::string& id);

// Validates (OptionError listing every problem) and applies an intervention at round 0.
void apply_intervention(const Intervention& intervention, Scenario& scenario);

}  // namespace statecraft
