#pragma once

#include <memory>

#include "core/registry.h"

namespace statecraft {

// Bueno de Mesquita's expected-utility model (Scholz et al. 2011), per issue.
std::unique_ptr<Model> make_bdm_model();

}  // namespace statecraft
