// The `responses:` section of a scenario (format: docs/scenario-format.md): positions or
// saliences that respond, linearly and within bounds, to another issue's outcome or to
// another actor's position there.
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "core/scenario.h"
#include "io/yaml_reader.h"

namespace statecraft::io {

// Reads every response of `node` into scenario.responses. A response with the same actor,
// issue, field and driver as an earlier one in the same file is an error; one inherited from
// the file a snapshot `extends` is replaced. `declared` receives, per response of the
// scenario, the node that declared it in this file (nullopt if inherited).
void read_responses(YamlReader& reader, const YAML::Node& node, Scenario& scenario,
                    std::vector<std::optional<YAML::Node>>& declared);

// Checks what depends on the whole (merged) scenario: every response's bounds contain the
// responding stance's value and range and lie on the scale, and no cycle runs through
// actor-position drivers alone. Problems are reported at the declaring node, or at `root`
// for a response inherited from an extended file.
void check_responses(YamlReader& reader, const YAML::Node& root, const Scenario& scenario,
                     const std::vector<std::optional<YAML::Node>>& declared);

// Sets the reference of every response whose file did not state one: an actor driver's
// input position, or for an outcome driver the capability x salience weighted mean of the
// driver issue's input positions.
void resolve_default_references(Scenario& scenario);

// Where `actor` holds a stance on `issue` (nullptr if it sits the issue out).
const Stance* find_stance(const Scenario& scenario, std::size_t actor, std::size_t issue);

}  // namespace statecraft::io
