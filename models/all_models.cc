// Every model of this build, in the order `statecraft models` lists them.
// A new model is one folder under models/ and one line here; conflict models (the second
// kind, core/conflict_model.h) are listed after the issue models.
#include "core/registry.h"
#include "models/bdm/model.h"
#include "models/compromise/model.h"
#include "models/exchange/model.h"
#include "models/gmcr/model.h"
#include "models/nash/model.h"
#include "models/procedural/model.h"
#include "models/smp/model.h"

namespace statecraft {

const Registry& registry() {
  static const Registry instance = [] {
    Registry r;
    r.add(make_compromise_model());
    r.add(make_bdm_model());
    r.add(make_smp_model());
    r.add(make_exchange_model());
    r.add(make_nash_model());
    r.add(make_procedural_model());
    r.add(gmcr::make_gmcr_model());
    return r;
  }();
  return instance;
}

}  // namespace statecraft
