#include "core/scenario.h"

namespace statecraft {

std::optional<std::size_t> Scenario::actor_index(const std::string& key) const {
  for (std::size_t i = 0; i < actors.size(); ++i)
    if (actors[i].id == key) return i;
  return std::nullopt;
}

std::optional<std::size_t> Scenario::issue_index(const std::string& key) const {
  for (std::size_t i = 0; i < issues.size(); ++i)
    if (issues[i].id == key) return i;
  return std::nullopt;
}

const Source* Scenario::source(const std::string& key) const {
  for (const auto& s : sources)
    if (s.key == key) return &s;
  return nullptr;
}

IssueData issue_data(const Scenario& scenario, std::size_t issue) {
  IssueData data;
  const auto& stances = scenario.issues.at(issue).stances;
  data.actors.reserve(stances.size());
  for (const auto& st : stances) {
    data.actors.push_back(st.actor);
    data.position.push_back(st.position.value);
    data.salience.push_back(st.salience.value);
    data.capability.push_back(st.capability ? st.capability->value
                                            : scenario.actors[st.actor].capability.value);
  }
  return data;
}

}  // namespace statecraft
