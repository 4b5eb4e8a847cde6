// Institutional rules applied to model outcomes. A Security-Council-style veto: the
// outcome of a bound issue must be a point every veto holder weakly prefers to the status
// quo (its distance to the holder's position is at most the status quo's); a forecast
// outside that set is moved to the nearest point inside it, and the result records who
// blocked the move and why.
#pragma once

#include "core/result.h"
#include "core/scenario.h"

namespace statecraft {

// Adjusts each bound issue's outcome in `result` and adds an "institution" entry to its
// detail: the unconstrained outcome, the rule, the acceptable interval and who blocked.
void apply_institutions(const Scenario& scenario, ModelResult& result);

// The interval of outcomes every veto holder of `institution` accepts on `issue`, given
// the status quo: the intersection of [x_v - r_v, x_v + r_v], r_v = |x_v - status quo|.
struct VetoWinSet {
  double low = 0, high = 0;
};
VetoWinSet veto_win_set(const Scenario& scenario, std::size_t issue, const Institution& institution,
                        double status_quo);

}  // namespace statecraft
