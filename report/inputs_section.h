// The brief's opening: title page, the inputs with their citations, and the bibliography.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "report/palette.h"

namespace statecraft::report {

// Numbers the scenario's sources in file order and renders citation marks that link to
// the bibliography entry.
class Citations {
 public:
  explicit Citations(const Json& sources);   // inputs.sources (may be null)
  std::string cite(const Json& keys) const;  // "[1, 3]" with links; "" when none
  std::string bibliography() const;

 private:
  Json sources_;  // an array (empty when the result has none)
  std::map<std::string, int> number_;
};

std::string title_page(const Json& run, const std::vector<std::string>& contents);
// Actors and, per issue, the scale in words, status quo and every actor's stance.
std::string inputs_section(const Json& run, const Citations& cite, const Palette& palette);
// The interventions the scenario defines, in words.
std::string interventions_section(const Json& run, const Citations& cite);

// The scenario's actor ids in order (from the inputs, or else from the runs).
std::vector<std::string> actor_ids(const Json& run);

}  // namespace statecraft::report
